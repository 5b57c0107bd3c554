# hist(v, k): 2^k buckets per power of two (newest bpftrace; labels from its
# hist_index_label: one value per bucket up to 2^(k+1), then [a, b)).
$SPYGLASS -q -e 'BEGIN { $i = 0; while ($i < 40) { @h = hist($i, 2); $i++; }
	@h = hist(-1, 2); @k = hist(3000, 5); @z = hist(7, 0); @t = hist(1 << 62, 3);
	@m = hist(0x7fffffffffffffff, 3); exit(); }'
$SPYGLASS -q -f json -e 'BEGIN { @h = hist(9, 2); @h = hist(3, 2); @k = hist(3000, 5);
	@m = hist(0x7fffffffffffffff, 3); exit(); }'
# k is a literal 0..5, the same for every use of the map.
$SPYGLASS -q -e 'BEGIN { @h = hist(1, 6); }' 2>&1; echo "rc=$?"
$SPYGLASS -q -e 'BEGIN { $k = 1; @h = hist(1, $k); }' 2>&1; echo "rc=$?"
$SPYGLASS -q -e 'BEGIN { @h = hist(1, 1); @h = hist(2, 2); }' 2>&1; echo "rc=$?"
