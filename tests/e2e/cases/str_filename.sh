# str() of a user pointer, string comparison in a predicate, strings as keys, printf %s.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_openat /pid == cpid && str(args.filename) == "/dev/null"/ {
	@[str(args.filename)] = count(); @short[str(args.filename, 4)] = count();
	printf("open %s\n", str(args.filename));
}' -c "$WORKLOAD openat 3 /dev/null openat 2 /etc/hostname"
