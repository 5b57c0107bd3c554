# while loops and ranges with runtime bounds run as bpf_loop callbacks: no
# hidden iteration cap, so long loops with map updates run to completion
# (they used to stop silently at a verifier-derived cap around 1333).
$SPYGLASS -q -e 'BEGIN { $i = 0; while ($i < 100000) { @c[$i < 30000] = @c[$i < 30000] + 1; @n++; $i++; } printf("i %d\n", $i); exit(); }'
$SPYGLASS -q -e 'BEGIN { $i = 0; $s = 0; $name = "sum";
	while (1) { $i++; if ($i > 250000) { break; } if ($i % 2) { continue; } $s++; }
	printf("%s: %d even numbers to 250000, i %d\n", $name, $s, $i);
	$k = 0; $lim = $1; while ($k < $lim) { $k += 7; } printf("runtime bound %d\n", $k);
	@m[1] = 5; @m[2] = 6; $t = 0;
	for ($kv : @m) { $j = 0; while ($j < $kv.1) { $j++; $t++; } }
	$w = 0; while ($w < 3) { for ($kv : @m) { $t += $kv.0; } $w++; }
	printf("nested %d\n", $t);
	$r = 0; while ($r < 10) { $r++; if ($r == 4) { exit(); } }
	printf("not reached\n"); }' 1000
$SPYGLASS -q -e 'BEGIN { $s = 0; $n = $1; $neg = 0;
	for ($i : 5..$n) { if ($i == 7) { continue; } if ($i > 200000) { break; } @r++; $s += 2; }
	for ($j : $n..3) { $neg++; }
	printf("range %d, empty range %d\n", $s, $neg); exit(); }' 1000000
