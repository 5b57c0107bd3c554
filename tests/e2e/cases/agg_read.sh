# Reading count/sum/min/max/avg maps inside probes (newest bpftrace): the
# value merged over every CPU, as printed at exit. The workload makes 3
# getpid calls on CPU 0, then 5 on CPU 1.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ {
	@c = count(); @s = sum((int64)cpu * 10 - 5); @m = max(cpu);
	@mn = min((int64)cpu - 5); @a = avg((int64)cpu * 8 - 5); @k[comm] = count();
	if (@c > 5) { @over = count(); }
	printf("c=%d sum=%d max=%d min=%d avg=%d k=%d missing=%d twice=%d\n", @c, @s, @m, @mn, @a,
	       @k[comm], @k["nope"], @c * 2);
}' -c "$WORKLOAD cpu 1 0 getpid 3 cpu 1 1 getpid 5"
# hist/lhist/stats maps have no single value.
$SPYGLASS -q -e 'BEGIN { @h = hist(1); if (@h > 1) { } }' 2>&1; echo "rc=$?"
$SPYGLASS -q -e 'BEGIN { @h = stats(1); $x = @h; }' 2>&1; echo "rc=$?"
