# hist() and lhist() of write sizes, keyed and unkeyed.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_write /pid == cpid/ {
	@h = hist(args.count); @l = lhist(args.count, 0, 2000, 500); @k[args.fd > 100 ? "big" : "small"] = hist(args.count);
}' -c "$WORKLOAD write 1 0 write 2 1 write 3 5 write 4 1000 write 1 4096 write 1 1500000"
