# The signal cases of sigint.sh, sigterm.sh and sigint_twice.sh with JSON
# output: SIGINT and SIGTERM run END, print the maps as JSON and exit 0; a
# second SIGINT while ending leaves at once, exit 0, and what was written is
# still whole JSON lines.
. "$CASES/common.inc"
for sig in INT TERM; do
	SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -f json -e 'BEGIN { @started = 1; }
		interval:ms:10 { @ticks = 1; } END { printf("end\n"); }' > out &
	s=$!
	wait_attached out
	sleep 0.1
	kill -$sig $s
	wait $s
	echo "$sig: status $?"
	grep -v __SPYGLASS_ATTACHED out | sort
done
$WORKLOAD getpid 100000000 &
w=$!
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -f json -e 'tracepoint:raw_syscalls:sys_enter {
	@m[tid, args.id] = count(); printf("x\n"); } END { printf("end\n"); }' > out 2> err &
s=$!
wait_attached out
sleep 0.5
kill -INT $s; kill -INT $s
( sleep 10; kill -KILL $s 2>/dev/null ) &
dog=$!
wait $s
echo "twice: status $?"
kill $dog $w 2>/dev/null
wait $w 2>/dev/null
# Every line is a JSON object (the marker aside): nothing cut in the middle.
echo "lines that are not JSON: $(grep -v __SPYGLASS_ATTACHED out | grep -cv '^{"type": ".*}$')"
