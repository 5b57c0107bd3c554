# sum/min/max/avg/stats/count of write sizes: 3 writes of 100, 2 of 1000, 1 of 7.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_write /pid == cpid/ {
	@n = count(); @sum = sum(args.count); @min = min(args.count); @max = max(args.count);
	@avg = avg(args.count); @stats = stats(args.count); @bysize[args.count] = count();
}' -c "$WORKLOAD write 3 100 write 2 1000 write 1 7"
