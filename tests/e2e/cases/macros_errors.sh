# Bad macro definitions and calls: located errors, exit 1. Errors inside an
# expanded body point at the macro's code and then at each call it was
# expanded from.
for p in \
	'macro f() { $y + 1 } BEGIN { print(f()); }' \
	'macro f($x) { @m = $x; } BEGIN { $a = 1; f($a); }' \
	'macro f($x) { $x += 1; } BEGIN { $a = 1; $b = f($a); }' \
	'macro f($x) { $x } BEGIN { f(@a); }' \
	'macro f($x) { $x += 1; } BEGIN { f(1 + 1); }' \
	'macro f(@x) { @x } BEGIN { $a = 1; f($a); }' \
	'macro f(@x) { @x } BEGIN { f(1); }' \
	'macro f($x) { $x } BEGIN { f(1, 2); }' \
	'macro f($x) { $x } BEGIN { $z = f; }' \
	'macro a($x) { b($x) } macro b($x) { a($x) } BEGIN { $v = 1; print(a($v)); }' \
	'macro f($x, $x) { $x } BEGIN { }' \
	'macro f(@m, @m) { 1 } BEGIN { }' \
	'macro f($x) { $x } macro f($y) { $y } BEGIN { }' \
	'macro f(x) { x } macro f($y) { $y } BEGIN { }' \
	'macro f($x) { let $x = 1; $x } BEGIN { $a = 1; f($a); }' \
	'macro g(v) { v + "x" } macro f(s) { g(s) } BEGIN { print(f(1)); }' \
	'macro a(x) { x + x } macro b(x) { a(a(x)) } macro c(x) { b(b(b(x))) } macro d(x) { c(c(c(c(x)))) } BEGIN { print(d(1)); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
