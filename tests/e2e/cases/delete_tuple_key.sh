# delete(@m, (k1, k2)) removes @m[k1, k2] (newest bpftrace: multi-key maps
# are keyed by the tuple); a map keyed by one tuple takes it whole.
$SPYGLASS -q -e 'BEGIN {
	@b[1, 2] = 2; @b[3, 4] = 3; @b[5, 6] = 4;
	@k[(1, "a")] = 1; @k[(2, "b")] = 2;
	delete(@b, (1, 2)); delete(@k, (1, "a")); delete(@b[3, 4]);
	printf("%d %d\n", has_key(@b, (5, 6)), has_key(@b, (1, 2)));
	exit();
}'
$SPYGLASS -e 'BEGIN { @b[1, 2] = 2; delete(@b, (1, 2, 3)); }' 2>&1
echo "exit $?"
