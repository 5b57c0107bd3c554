# -l lists tracepoints, with wildcards.
$SPYGLASS -l 'tracepoint:syscalls:sys_enter_openat*'
$SPYGLASS -l 't:sched:sched_process_ex*'
