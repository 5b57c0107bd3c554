# rawtracepoint:EVENT / rt: and rawtracepoint:vmlinux:EVENT, as in newest
# bpftrace: arg1 of sys_enter is the syscall number (39 = getpid on
# x86-64), and so is args.id: args is typed from the kernel's BTF
# prototype of the tracepoint (pointers too: args.p->comm). Several raw
# tracepoints on one program tell themselves apart with probe (sorted: the
# counts are close). A bare tracepoint without a tracefs event
# (sched_update_nr_running_tp) attaches too. Errors: an argN past the
# tracepoint's arguments, an unknown field, args over tracepoints whose
# arguments differ, a module other than vmlinux, unknown events, and
# syscalls:* events, which are not raw tracepoints.
$SPYGLASS -q -e 'rawtracepoint:sys_enter /pid == cpid && arg1 == 39/ { @getpid = count(); @id = max(args.id); }
rt:vmlinux:sched_process_exit /pid == cpid/ { @exit = count(); printf("%s %d\n", args.p->comm, args.p->pid == pid); }' -c "$WORKLOAD getpid 5"
$SPYGLASS -q -e 'rt:sys_enter,rt:sys_exit /pid == cpid/ { @[probe] = count(); }' -c "$WORKLOAD getpid 5" |
	sed 's/: [0-9]*$/: N/' | sort
$SPYGLASS -q -e 'rt:sched_update_nr_running_tp { @fired = 1; exit(); }'
for e in 'rawtracepoint:sys_enter { @ = arg2; }' 'rt:sys_enter { @ = args.nope; }' \
	'rawtracepoint:sys_e* { @ = args.id; }' 'rawtracepoint:sched:sched_switch { }' \
	'rawtracepoint:no_such_tp { }' 'rawtracepoint:a:b:c { }' 'rawtracepoint:sys_enter_getpid { }'; do
	$SPYGLASS -e "$e" >err.txt 2>&1
	echo "rc=$? $(head -1 err.txt)"
done
