# rawtracepoint:NAME / rt:, and CATEGORY:NAME: arg1 of sys_enter is the
# syscall number (39 = getpid on x86-64); several raw tracepoints on one
# program tell themselves apart with probe (sorted: the
# counts are close); an argN past the tracepoint's
# arguments fails to attach with one line and exit 1; syscalls:* events are
# not raw tracepoints.
$SPYGLASS -q -e 'rawtracepoint:sys_enter /pid == cpid && arg1 == 39/ { @getpid = count(); }
rt:sched:sched_process_exit /pid == cpid/ { @exit = count(); }' -c "$WORKLOAD getpid 5"
$SPYGLASS -q -e 'rt:sys_enter,rt:sys_exit /pid == cpid/ { @[probe] = count(); }' -c "$WORKLOAD getpid 5" |
	sed 's/: [0-9]*$/: N/' | sort
$SPYGLASS -q -e 'rawtracepoint:sys_enter { @ = arg7; }' 2>&1
echo "rc=$?"
$SPYGLASS -e 'rawtracepoint:no_such_tp { }' 2>&1 | head -1
$SPYGLASS -e 'rawtracepoint:a:b:c { }' 2>&1 | head -1
$SPYGLASS -e 'rawtracepoint:sys_enter_getpid { }' 2>&1 | head -1
