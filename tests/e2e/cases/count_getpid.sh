# Exact counts from a workload that makes 100 getpid calls.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { @calls = count(); @by_comm[comm] = count(); }' -c "$WORKLOAD getpid 100"
