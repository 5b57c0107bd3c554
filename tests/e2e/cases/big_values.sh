# Values bigger than the 512-byte BPF stack are built in the per-CPU scratch
# map (as newer bpftrace does): whole task_structs copied into variables and
# maps, a 688-byte struct printed (over the zeros the workload writes),
# max_strlen = 1024 strings as map keys (hist too), values, tuples and in a
# predicate's comparison, and a for loop over such a map.
$SPYGLASS -q -e 'BEGIN {
	$c = (struct task_struct *)curtask;
	$t = *$c;
	@task[1] = *$c;
	printf("%s %d %d\n", $t.comm, $t.pid == pid, @task[1].tgid == pid);
	clear(@task);
	exit();
}'
$SPYGLASS -q -e 'struct big { long a[80]; char s[40]; int n[2]; }
tracepoint:syscalls:sys_enter_write /pid == cpid/ { print(*(struct big *)args.buf); @b = *(struct big *)args.buf; }' \
	-c "$WORKLOAD write 1 4096"
$SPYGLASS -q -e 'config = { max_strlen = 1024 }
tracepoint:syscalls:sys_enter_openat /pid == cpid && str(args.filename) == "/etc/passwd"/ {
	@x[str(args.filename)] = count();
	@h[str(args.filename), comm, str(args.filename)] = hist(5);
	@t = (str(args.filename), comm, 7);
	print((str(args.filename), 1));
	$s = str(args.filename);
	@m[$s] = $s;
}
END { for ($kv : @m) { printf("%s -> %s\n", $kv.0, $kv.1); } }' -c "$WORKLOAD openat 2 /etc/passwd"
# Too big: for one value, a map key, the probe's variables, one statement.
for p in \
	'struct big { char a[40000]; } BEGIN { print(*(struct big *)curtask); }' \
	'struct big { char a[20000]; } BEGIN { $b = (struct big *)curtask; @t[*$b, *$b] = 1; }' \
	'struct big { char a[20000]; } BEGIN { $b = (struct big *)curtask; print((*$b, *$b)); }' \
	'struct big { char a[20000]; } BEGIN { $b = (struct big *)curtask; $s = *$b; $t = *$b; }' \
	'struct big { char a[20000]; } BEGIN { $b = (struct big *)curtask; if ((*$b).a == (*$b).a) { exit(); } }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
