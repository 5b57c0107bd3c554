# A second Ctrl-C while spyglass is ending (detaching a flood of events)
# makes it leave at once: exit status 0, no hang, no sanitizer report. Whether
# END still ran depends on when the second signal lands, so it is not checked.
$WORKLOAD getpid 100000000 &
w=$!
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 'tracepoint:raw_syscalls:sys_enter {
	@m[tid, args.id] = count(); printf("x\n"); } END { printf("end\n"); }' > out 2> err &
s=$!
i=0
while ! grep -q __SPYGLASS_ATTACHED out 2>/dev/null && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
sleep 0.5
kill -INT $s; kill -INT $s
( sleep 10; kill -KILL $s 2>/dev/null ) &
dog=$!
wait $s
echo "status $?"
kill $dog $w 2>/dev/null
wait $w 2>/dev/null || true
