# if-expressions (newest bpftrace): if c { a } else { b } has the value of
# the block taken, typed like a ternary; else-if chains, strings of
# different lengths, tuples, as a map key and a function argument.
$SPYGLASS -q -e 'BEGIN {
	$x = if (1) { 1 } else { 2 };
	$n = 5;
	$s = if $n == 0 { "zero" } else if ($n > 1) { "many" } else { "one" };
	printf("%d %s\n", $x, $s);
	print(if (0) { (1, "a") } else { (2, "bbbbbb") });
	$z = if ($n > 9) { let $q = 5; $q * 2 } else { let $q = 7; $q * 3 };
	print($z);
	@m[if ($n) { "k" } else { "kkkk" }] = if (!$n) { 10 } else { 20 };
	if (1) { printf("statement\n") } else { printf("never\n") }
	exit();
}'
for p in \
	'BEGIN { $x = if (1) { 1 }; }' \
	'BEGIN { $x = if (1) { 1 } else { "a" }; }' \
	'BEGIN { $x = if ("s") { 1 } else { 2 }; }' \
	'BEGIN { $x = if (1) { 1; } else { 2; }; }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
# An if ending a value block (no ';' after it) is that block's value: nested
# if-expressions, also with strings and else-if chains.
$SPYGLASS -q -e 'BEGIN { $x = 1; $y = 2; $z = 3;
	print(if ($x) { if ($y) { if ($z) { $x } else { $y } } else { $z } } else { 0 });
	$a = if ($x) { if (0) { "a" } else if ($y) { "bb" } else { "c" } } else { "d" }; print($a);
	if (1) { if (1) { printf("stmt\n") } else { printf("no\n") } } exit(); }'
