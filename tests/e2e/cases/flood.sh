# A syscall flood with printf on every raw_syscalls:sys_enter event for 3 s:
# every event is either printed or counted in "Lost N events" (printed +
# lost == the BPF-side count @n; "Lost N events" is on stderr), RSS stays
# bounded, SIGINT ends it (the time it took goes to stderr: ~60 ms here).
# The plain build: ASan's quarantine would dominate RSS.
. "$CASES/common.inc"
SG=${SPYGLASS%-san}
[ -x "$SG" ] || SG=$SPYGLASS
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SG -q -e 'tracepoint:raw_syscalls:sys_enter {
	@n = count(); printf("F %d\n", args.id); }' > out 2> err &
s=$!
wait_attached out
$WORKLOAD getpid 100000000 &
w=$!
max=0
for t in 1 2 3 4 5 6; do
	sleep 0.5
	rss=$(awk '/^VmRSS/ { print $2 }' /proc/$s/status)
	[ "${rss:-0}" -gt $max ] && max=$rss
done
t0=$(date +%s%N)
kill -INT $s
# Bounded: a spyglass that does not end within 10 s is killed and reported.
( sleep 10; kill -KILL $s 2>/dev/null ) &
dog=$!
wait $s
echo "status $?"
t1=$(date +%s%N)
kill $dog $w 2>/dev/null
wait $w 2>/dev/null
echo "SIGINT to exit: $(( (t1 - t0) / 1000000 )) ms, max RSS ${max} kB" >&2
[ $max -lt 102400 ] && echo "rss bounded"
printed=$(grep -c '^F ' out)
lost=$(cat out err | sed -n 's/^Lost \([0-9]*\) events$/\1/p')
n=$(sed -n 's/^@n: //p' out)
echo "printed $printed lost ${lost:-0} count $n" >&2
[ "$n" -gt 0 ] && [ $((printed + ${lost:-0})) -eq "$n" ] && echo "every event printed or counted lost"
