# Macros (newest bpftrace): `$x` parameters take variables by reference,
# `@m` maps by reference, plain `x` any expression (inserted where the body
# uses it); a body ending in an expression has a value; the body's own
# variables are renamed so that they do not clash with the caller's. The
# cases follow bpftrace's tests/runtime/macro.
while read -r p; do
	$SPYGLASS -q -e "$p BEGIN { exit(); }" 2>&1
done <<'CASES'
macro inc($x) { $x += 1; } BEGIN { $a = 1; inc($a); print($a); }
macro inc($x) { $x += 1; $x } BEGIN { $a = 1; $b = inc($a); print(($a, $b)); }
macro set(@x) { @x[1] = 2; } BEGIN { @a[1] = 1; set(@a); }
macro set(@x) { @x = 2; } BEGIN { @a = 1; set(@a); }
macro get(@x) { 1 + @x[1] } BEGIN { @a[1] = 1; print(get(@a)); clear(@a); }
macro print_me($x) { print(("me", $x)); } BEGIN { $a = 1; print_me($a); }
macro early() { exit(); } BEGIN { early(); print(1); }
macro add1(x) { x + 1 } macro add2(y) { y + add1(y) } macro add3(z) { z + add2(z) } BEGIN { print(add3(1)); }
macro add1($x) { $x += 1; } macro add2($y) { add1($y); $y += 1; } macro add3($z) { add2($z); $z += 1; } BEGIN { $a = 1; add3($a); print($a); }
macro add2(x) { x + add1(x) } macro add3(x) { x + add2(x) } macro add1(x) { x + 1 } BEGIN { print(add3(1)); }
macro add_one(x) { x + 1 } BEGIN { $a = 1; print((add_one(1 + 1), add_one($a + 1))); }
macro add_two(x) { x + 2 } macro add_one(x) { add_two(x + 1) + 1 } BEGIN { $a = 1; print(add_one($a + 1)); }
macro add_one(x) { x + 1 } BEGIN { @a = 1; print(add_one(@a + 1)); clear(@a); }
macro inc($x) { $x += 1; } BEGIN { $a = 1; inc($a); inc($a); inc($a); print($a); }
macro loop_map(@a) { let $x = 1; for ($kv : @a) { $x += $kv.1; } $x } BEGIN { @x[1] = 5; @x[2] = 10; print(loop_map(@x)); clear(@x); }
macro add1(x) { x + 1 } macro add2(x) { x + 2 } BEGIN { $a = 1; if ($a == 1) { print(add2($a)); } else { print(add1($a)); } }
macro inc(x) { $y = x + 1; $y } BEGIN { $y = 2; $z = inc(5); print(($y, $z)); }
macro inc(x) { let $y = x + 1; $y } BEGIN { $y = 2; $z = inc(5); print(($y, $z)); }
macro add_one(x) { x + 1 } BEGIN { $a = add_one(add_one(1) + 1); print($a); }
macro one() { $x = 1; $x } BEGIN { $a = one; print($a); }
macro inc(x) { $y = x + 1; $z = x + 2; $y + $z } BEGIN { $y = 2; print(inc({ $y += 1; $y })); }
macro side_effects(x) { x; x; x; } BEGIN { side_effects({ printf("hi") }); printf("\n"); }
macro f($x) { $x + 100 } macro f(x) { x + 1 } BEGIN { $v = 1; print((f($v), f(1))); }
macro f(x) { x } BEGIN { $v = 1; print(f($v)); }
CASES
# In a real probe, with an aggregation into a map passed to the macro.
$SPYGLASS -q -e 'macro tally(@m, k) { @m[k] = count(); }
macro is_child() { pid == cpid }
tracepoint:syscalls:sys_enter_getpid /is_child/ { tally(@c, comm); tally(@n, 1); }' \
	-c "$WORKLOAD getpid 3"
