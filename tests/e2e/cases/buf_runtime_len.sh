# buf(p, n) with n known only at run time: room for max_strlen bytes, the
# first min(n, max_strlen) kept; %r prints just those. From user memory
# (write(2) buffers of 3 and 100 zero bytes), kernel memory and the stack.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_write /pid == cpid/ {
	printf("%d: %r\n", args.count, buf(args.buf, args.count));
}' -c "$WORKLOAD write 1 3 write 1 100"
$SPYGLASS -q -e 'BEGIN {
	$n = 3;
	$t = (struct task_struct *)curtask;
	printf("[%r] [%r] [%rh] [%r] [%r]\n", buf("hello", $n), buf(&$t->comm[1], $n - 1),
	       buf("abcdef", -1), buf("hey", $n - 3), buf($t->comm, $n + 5));
	@[buf("xyz", $n - 1)] = 1;
	@[buf("xyq", $n - 1)] += 1; /* the same 2 bytes: the same key */
	exit();
}'
# Not an integer length: a located error.
$SPYGLASS -e 'BEGIN { printf("%r\n", buf("ab", "x")); }'
echo "exit $?"
# Buffers compare with == / != by length and bytes (as bpftrace 0.17 does).
$SPYGLASS -q -e 'BEGIN { $a = buf("hi", 2); $b = buf("bye", 3); $c = buf("hix", 2); $d = buf("hi", 3);
	printf("%d %d %d %d %d\n", $a == $a, $a != $b, $a == $c, $a == $d, $c != $d); exit(); }'
