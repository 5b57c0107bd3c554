# Register pressure: 14 integers live at once across helper calls (each
# assignment calls a helper), so the allocator must spill and reload them.
$SPYGLASS -q -e 'BEGIN {
	$a = 1 + (nsecs & 0); $b = 2 + (cpu & 0); $c = 3 + (nsecs & 0); $d = 4 + (pid & 0);
	$e = 5 + (tid & 0); $f = 6 + (nsecs & 0); $g = 7 + (uid & 0); $h = 8 + (gid & 0);
	$i = 9 + (nsecs & 0); $j = 10 + (cpu & 0); $k = 11 + (nsecs & 0); $l = 12 + (pid & 0);
	$m = 13 + (rand & 0); $n = 14 + (cgroup & 0);
	printf("%d %d %d %d %d %d %d\n", $a, $b, $c, $d, $e, $f, $g);
	printf("%d %d %d %d %d %d %d\n", $h, $i, $j, $k, $l, $m, $n);
	printf("%d\n", $a + $b + $c + $d + $e + $f + $g + $h + $i + $j + $k + $l + $m + $n);
	exit();
}'
