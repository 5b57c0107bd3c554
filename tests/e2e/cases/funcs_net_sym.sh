# ntop/pton, ksym/kaddr, cgroupid, strftime, has_key, signal.
$SPYGLASS -q -e 'BEGIN {
	printf("%s %s|%s|%s\n", ntop(0x0100007f), ntop(2, 0x0100007f), ntop(pton("fe80::1:2")),
	       ntop(pton("10.1.2.3")));
	printf("%s %s %d\n", ksym(kaddr("vfs_read")), ksym(kaddr("vfs_read") + 3), kaddr("vfs_read") != 0);
	@m[1] = 2;
	@t["a", 1] = count();
	printf("has_key %d %d %d %d\n", has_key(@m, 1), has_key(@m, 5), has_key(@t, ("a", 1)), has_key(@t, ("a", 2)));
	printf("cgroup v2 root %llu\n", cgroupid("/sys/fs/cgroup/unified"));
	printf("[%s]\n", strftime("%%|no conversions", nsecs));
	print(ntop(pton("::ffff:1.2.3.4")));
	exit();
}'
$SPYGLASS -q -f json -e 'BEGIN { print(ntop(pton("1.2.3.4"))); printf("%s\n", ksym(kaddr("vfs_read"))); exit(); }'
# strftime() turns nanoseconds since boot into the wall clock.
year=$($SPYGLASS -q -e 'BEGIN { printf("%s\n", strftime("%Y-%m-%d", nsecs)); exit(); }' | head -1)
[ "$year" = "$(date +%Y-%m-%d)" ] && echo "strftime date ok"
# signal(): the traced command is killed at its first getpid, before its 5 s sleep.
timeout 4 $SPYGLASS -q --unsafe -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { signal("SIGKILL"); }' \
	-c "$WORKLOAD getpid 1 sleep 1 5000"
echo "signal exit $?"
$SPYGLASS -e 'BEGIN { printf("%s\n", ntop("abc")); }' 2>&1
$SPYGLASS -e 'BEGIN { @x = kaddr("no_such_symbol_xyz"); }' 2>&1
$SPYGLASS -e 'tracepoint:syscalls:sys_enter_getpid { signal("FOO"); }' 2>&1
$SPYGLASS --unsafe -e 'tracepoint:syscalls:sys_enter_getpid { signal("FOO"); }' 2>&1
echo done
# Addresses and symbols as map keys (same output as bpftrace 0.17).
$SPYGLASS -q -e 'BEGIN { @a[ntop(pton("1.2.3.4"))] = count(); @a[ntop(pton("::1"))] = count(); @a[ntop(pton("::1"))] = count(); @k[ksym(kaddr("vfs_read")), 5] = 1; exit(); }'
