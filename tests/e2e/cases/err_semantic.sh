# Semantic errors, one script each; all must exit 1 with a located message.
for p in \
	'BEGIN { $x = 1; $x = "str"; }' \
	'BEGIN { @m[1] = 1; @m["a"] = 2; }' \
	'BEGIN { printf("%d\n"); }' \
	'BEGIN { printf("%d\n", "str"); }' \
	'BEGIN { print($y); }' \
	'BEGIN { foo(1); }' \
	'BEGIN { @x = conut(); }' \
	'BEGIN { count(); }' \
	'tracepoint:syscalls:sys_enter_openat { printf("%s\n", args.filenam); }' \
	'BEGIN { @x = args.foo; }' \
	'BEGIN { $a = pidd; }' \
	'BEGIN { @h = lhist(1, 10, 0, 1); }' \
	'foo:bar { }' \
	'BEGIN { @x = "a" + 1; }'
do
	$SPYGLASS -e "$p"
	echo "exit $?"
done
