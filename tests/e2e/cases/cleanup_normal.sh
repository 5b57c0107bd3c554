# Nothing of ours remains after END, exit(), -c command exit, and -p process
# exit, 50 times each (see cleanup_lib.inc for how "ours" is found).
. "$CASES/cleanup_lib.inc"
PROBES="tracepoint:syscalls:sys_enter_getpid { $M = count(); }"

by_end() { SG_CLEANUP_TAG=$1 $SG -q -e "$PROBES BEGIN { $M = count(); exit(); } END { $M = count(); }" >/dev/null; }
# The command outlives exit(): it must not carry the tag.
by_exit() { SG_CLEANUP_TAG=$1 $SG -q -e "tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { $M = count(); exit(); }" -c "env -u SG_CLEANUP_TAG $WORKLOAD getpid 1 sleep 500" >/dev/null; }
by_cmd() { SG_CLEANUP_TAG=$1 $SG -q -e "$PROBES" -c "$WORKLOAD getpid 1" >/dev/null; }
by_pid() {
	$WORKLOAD sleep 150 &
	w=$!
	SG_CLEANUP_TAG=$1 $SG -q -p $w -e "$PROBES" >/dev/null
	wait $w
}
loop 50 end by_end
loop 50 exit by_exit
loop 50 cmd by_cmd
loop 50 pid by_pid
