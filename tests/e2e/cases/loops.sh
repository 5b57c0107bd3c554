# while / for over a range / unroll, break / continue / return, nested loops,
# a loop whose bound is only known at run time ($1), and the compile-time
# rejection of a loop the verifier could not check.
$SPYGLASS -q -e 'BEGIN {
	$i = 0;
	while ($i < 6) { $i++; if ($i == 2) { continue; } if ($i == 5) { break; } printf("while %d\n", $i); }
	for ($j : 1..4) { if ($j == 2) { continue; } printf("for %d\n", $j); }
	$n = 0;
	for ($a : 0..3) { for ($b : 0..$a) { $n += 10; } }
	printf("nested %d\n", $n);
	unroll(3) { $n++; if ($n == 32) { continue; } printf("unroll %d\n", $n); }
	$k = 0; @lim = $1;
	while (1) { $k++; if ($k >= @lim) { break; } }
	printf("runtime bound %d\n", $k);
	for ($x : ($1 - 2)..$1) { @sum = @sum + $x; }
	exit();
	return;
	printf("after return\n");
}' 40
# The same loop variable in two loops; let inside unroll re-initialises per copy.
$SPYGLASS -q -e 'BEGIN { for ($i : 0..2) { printf("a%d ", $i); } for ($i : 5..7) { printf("b%d ", $i); }
	unroll(2) { let $u = 1; $u++; printf("u%d ", $u); } printf("\n"); exit(); }'
$SPYGLASS -q -e 'BEGIN { printf("first\n"); if (1) { return; } printf("not reached\n"); }
END { printf("end runs\n"); }' &
pid=$!
sleep 1; kill -INT $pid; wait $pid
# Literal ranges are checked against the verifier budget at compile time.
$SPYGLASS -e 'BEGIN { for ($i : 0..10000000) { printf("%d\n", $i); } }' >big.txt 2>&1
echo "exit $?"
sed 's/at most [0-9]*/at most N/' big.txt
for p in \
	'BEGIN { break; }' \
	'BEGIN { if (1) { continue; } }' \
	'BEGIN { unroll(0) { } }' \
	'BEGIN { unroll(101) { } }' \
	'BEGIN { $n = 3; unroll($n) { } }' \
	'BEGIN { for ($i : 0.."a") { } }' \
	'BEGIN { return 1; }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
