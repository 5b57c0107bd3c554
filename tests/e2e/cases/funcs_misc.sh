# strerror(), bswap(), nsecs(clock) and cgroup_path(): values, map keys,
# JSON, and located errors for bad arguments.
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
for p in \
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
