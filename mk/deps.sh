#!/bin/sh
# Installs the Debian packages spyglass needs to build and test.
# Called by `make deps`, and automatically by `make`/`make test` when a check fails.
set -e
PKGS="libbpf-dev libelf-dev zlib1g-dev pkg-config bpftool make gcc jq systemtap-sdt-dev libc6-dbg"
[ "$1" = "--bench" ] && PKGS="$PKGS bpftrace hyperfine"
# libFuzzer (make fuzz): clang and its runtime libraries.
[ "$1" = "--fuzz" ] && PKGS="$PKGS clang-14 libclang-rt-14-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "spyglass: missing Debian packages:$missing" >&2
	echo "spyglass: run as root: apt-get install$missing" >&2
	exit 1
fi
echo "spyglass: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq $missing >/dev/null
