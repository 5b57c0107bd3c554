# -p PID: only that process's events count, and tracing ends when it exits.
. "$CASES/common.inc"
mkfifo go
$WORKLOAD wait 1 go getpid 7 &
wpid=$!
$WORKLOAD getpid 50 &
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -p $wpid -e 'tracepoint:syscalls:sys_enter_getpid { @ = count(); }' > out &
spid=$!
wait_attached out
echo > go
wait $spid
echo "status $?"
grep -v __SPYGLASS_ATTACHED out
