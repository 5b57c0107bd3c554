# Integer semantics: signed/unsigned division, modulo, shifts, comparisons, logic, ternary.
$SPYGLASS -q -e 'BEGIN {
	$a = -7; $b = 2;
	printf("%d %d %d %d\n", $a / $b, $a % $b, 7 / 2, 7 % 2);
	printf("%d %lld %d %d %u %llu\n", $a >> 1, 1 << 40, ~0, -$a, -1, -1);
	printf("%d %d %d %d %d %d\n", $a < $b, $a > $b, $a == -7, $a != -7, $a <= -7, $b >= 3);
	printf("%d %d %d %d\n", 1 && 0, 1 || 0, !5, !0);
	printf("%d %d\n", $a < 0 ? 100 : 200, 3 & 5 | 8 ^ 1);
	$c = 10; $c += 5; $c -= 1; $c *= 2; $c /= 4; $c %= 5; $c <<= 3; $c |= 1;
	$c++; ++$c; $c--;
	printf("%d\n", $c);
	printf("%d %d\n", (uint8)257, (int8)255);
	exit();
}'
