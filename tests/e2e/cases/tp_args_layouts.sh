# One probe over tracepoints whose args differ (open: filename at offset 16,
# openat: at 24; execve/execveat): a program per layout, one map for all.
cat > layouts.bt <<'BT'
tracepoint:syscalls:sys_enter_open, tracepoint:syscalls:sys_enter_openat
/pid == cpid && (str(args->filename) == "/etc/hostname" || str(args.filename) == "/dev/null" ||
                 str(args.filename) == "/nonexistent")/
{
	@name[tid] = args->filename;
	@calls[probe, str(args.filename)] = count();
}
tracepoint:syscalls:sys_exit_open, tracepoint:syscalls:sys_exit_openat /@name[tid]/
{
	printf("%s %s -> %s\n", probe, str(@name[tid]), args.ret >= 0 ? "fd" : "error");
	delete(@name[tid]);
}
tracepoint:syscalls:sys_enter_execve, tracepoint:syscalls:sys_enter_execveat
/pid == cpid && comm == "workload"/ /* not the exec that starts it */
{
	printf("%s: ", probe);
	join(args.argv);
}
BT
# Programs: the open/openat entries apart, the exits together (same args).
$SPYGLASS --dump=bpf -c "$WORKLOAD" layouts.bt | grep '^tracepoint'
$SPYGLASS -q -c "$WORKLOAD open 2 /etc/hostname openat 1 /dev/null open 1 /nonexistent execve 1 /nonexistent/prog execveat 1 /nonexistent/other" layouts.bt
