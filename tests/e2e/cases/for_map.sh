# for ($kv : @m): one and two keys, outer variables read and written in the
# body, break / continue, nested map loops, return and exit() in the body,
# len(@m), and a loop body that reads the probe's args.
# Iteration order is the hash map's: printed lines are sorted.
$SPYGLASS -q -e 'BEGIN { @m[3] = 30; @m[1] = 10; @m[2] = 20; $pre = "v";
	for ($kv : @m) { printf("%s %d=%d\n", $pre, $kv.0, $kv.1); } exit(); }' | sort
$SPYGLASS -q -e 'BEGIN { @m["b", 2] = 20; @m["a", 1] = 10; @m["a", 3] = 30;
	for ($kv : @m) { printf("%s,%d -> %d\n", $kv.0.0, $kv.0.1, $kv.1); @k[$kv.0.0] = @k[$kv.0.0] + $kv.1; }
	exit(); }' | sort
$SPYGLASS -q -e 'BEGIN { @m[1] = 10; @m[2] = 20; @m[3] = 30; @m[4] = 40;
	$t = 0; $n = 0; $pairs = 0; $odd = 0;
	for ($kv : @m) { $t += $kv.1; @double[$kv.0] = $kv.1 * 2; }
	for ($kv : @m) { $n++; if ($n == 2) { break; } }
	for ($kv : @m) { if ($kv.0 % 2 == 0) { continue; } $odd += $kv.1; }
	for ($a : @m) { for ($b : @m) { if ($a.0 < $b.0) { $pairs++; } } }
	printf("total %d, stopped after %d, odd %d, pairs %d, len %d, len after delete ", $t, $n, $odd, $pairs, len(@m));
	delete(@m[1]); printf("%d\n", len(@m)); clear(@m); exit(); }'
$SPYGLASS -q -e 'BEGIN { @m[1] = 1; for ($kv : @m) { printf("in body\n"); return; } printf("not reached\n"); }
END { printf("len of empty map %d\n", len(@e)); @e[1] = 1; delete(@e[1]); }' &
pid=$!
sleep 1; kill -INT $pid; wait $pid
$SPYGLASS -q -e 'BEGIN { @m[1] = 1; @m[2] = 2; for ($kv : @m) { exit(); } printf("not reached\n"); }'
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { @m[1] = 1; @m[2] = 2;
	for ($kv : @m) { @seen[args.__syscall_nr] = count(); } }' -c "$WORKLOAD getpid 3"
# count/sum/min/max maps: $kv.1 is the value merged over the CPUs.
$SPYGLASS -q -e 'BEGIN { @c[16, 17] = count(); @c[16, 17] = count(); @s["a"] = sum(5); @s["a"] = sum(-7);
	@mn[3] = min(-2); @mx[4] = max(9); for ($kv : @c) { print($kv); } for ($kv : @s) { print($kv); }
	for ($kv : @mn) { print($kv); } for ($kv : @mx) { print($kv); } clear(@c); clear(@s); clear(@mn); clear(@mx); }'
for p in \
	'BEGIN { $x = 1; for ($kv : $x) { } }' \
	'BEGIN { @a[1] = avg(1); for ($kv : @a) { } }' \
	'BEGIN { @h[1] = hist(1); for ($kv : @h) { } }' \
	'BEGIN { @c[1] = stats(1); for ($kv : @c) { } }' \
	'BEGIN { @s = 1; for ($kv : @s) { } }' \
	'BEGIN { @a[1] = 1; for ($kv : @a[1]) { } }' \
	'BEGIN { @a[1] = 1; for ($kv : @a) { } printf("%d\n", $kv.0); }' \
	'BEGIN { $x = 1; printf("%d\n", len($x)); }' \
	'BEGIN { @a[1] = 1; printf("%d\n", len(@a[1])); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
