# let declarations: typed, untyped, uninitialised; block scoping of let
# variables (newest bpftrace); probe-scoped variables without let (0.17).
$SPYGLASS -q -e 'BEGIN {
	let $a;
	let $b: uint32 = 5;
	let $c = "str";
	let $w: uint8 = 300;
	let $s: int16 = -2;
	$a = 7;
	printf("%d %d %s %d %d\n", $a, $b, $c, $w, $s);
	if (1) { let $in = 1; $probe_level = 2; printf("in %d\n", $in); }
	printf("probe level %d\n", $probe_level);
	if (1) { let $in = "again"; printf("%s\n", $in); }
	for ($i : 0..2) { let $z; $z += $i + 1; printf("z %d\n", $z); }
	exit();
}'
for p in \
	'BEGIN { if (1) { let $x = 1; } printf("%d\n", $x); }' \
	'BEGIN { let $x = 1; let $x = 2; }' \
	'BEGIN { $x = 1; if (1) { let $x = 2; } }' \
	'BEGIN { let $x; printf("%d\n", $x); }' \
	'BEGIN { let $x: float = 1; }' \
	'BEGIN { let $x: uint8 = "s"; }' \
	'BEGIN { for ($i : 0..2) { } printf("%d\n", $i); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
