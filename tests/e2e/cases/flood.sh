# The flood: every syscall tracepoint (syscalls:sys_enter_* and
# sys_exit_*, ~700 attach points) with printf on each, under a getpid
# flood, for 10 s; a text and a JSON run side by side. Checked for each:
#  - every event the BPF side saw (the count map) was printed or counted
#    lost, exactly, and the loss was reported once ("Lost N events" on
#    stderr; one {"type": "lost_events"} record in JSON). Both are stopped
#    for 0.5 s mid-flood so that the ring buffers overflow and the lost
#    path is always taken;
#  - RSS stays bounded (sampled every 0.5 s; measured ~5 MB);
#  - SIGINT ends it within 1 s (spyglass's own exit; measured 150-350 ms),
#    exit status 0;
#  - afterwards nothing of ours remains (cleanup_lib.inc: programs, maps,
#    the reaper that closes the tracepoint perf events in the background,
#    tracefs), with a bounded wait. Side by side, the ~700 perf events are
#    torn down once (~16 s here: the kernel waits for an RCU grace period
#    per tracepoint, under a global mutex), not twice.
# Measured numbers go to stderr. The plain build: ASan's quarantine would
# dominate RSS and the consumer's speed.
. "$CASES/cleanup_lib.inc"
WAIT_STEPS=600 # the reaper needs ~16 s: allow 30 s
PROG="tracepoint:syscalls:sys_enter_*, tracepoint:syscalls:sys_exit_* {
	$M = count(); printf(\"F %s %d\\n\", probe, tid); }"

# The consumers: count printed events, pass everything else on.
count_text() { awk '/^F / { n++; next } { print; fflush() } END { print "printed " n + 0 }'; }
count_json() {
	awk '/^\{"type": "printf"/ { n++; next } { print; fflush() } END { print "printed " n + 0 }'
}

# start FORMAT: spyglass writing FORMAT into its consumer (through a FIFO,
# so that $! is spyglass).
start() {
	rm -f fifo-$1 && mkfifo fifo-$1
	count_$1 < fifo-$1 > summary-$1 &
	SG_CLEANUP_TAG=$$-flood-$1 SPYGLASS_NOTIFY_PROBES_ATTACHED=1 \
		$SG -q -f $1 -e "$PROG" > fifo-$1 2> err-$1 &
}

# sample_rss "PIDS" SECONDS: the largest VmRSS (kB) of any, every 0.5 s.
sample_rss() {
	max=0 k=0
	while [ $k -lt $(($2 * 2)) ]; do
		sleep 0.5
		for p in $1; do
			rss=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status 2>/dev/null)
			[ "${rss:-0}" -gt $max ] && max=$rss
		done
		k=$((k + 1))
	done
	echo $max
}

# report FORMAT STATUS MAXRSS MS
report() {
	printed=$(sed -n 's/^printed //p' summary-$1)
	if [ $1 = text ]; then
		n=$(sed -n "s/^$M: //p" summary-$1)
		nlost=$(grep -c '^Lost [0-9]* events$' err-$1)
		lost=$(sed -n 's/^Lost \([0-9]*\) events$/\1/p' err-$1)
	else
		n=$(sed -n "s/^{\"type\": \"map\", \"data\": {\"$M\": \([0-9]*\)}}$/\1/p" summary-$1)
		nlost=$(grep -c '"type": "lost_events"' summary-$1)
		lost=$(sed -n 's/.*"type": "lost_events".*"events": \([0-9]*\)}}$/\1/p' summary-$1)
	fi
	echo "$1: $n events, $printed printed, ${lost:-0} lost, max RSS $3 kB, SIGINT to exit $4 ms" >&2
	echo "$1: status $2"
	[ "${n:-0}" -gt 0 ] && [ "${printed:-0}" -gt 0 ] && [ $((printed + ${lost:-0})) -eq "$n" ] &&
		echo "$1: every event printed or counted lost"
	[ "$nlost" -eq 1 ] && [ "${lost:-0}" -gt 0 ] && echo "$1: the loss reported once"
	[ "$3" -gt 0 ] && [ "$3" -lt 102400 ] && echo "$1: RSS bounded"
	[ "$4" -lt 1000 ] && echo "$1: SIGINT ended it within 1 s"
}

start text
st=$!
start json
sj=$!
wait_attached summary-text
wait_attached summary-json
$WORKLOAD getpid 1000000000 &
w=$!
max=$(sample_rss "$st $sj" 5)
kill -STOP $st $sj; sleep 0.5; kill -CONT $st $sj
max2=$(sample_rss "$st $sj" 5)
[ "$max2" -gt "$max" ] && max=$max2
t0=$(date +%s%N)
kill -INT $st $sj
( sleep 10; kill -KILL $st $sj 2>/dev/null ) &
dog=$!
wait $st
rt=$?
t1=$(date +%s%N)
wait $sj
rj=$?
t2=$(date +%s%N) # the later of the two exits: an upper bound for JSON's
kill $dog $w 2>/dev/null
wait
report text $rt $max $(( (t1 - t0) / 1000000 ))
report json $rj $max $(( (t2 - t0) / 1000000 ))
check "$$-flood-text" "flood text"
check "$$-flood-json" "flood json"
echo "cleanup: $bad problems"
