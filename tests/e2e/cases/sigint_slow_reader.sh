# Ctrl-C ends a flood within 1 s when the output is slower than the events
# (a terminal, a slow pipe): the ring buffer is read in bounded batches, so
# the signal is seen between two, and what is still queued after it gets
# ~200 ms to be printed, the rest being counted lost. Every event is still
# printed or counted (printed + lost == the BPF-side count). The reader
# here takes ~16 000 lines a second. The time goes to stderr.
. "$CASES/common.inc"
SG=${SPYGLASS%-san}
[ -x "$SG" ] || SG=$SPYGLASS
mkfifo fifo
awk '/^F / { n++; if (n % 200 == 0) system("sleep 0.01"); next } { print } END { print "printed " n + 0 }' \
	< fifo > summary &
r=$!
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SG -q -e 'tracepoint:raw_syscalls:sys_enter {
	@n = count(); printf("F %d %d\n", tid, args.id); }' > fifo 2> err &
s=$!
wait_attached summary
$WORKLOAD getpid 1000000000 &
w=$!
sleep 2
t0=$(date +%s%N)
kill -INT $s
( sleep 20; kill -KILL $s 2>/dev/null ) &
dog=$!
wait $s
echo "status $?"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
kill $dog $w 2>/dev/null
wait $r
printed=$(sed -n 's/^printed //p' summary)
lost=$(sed -n 's/^Lost \([0-9]*\) events$/\1/p' err)
n=$(sed -n 's/^@n: //p' summary)
echo "slow reader: $n events, $printed printed, ${lost:-0} lost, SIGINT to exit $ms ms" >&2
[ $ms -lt 1000 ] && echo "SIGINT ended it within 1 s"
[ "${n:-0}" -gt 0 ] && [ $((printed + ${lost:-0})) -eq "$n" ] && echo "every event printed or counted lost"
