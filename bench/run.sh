#!/bin/sh
# `make bench`: spyglass vs bpftrace, rewrites docs/PERFORMANCE.md.
# Builds the bench-only helpers into build/bench/, then runs bench/bench.py
# under a hard time limit. Extra arguments go to bench.py (e.g. --only startup).
set -e
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "bench: must run as root (it loads eBPF programs)" >&2
	exit 1
fi
for t in build/spyglass build/workload; do
	[ -x "$t" ] || { echo "bench: $t missing: run make" >&2; exit 1; }
done
for t in bpftrace bpftool python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: $t not installed (make bench-deps)" >&2; exit 1; }
done
mkdir -p build/bench
# A copy of the test workload under a comm nothing else uses, so scripts can
# filter on it while other things run on the machine.
cp build/workload build/bench/sgbench_wl
${CC:-cc} -O2 -Wall -Wextra -Werror -o build/bench/sgbench_gen bench/gen.c
${CC:-cc} -O2 -Wall -Wextra -Werror -o build/bench/spawn bench/spawn.c
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
# bench.py bounds every wait itself; this is the backstop (SIGTERM lets it
# restore kernel.bpf_stats_enabled and stop its children, KILL 30 s later).
# nice -10 (inherited by both tracers and the workloads alike) keeps builds and
# tests running elsewhere on the machine from adding scheduling delays to the
# few-millisecond figures.
# One bench at a time: two at once would share the comm filters and the CPUs.
exec flock -w 900 -E 75 build/bench/.lock nice -n -10 timeout -k 30 900 python3 bench/bench.py "$@"
