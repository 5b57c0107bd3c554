# -l for the other probe types: functions of a binary (wildcards; the
# path is resolved), software/hardware events, raw tracepoints (from
# kernel BTF, bare tracepoints without a tracefs event too; -lv shows
# their arguments as bpftrace does); -lv shows tracepoint fields with
# types; ftrace's own events are not listed (nor by bpftrace), nor, without
# a pattern, raw tracepoints (loading kernel BTF takes ~60 ms: ask for
# rawtracepoint:*); a missing binary is one error line, exit 1; interval:
# and profile: list their units; "struct NAME" lists kernel BTF types.
T=$(dirname "$WORKLOAD")/uprobe_target
$SPYGLASS -l "uprobe:$T:target_*" | sed "s|$T|TARGET|"
$SPYGLASS -l "ur:$T:target_g*" | sed "s|$T|TARGET|"
$SPYGLASS -l 'software:*'
$SPYGLASS -l 'h:*cycles'
$SPYGLASS -l 'rawtracepoint:sched_switch'
$SPYGLASS -l 'rt:sys_ent??'
$SPYGLASS -l 'rt:sys_enter_getpid'
$SPYGLASS -lv 'rt:vmlinux:sched_switch'
$SPYGLASS -l 'rt:sched_update_nr_running_t*'
# Every tracefs event but ftrace's syscall ones has its raw tracepoint.
$SPYGLASS -l 'rt:*' | sed 's/^rawtracepoint:vmlinux://' | sort >rt.txt
$SPYGLASS -l 'tracepoint:*' | grep -v '^tracepoint:syscalls:' | sed 's/^tracepoint:[^:]*://' | sort -u >tp.txt
echo "tracefs events without a raw tracepoint: $(comm -13 rt.txt tp.txt | wc -l), raw tracepoints: $(test -s rt.txt && echo some)"
$SPYGLASS -l | grep -c -e '^tracepoint:ftrace:' -e '^rawtracepoint:'
$SPYGLASS -lv 'tracepoint:syscalls:sys_enter_openat'
$SPYGLASS -l -v 't:syscalls:sys_enter_getpid'
$SPYGLASS -l | grep -c '^software:'
$SPYGLASS -l 'uprobe:/no/such/binary:*' 2>&1
echo "rc=$?"
# interval and profile units, as newest bpftrace lists them
$SPYGLASS -l 'interval:*'
$SPYGLASS -l 'p:h*'
# kernel BTF types: names with -l, definitions with -lv (bpftrace -lv 'struct x')
$SPYGLASS -l 'struct task_struct'
$SPYGLASS -lv 'struct path'
$SPYGLASS -lv 'struct task_struct' | head -3
