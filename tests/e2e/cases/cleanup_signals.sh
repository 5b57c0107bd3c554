# Nothing of ours remains after SIGINT and SIGTERM, 50 times each
# (SIGKILL and attach errors: cleanup_kill.sh).
. "$CASES/cleanup_lib.inc"
PROBES="tracepoint:syscalls:sys_enter_getpid { $M = count(); }"

by_signal() {
	SG_CLEANUP_TAG=$1 SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SG -q -e "$PROBES $EXTRA" > o &
	s=$!
	wait_attached o
	kill -$SIG $s
	wait $s 2>/dev/null
	rc=$?
	[ $rc -eq "$WANT" ] || { echo "$SIG: exit status $rc"; bad=$((bad+1)); }
	rm -f o
}
SIG=INT WANT=0 loop 50 sigint by_signal
SIG=TERM WANT=0 loop 50 sigterm by_signal
