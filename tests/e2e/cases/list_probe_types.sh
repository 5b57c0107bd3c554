# -l for the other probe types: functions of a binary (wildcards; the
# path is resolved), software/hardware events, raw tracepoints; -lv shows
# tracepoint fields with types; a missing binary is one error line, exit 1.
T=$(dirname "$WORKLOAD")/uprobe_target
$SPYGLASS -l "uprobe:$T:target_*" | sed "s|$T|TARGET|"
$SPYGLASS -l "ur:$T:target_g*" | sed "s|$T|TARGET|"
$SPYGLASS -l 'software:*'
$SPYGLASS -l 'h:*cycles'
$SPYGLASS -l 'rawtracepoint:sched_switch'
$SPYGLASS -l 'rt:sys_ent??'
$SPYGLASS -l 'rt:sys_enter_getpid'
$SPYGLASS -lv 'tracepoint:syscalls:sys_enter_openat'
$SPYGLASS -l -v 't:syscalls:sys_enter_getpid'
$SPYGLASS -l | grep -c '^software:'
$SPYGLASS -l 'uprobe:/no/such/binary:*' 2>&1
echo "rc=$?"
