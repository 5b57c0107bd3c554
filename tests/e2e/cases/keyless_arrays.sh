# Maps without keys live in arrays (the kernel inlines their lookup):
# writes from both CPUs add up; hist()/lhist() buckets nothing fell into
# stay out; scalars print 0 until written, like newest bpftrace, but not
# after clear(); delete()d and len()-counted maps stay hash maps (a deleted
# value is gone, len() counts buckets, not slots); zero(@h) prints an empty
# hist, clear(@h) none.
$SPYGLASS -q -e 'BEGIN { @gone = 3; clear(@gone); @del = 4; delete(@del); }
tracepoint:syscalls:sys_enter_write /pid == cpid/ {
	@n = count(); @t = sum(args.count); @h = hist(args.count);
	@l = lhist(args.count, 0, 2000, 500); @last = args.count; @big = max(args.count);
	@lh = hist(args.count); @str = comm;
}
tracepoint:syscalls:sys_enter_getpid /pid == 1/ { @never = count(); @nsum = sum(1); @nval = 5; @nh = hist(1); }
END { printf("len %d\n", len(@lh)); }
BEGIN { @z = hist(5); zero(@z); @c = lhist(5, 0, 10, 1); clear(@c); }' -c "$WORKLOAD cpu 1 0 write 3 100 cpu 1 1 write 2 1000 write 1 7"
$SPYGLASS -q -f json -e 'tracepoint:syscalls:sys_enter_write /pid == cpid/ { @h = hist(args.count); @n = count(); }
tracepoint:syscalls:sys_enter_getpid /pid == 1/ { @never = count(); @nh = hist(1); }' -c "$WORKLOAD write 3 100 write 1 7"
