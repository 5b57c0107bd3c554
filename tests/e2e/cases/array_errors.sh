# Arrays and pointer values used wrongly: located errors, exit 1. Arrays
# compare with == and != only, of one integer type and length (bpftrace's
# messages); indexes past the end; a map holding a pointer or an array
# cannot be given an integer; a tracepoint array's bounds come from its
# format.
A='struct A { int x[4]; } struct B { int y[3]; } struct C { short z[4]; } struct D { int w[2][2]; }'
for p in \
	"$A BEGIN { \$a = ((struct A *)0)->x; @x = \$a < \$a; }" \
	"$A BEGIN { @x = ((struct A *)0)->x == ((struct B *)0)->y; }" \
	"$A BEGIN { @x = ((struct A *)0)->x != ((struct C *)0)->z; }" \
	"$A BEGIN { @x = ((struct D *)0)->w == ((struct D *)0)->w; }" \
	"$A BEGIN { @x = ((struct A *)0)->x == 1; }" \
	"$A BEGIN { @x = ((struct A *)0)->x + 1; }" \
	"$A BEGIN { @a[0] = ((struct A *)0)->x; @x = @a[0][9]; }" \
	"$A BEGIN { @a = ((struct A *)0)->x; @a = 1; }" \
	'BEGIN { @p = (int8 *)0; @p = 1; }' \
	'tracepoint:raw_syscalls:sys_enter { @x = args.args[6]; }' \
	'struct E { int v[1000000][1000000]; } BEGIN { print(sizeof(struct E)); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
