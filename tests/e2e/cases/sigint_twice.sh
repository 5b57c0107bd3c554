# A second Ctrl-C while spyglass is ending (detaching a flood of events)
# makes it leave at once: exit status 0, no hang, no sanitizer report. Whether
# END still ran depends on when the second signal lands, so it is not checked.
. "$CASES/common.inc"
$WORKLOAD getpid 100000000 &
w=$!
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 'tracepoint:raw_syscalls:sys_enter {
	@m[tid, args.id] = count(); printf("x\n"); } END { printf("end\n"); }' > out 2> err &
s=$!
wait_attached out
sleep 0.5
kill -INT $s; kill -INT $s
( sleep 10; kill -KILL $s 2>/dev/null ) &
dog=$!
wait $s
echo "status $?"
kill $dog $w 2>/dev/null
wait $w 2>/dev/null || true
