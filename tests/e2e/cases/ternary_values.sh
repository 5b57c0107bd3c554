# Ternaries whose branches are statements (printf), buffers of different
# lengths, or tuples whose strings differ in length (literals or variables:
# the narrower one is written in the merged layout), as bpftrace allows.
$SPYGLASS -q -e 'BEGIN {
	$x = 1;
	$x ? printf("then\n") : printf("else\n");
	!$x ? printf("then\n") : printf("else\n");
	print($x ? buf("hi", 2) : buf("bye", 3));
	print(!$x ? buf("hi", 2) : buf("bye", 3));
	print($x ? ("hellolongstr", "a", (1, "x")) : ("b", "hellolongstr", (2, "yy")));
	print(!$x ? ("hellolongstr", "a", (1, "x")) : ("b", "hellolongstr", (2, "yy")));
	@m = $x ? (1, "a") : (2, "bbbbbbbbbbbbbbbbbb");
	$u = ("a", 1); $v = ("bbbbbbbbbbbb", 2);
	print($x ? $u : $v);
	print(!$x ? $u : $v);
	exit();
}'
for p in \
	'BEGIN { print(1 ? printf("x") : 2); }' \
	'BEGIN { print(1 ? (1, "a") : (1, 2)); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
