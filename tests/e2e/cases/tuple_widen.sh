# A tuple variable or map whose string fields are widened by a later
# assignment (in a nested block, or one that never runs) is written in the
# wide layout from its first assignment on: fields after a widened string
# keep their values.
$SPYGLASS -q -e 'BEGIN {
	$t = ("a", 5);
	if (0) { $t = ("dddddddd", 6); }
	print($t);
	$n = (("x", 1), 2);
	if (0) { $n = (("yyyyyyyyyy", 3), 4); }
	print($n);
	$x = ("abc", 7);
	$c = $x;
	if (0) { $c = ("eeeeeeeeeeee", 8); }
	print($c);
	let $l = ("f", 9);
	if (0) { $l = ("gggggggggg", 10); }
	print($l);
	let $d;
	$d = ("h", 11);
	if (0) { $d = ("iiiiiiiiiiiiii", 12); }
	printf("%s %d\n", $d.0, $d.1);
	@m = ("j", 13);
	if (0) { @m = ("kkkkkkkkkkkkkkkkk", 14); }
	@v[1] = $x;
	@v[2] = ("llllllllllllllll", 15);
	exit();
}'
for p in \
	'BEGIN { $t = ("a", 1); if (1) { $t = ("b", 1, 2); } }' \
	'BEGIN { @m = ("a", 1); if (1) { @m = (1, "a"); } }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
