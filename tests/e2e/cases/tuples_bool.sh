# Tuples as values, variables, map values and map keys, .N access, text and
# JSON printing; bool values print as true/false (newest bpftrace).
$SPYGLASS -q -e 'BEGIN {
	$t = (1, -2, "hi");
	printf("%d %d %s\n", $t.0, $t.1, $t.2);
	print($t);
	@t = (3, "abc", (4, "x"));
	@k[(1, "a")] = 5;
	$u = @t;
	printf("%s %d\n", $u.1, $u.2.0);
	$t = (5, 6, "longer string");
	printf("%s\n", $t.2);
	@b = true;
	@f = 1 > 2 ? true : false;
	print(false);
	printf("%d\n", true);
	exit();
}'
$SPYGLASS -q -f json -e 'BEGIN { @t = (1, "a"); @b = false; print((2, "b")); exit(); }'
for p in \
	'BEGIN { $t = (1, 2); $x = $t.2; }' \
	'BEGIN { $t = (1, 2); $t = (1, "a"); }' \
	'BEGIN { $t = (1, 2); $x = $t + 1; }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
