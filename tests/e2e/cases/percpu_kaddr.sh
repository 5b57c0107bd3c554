# percpu_kaddr("var"[, cpu]): a kernel per-CPU variable's address on this
# CPU or on CPU cpu (0 past the last CPU), read through a cast pointer.
# Needs the kernel to resolve data symbols (CONFIG_KALLSYMS_ALL); where it
# cannot, percpu_kaddr_missing checks the one-line error instead.
if ! grep -qw process_counts /proc/kallsyms; then
	echo "the kernel lacks CONFIG_KALLSYMS_ALL (per-CPU variables are not in kallsyms)" >&3
	exit 77
fi
$SPYGLASS -q -e 'BEGIN { $a = (int64 *)0; print(((bool)percpu_kaddr("process_counts", 0), (bool)$a));
	printf("%d %d\n", percpu_kaddr("process_counts") != 0, percpu_kaddr("process_counts", 100000) == 0);
	$p = (uint64 *)percpu_kaddr("process_counts"); printf("%d\n", *$p > 0); exit(); }'
