# Nothing of ours remains after SIGKILL (fd-owned links and
# perf events die with the process), and an attach error half way (the
# tracepoint is attached when the hardware probe fails), 50 times each.
. "$CASES/cleanup_lib.inc"
PROBES="tracepoint:syscalls:sys_enter_getpid { $M = count(); }"
SOFT="software:cpu-clock:1000000 { $M = count(); }"

by_attach_error() {
	SG_CLEANUP_TAG=$1 $SG -q -e "$PROBES $SOFT hardware:cpu-cycles:1000000 { $M = count(); }" 2>/dev/null
	[ $? -eq 1 ] || { echo "attach error: exit status not 1"; bad=$((bad+1)); }
}
SIG=KILL WANT=137 EXTRA=$SOFT loop 50 sigkill by_signal
loop 50 attach_error by_attach_error
