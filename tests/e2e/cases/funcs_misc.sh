# strerror(), bswap(), nsecs(clock), cgroup_path(), kptr() and uptr():
# values, map keys, JSON, and located errors for bad arguments.
$SPYGLASS -q -e 'BEGIN {
	printf("%s|%s\n", strerror(2), strerror(13));
	print(strerror(1));
	@e[strerror(22)] = count();
	printf("%llx %x %x %x %llx %x\n", bswap(0x1122334455667788), bswap((int32)0x12345678),
	       bswap((uint16)0x1234), bswap((int8)0x12), bswap(0x12340000 + 0x5678), bswap(bswap(0x1234)));
	$d = (int64)(nsecs(sw_tai) - nsecs(tai));
	printf("%d %d %d %d\n", nsecs(monotonic) <= nsecs(boot), nsecs(boot) < nsecs(tai),
	       $d > -1000000000 && $d < 1000000000, nsecs() > 0);
	exit();
}'
$SPYGLASS -q -f json -e 'BEGIN { print((strerror(7), bswap((uint16)1))); @[strerror(1)] = 1; exit(); }'
# cgroup_path(cgroup) of spyglass itself is the cgroup2 path /proc shows.
want="unified:$(sed -n 's/^0:://p' /proc/self/cgroup)"
got=$($SPYGLASS -q -e 'BEGIN { printf("%s\n", cgroup_path(cgroup, "unif*")); exit(); }' | head -1)
[ "$got" = "$want" ] && echo "cgroup_path matches /proc/self/cgroup" || echo "cgroup_path: got '$got', want '$want'"
$SPYGLASS -q -e 'BEGIN { printf("[%s]\n", cgroup_path(cgroup, "no-such-hierarchy")); exit(); }'
# kptr()/uptr() choose which memory a read looks in: a user path read as
# kernel memory fails (empty), a task's comm read as user memory too.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_openat /pid == cpid/ {
	printf("[%s] [%s] [%s]\n", str(args.filename), str(uptr(args.filename)), str(kptr(args.filename))); exit(); }' -c "$WORKLOAD openat 1 /dev/null"
$SPYGLASS -q -e 'BEGIN { $c = (uint64)curtask + offsetof(struct task_struct, comm);
	printf("[%s] [%s] %d\n", str(kptr($c), 4), str(uptr($c), 4), uptr(5)); exit(); }'
for p in \
	'BEGIN { print(kptr("x")); }' \
	'BEGIN { print(uptr()); }' \
	'BEGIN { print(strerror("x")); }' \
	'BEGIN { print(bswap("ab")); }' \
	'BEGIN { print(bswap()); }' \
	'BEGIN { print(cgroup_path(1, 2)); }' \
	'BEGIN { print(nsecs(bogus)); }' \
	'BEGIN { $x = strerror(1) + 1; }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
