# bpftrace's runtime array tests (tests/runtime/array), written again against
# our own target (tests/array_target.c): elements of struct array fields,
# arrays assigned to variables and maps, read back from them ($x[0],
# @a[0][0], @b[0][1][0]), printed as [1,2,3,4] and [[5,6],[7,8]], as map
# keys alone or with others, in tuples; pointers stored in maps keep their
# type (@a[0][0] reads through them). One program per bpftrace test.
T=$(dirname "$WORKLOAD")/array_target
A='struct A { int x[4]; }'
B='struct B { int y[2][2]; }'
S="uprobe:$T:ar_struct"
run() {
	$SPYGLASS -q -e "$1" -c "$T" 2>&1
}
run "$A $S { \$a = (struct A *) arg0; @x = \$a->x[0]; exit(); }"
run "$A $S { \$a = (struct A *) arg0; \$x = \$a->x[0]; printf(\"Result: %d\n\", \$x); exit(); }"
run "$A $S { \$a = ((struct A *) arg0)->x; \$x = \$a[0]; printf(\"Result: %d\n\", \$x); exit(); }"
run "$A $S { @a[0] = ((struct A *) arg0)->x; printf(\"Result: %d\n\", @a[0][0]); exit(); }"
run "$A $S { @a[0] = ((struct A *) arg0)->x; \$x = @a[0]; printf(\"Result: %d\n\", \$x[0]); exit(); }"
run "$A $S { @a = ((struct A *) arg0)->x; exit(); }"
run "$A $S { @x[((struct A *) arg0)->x] = 0; exit(); }"
run "$A $S { @x[((struct A *) arg0)->x, 42] = 0; exit(); }"
run "$A $S { @a = ((struct A *) arg0)->x; @x[@a] = 0; exit(); }"
run "$A $S { @x = (1, ((struct A *) arg0)->x); exit(); }"
run "$B $S { \$x = ((struct B *) arg1)->y[1][0]; printf(\"Result: %d\n\", \$x); exit(); }"
run "$B $S { \$b = ((struct B *) arg1)->y; \$y = \$b[1][0]; printf(\"Result: %d\n\", \$y); exit(); }"
run "$B $S { @b[0] = ((struct B *) arg1)->y; printf(\"Result: %d\n\", @b[0][1][0]); exit(); }"
run "$B $S { @b[0] = ((struct B *) arg1)->y; \$x = @b[0]; printf(\"Result: %d\n\", \$x[1][0]); exit(); }"
run "$B $S { @b = ((struct B *) arg1)->y; exit(); }"
run "$B $S { @x[((struct B *) arg1)->y] = 0; exit(); }"
run "$B $S { @b = ((struct B *) arg1)->y; @x[@b] = 0; exit(); }"
# Variable indexes into arrays on the stack and in maps (past the end: 0).
run "$A $S { \$a = ((struct A *) arg0)->x; @m = \$a; \$i = 0; while (\$i < 5) { \$v = @m; printf(\"%d %d,\", \$a[\$i], \$v[\$i]); \$i++; } for (\$k : 0..5) { printf(\" %d\", ((struct A *) arg0)->x[\$k]); } printf(\"\n\"); clear(@m); exit(); }"
I="uprobe:$T:ar_ints"
run "$I { \$a = (int32 *) arg0; @x = \$a[0]; exit(); }"
run "$I { \$a = (int32 *) arg0; \$x = \$a[0]; printf(\"Result: %d\n\", \$x); exit(); }"
# The pointers themselves differ from run to run: deleted before the exit.
run "$I { @a[0] = (int32 *) arg0; printf(\"Result: %d\n\", @a[0][0]); delete(@a[0]); exit(); }"
run "$I { @a[0] = (int32 *) arg0; \$x = @a[0]; printf(\"Result: %d\n\", \$x[0]); clear(@a); exit(); }"
run "$I { @p = (int32 *) arg0; \$p = @p; printf(\"%d %d\n\", \$p[3], *(@p + 2)); @q = (int16 *) 0x32; clear(@p); exit(); }"
$SPYGLASS -q -f json -e "$I { @q[(int8 *) 16] = (int16 *) 0x32; @a = ((int32 *) arg0)[1]; exit(); }" -c "$T"
# An index past the end: located error, and no follow-up one for $x.
$SPYGLASS -e "$A BEGIN { \$a = (struct A *) 0; \$x = \$a->x[5]; printf(\"%d\n\", \$x); }" 2>&1
echo "exit $?"
# Reinterpreting casts (newest bpftrace): an integer's bytes as an array of
# the same size, little-endian, and back; other sizes are located errors.
$SPYGLASS -q -e 'BEGIN { @a = (bool[2])(uint16)1; $b = (uint8[4])(uint32)0x01020304; print($b);
	printf("%x\n", (uint32)$b); $d = (int8[2])(int16)-2; print($d); print((uint16)$d); exit(); }'
$SPYGLASS -e 'BEGIN { $b = (uint8[3])(uint32)1; }' 2>&1
echo "exit $?"
