# Attach points are limited like bpftrace's (max_probes, default 1024;
# config block, BPFTRACE_MAX_PROBES, SPYGLASS_MAX_PROBES): past the limit
# the script is rejected before anything loads, with the total count. A
# wildcard over every kernel function is only counted, not built.
$SPYGLASS -e 'kprobe:* { }' 2>&1 | sed -E 's/attach to [0-9]+ probes/attach to N probes/'
BPFTRACE_MAX_PROBES=10 $SPYGLASS -e 'BEGIN { } tracepoint:syscalls:sys_enter_* { }' 2>&1 |
	sed -E 's/attach to [0-9]+ probes/attach to N probes/'
$SPYGLASS -e 'config = { max_probes = 2 } tracepoint:syscalls:sys_enter_getpid,
tracepoint:syscalls:sys_enter_gettid, tracepoint:syscalls:sys_enter_getuid { }' 2>&1
SPYGLASS_MAX_PROBES=4 $SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_getpid,
tracepoint:syscalls:sys_enter_gettid, tracepoint:syscalls:sys_enter_getuid { } BEGIN { printf("ok\n"); exit(); }'
