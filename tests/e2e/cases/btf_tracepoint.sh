# A tracepoint pointer field typed through BTF: args.rqtp is a
# `struct __kernel_timespec *` in user memory (read with probe_read_user).
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { printf("%d %d\n", args.rqtp->tv_sec, args.rqtp->tv_nsec); }' -c "$WORKLOAD sleep 2 12"
# A bitfield (unsigned int in_execve:1) is set while exec runs.
$SPYGLASS -q -e 'tracepoint:sched:sched_process_exec /pid == cpid/ { $t = (struct task_struct *)curtask; printf("in_execve=%d sched_reset_on_fork=%d\n", $t->in_execve, $t->sched_reset_on_fork); }' -c "$WORKLOAD getpid 1"
