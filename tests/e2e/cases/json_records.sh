# JSON records as newest bpftrace writes them: join's data has no trailing
# newline (text mode ends the line), helper_error carries msg and filename;
# bpftrace's test-harness variable gets its own attach line.
$SPYGLASS -q -f json -e 'tracepoint:syscalls:sys_enter_execve /pid == cpid/ { join(args.argv, ","); exit(); }' -c "/bin/true A"
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_execve /pid == cpid/ { join(args.argv); exit(); }' -c "/bin/true B"
$SPYGLASS -k -q -f json -e 'struct foo { int a; } BEGIN { $v = ((struct foo *)0)->a; exit(); }'
__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 'BEGIN { printf("after the attach line\n"); exit(); }'
