# Tracepoint array fields are typed from the format: raw_syscalls:sys_enter's
# `unsigned long args[6]` is uint64[6] (it printed as [] before): indexed,
# copied to variables and maps, compared, its size; close(999) makes
# args[0] known, and the only first argument 999 (the other registers hold
# whatever the caller left).
$SPYGLASS -q -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid && args.args[0] == 999/ {
	$a = args.args;
	@a = args.args;
	@k[args.args[0]] = count();
	$b = @a;
	printf("%d %d %d %d %d\n", args.args[0], $a[0] + 1, sizeof(args.args), $a == args.args, $b[0] == args.args[0]);
	delete(@a);
}' -c "$WORKLOAD close 2 999"
$SPYGLASS -q -f json -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid && args.args[0] == 999/ { print(args.args[0]); }' -c "$WORKLOAD close 1 999"
