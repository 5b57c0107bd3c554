# Newest bpftrace types comparisons, '!' and (bool) casts as bool: printed
# true/false (text and JSON, values and map keys), still 1/0 for printf %d.
$SPYGLASS -q -e 'BEGIN {
	print((1 < 2, 2 < 1, "a" == "a", "a" != "a", !0, !10));
	print(((bool)1, (bool)0, (bool)256, (bool)"hello", (bool)"", (bool)(int64 *)0, (bool)(int64 *)8));
	@c = count(); @s = sum(0);
	print(((bool)@c, (bool)@s, (int64)true, (1 < 2) && (3 > 2), 1 && 2));
	printf("%d %d %d\n", 1 == 1, 1 != 1, !7);
	@k[pid > 0, "x" == "y"] = 5;
	clear(@c); clear(@s);
	exit();
}'
$SPYGLASS -q -f json -e 'BEGIN { print((1 == 1, !1)); @m[2 > 1] = 1 < 0; exit(); }'
for p in \
	'BEGIN { print((bool)(1, 2)); }' \
	'BEGIN { print((bool)curtask->comm[0] + "x"); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
