# One program attached to every matching tracepoint; `probe` tells them apart.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_dup*, tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { @[probe] = count(); }' -c "$WORKLOAD dup 4 0 getpid 2"
