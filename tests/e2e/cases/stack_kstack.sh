# @[kstack] = count() on a tracepoint: the workload's 5 getpid calls share
# one kernel stack. Addresses and offsets vary by kernel build, so check the
# shape: "@[", frames "    symbol+offset", "]: 5", and a known symbol.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { @[kstack] = count(); }' \
	-c "$WORKLOAD getpid 5" | grep -v '^$' > out.txt
head -1 out.txt
tail -1 out.txt
sed '1d;$d' out.txt | grep -cv '^    [A-Za-z0-9_.]*+[0-9]*$'
grep -c '^    do_syscall_64+[0-9]*$' out.txt
# perf and raw modes (config block and environment), a frame limit
$SPYGLASS -q -e 'config = { stack_mode = perf }
tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { print(kstack(2)); exit(); }' \
	-c "$WORKLOAD getpid 1" | grep -c '^	ffff[0-9a-f]* [A-Za-z0-9_.]*+[0-9]*$'
BPFTRACE_STACK_MODE=raw $SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ {
  printf("%s|\n", kstack(3)); exit(); }' -c "$WORKLOAD getpid 1" | grep -c '^ffff[0-9a-f]*$'
# JSON: the stack is a string; printf and print use an 8-space indent
$SPYGLASS -q -f json -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { print(kstack(1)); exit(); }' \
	-c "$WORKLOAD getpid 1" | sed 's/        [A-Za-z0-9_.]*+[0-9]*/        SYM/'
