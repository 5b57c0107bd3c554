#!/bin/sh
# Runs every unit-test binary (ASan+UBSan builds) and the end-to-end suite,
# then prints the one closing line "N passed, N failed[, N skipped]".
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0 skip=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "$BUILD"/san/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep '^RESULT ' | tail -1)
	if [ -z "$line" ]; then
		printf '%s\n' "$out"
		echo "FAIL $t: crashed (exit $rc)"
		fail=$((fail + 1))
		continue
	fi
	p=$(echo "$line" | sed 's/.*passed=\([0-9]*\).*/\1/')
	f=$(echo "$line" | sed 's/.*failed=\([0-9]*\).*/\1/')
	[ "$f" -gt 0 ] || [ $rc -ne 0 ] && printf '%s\n' "$out"
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	echo "unit $(basename "$t"): $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
done
# tee -a: appending, so a log that stderr is redirected to is not truncated
e2e=$(sh tests/e2e/run.sh "$BUILD" | tee -a /dev/stderr | tail -1)
case "$e2e" in
*passed*)
	p=$(echo "$e2e" | sed 's/.*e2e: \([0-9]*\) passed.*/\1/')
	f=$(echo "$e2e" | sed 's/.* \([0-9]*\) failed.*/\1/')
	s=$(echo "$e2e" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + ${s:-0}))
	;;
*) echo "FAIL e2e suite did not report"; fail=$((fail + 1)) ;;
esac
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
