# Several probe types in one script, each with its known count for one run
# of lib_target 2 (tests/lib_target.c): BEGIN, a uprobe and uretprobe in
# our shared library, a USDT probe there, a tracepoint (lib_target sleeps
# twice, clock_nanosleep), a raw tracepoint (its exit), a software event
# and profile (fired at all), interval, END.
B=$(dirname "$WORKLOAD")
T=$B/lib_target
$SPYGLASS -e "BEGIN { @begin = 1; }
uprobe:$B/libsgtest.so:sglib_add { @add = count(); }
uretprobe:$B/libsgtest.so:sglib_add { @ret = sum(retval); }
usdt:$B/libsgtest.so:sglib:outer { @usdt = sum(arg0); }
tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { @sleeps = count(); }
rawtracepoint:sched_process_exit /pid == cpid/ { @exit = count(); }
software:page-faults:1 /pid == cpid/ { @faulted = 1; }
profile:hz:99 { @profiled = 1; }
interval:ms:100 { @ticked = 1; }
END { @end = 1; }" -c "$T 2 0 300"
# One program on many attach points: the syscalls:sys_enter_* wildcard is
# one BPF program with one link per tracepoint (counted in spyglass's fds
# while it runs).
. "$CASES/common.inc"
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 't:syscalls:sys_enter_* /pid == 1/ { @[probe] = count(); }' >o &
s=$!
wait_attached o
n=$($SPYGLASS -l 'tracepoint:syscalls:sys_enter_*' | wc -l)
progs=$(ls -l /proc/$s/fd | grep -c 'anon_inode:bpf-prog$')
links=$(ls -l /proc/$s/fd | grep -c 'anon_inode:bpf_link$')
kill -INT $s
wait $s
echo "programs: $progs, links: $([ "$links" -eq "$n" ] && echo "one per tracepoint" || echo "$links for $n tracepoints")"
