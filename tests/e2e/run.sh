#!/bin/sh
# End-to-end tests against the running kernel.
# Each case tests/e2e/cases/NAME.sh is run by sh with $SPYGLASS (the ASan build)
# and $WORKLOAD set; its stdout must equal NAME.out exactly, its exit status
# must equal the number in NAME.rc (default 0), and if NAME.err exists, stderr
# must equal it too. A case may print "SKIP: reason" on fd 3 and exit 77.
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export SPYGLASS="$ROOT/$BUILD/spyglass-san"
export WORKLOAD="$ROOT/$BUILD/workload"
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export CASES="$ROOT/tests/e2e/cases"
only=$2
pass=0 fail=0 skip=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in "$CASES"/*.sh; do
	name=$(basename "$c" .sh)
	[ -n "$only" ] && [ "$name" != "$only" ] && continue
	want_rc=0
	[ -f "$CASES/$name.rc" ] && want_rc=$(cat "$CASES/$name.rc")
	# Each case runs in its own empty directory (cases create files there).
	rm -rf "$tmp/cwd" && mkdir "$tmp/cwd"
	(cd "$tmp/cwd" && timeout 60 sh "$c" >"$tmp/out" 2>"$tmp/err" 3>"$tmp/skip")
	rc=$?
	if [ $rc -eq 77 ]; then
		echo "SKIP $name: $(cat "$tmp/skip")"
		skip=$((skip + 1))
		continue
	fi
	ok=1
	if ! cmp -s "$tmp/out" "$CASES/$name.out"; then
		ok=0
		echo "FAIL $name: stdout differs"
		diff "$CASES/$name.out" "$tmp/out" | head -40
	fi
	if [ -f "$CASES/$name.err" ] && ! cmp -s "$tmp/err" "$CASES/$name.err"; then
		ok=0
		echo "FAIL $name: stderr differs"
		diff "$CASES/$name.err" "$tmp/err" | head -40
	fi
	if [ "$rc" != "$want_rc" ]; then
		ok=0
		echo "FAIL $name: exit $rc, expected $want_rc"
	fi
	if grep -q -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' -e 'runtime error:' "$tmp/err"; then
		ok=0
		echo "FAIL $name: sanitizer report"
	fi
	if [ $ok -eq 1 ]; then
		pass=$((pass + 1))
	else
		echo "--- stderr of $name ---"; head -30 "$tmp/err"
		fail=$((fail + 1))
	fi
done
if [ $skip -gt 0 ]; then
	echo "e2e: $pass passed, $fail failed, $skip skipped"
else
	echo "e2e: $pass passed, $fail failed"
fi
