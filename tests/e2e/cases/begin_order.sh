# BEGIN runs before the other probes are attached (bpftrace's order): what
# it sets precedes every event, and an interval's first tick comes a whole
# period after it.
$SPYGLASS -q -e 'BEGIN { @start = nsecs; } interval:ms:200 {
	printf("first tick after a whole period: %d\n", nsecs - @start >= 200000000); clear(@start); exit(); }'
$SPYGLASS -q -e 'BEGIN { printf("begin\n"); } tracepoint:sched:sched_switch { printf("switch\n"); exit(); }' | head -1
# exit() in BEGIN: no event of the other probes is printed.
$SPYGLASS -q -e 'BEGIN { printf("begin, then exit\n"); exit(); } tracepoint:sched:sched_switch { printf("switch\n"); }'
# A program of BEGIN/END probes only ends after BEGIN (newest bpftrace).
timeout 10 $SPYGLASS -q -e 'BEGIN { printf("only BEGIN\n"); @n = 1; } END { printf("END runs\n"); }'
echo "exit $?"
