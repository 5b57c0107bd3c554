# Values user space renders (strftime(), ntop(), ksym(), usym(), strerror(),
# buf(), username) can be map values, as in bpftrace, and read back.
$SPYGLASS -q -e 'BEGIN {
	@n = ntop(0x0100007f); @k = ksym(kaddr("vfs_read")); @u = usym(1);
	@e = strerror(2); @b = buf("ok_value", 8); @t[1] = strftime("[%%]", 0);
	$n = @n;
	printf("%s %s %s %s %r\n", $n, @k, @u, @e, @b);
	exit();
}'
$SPYGLASS -q -f json -e 'BEGIN { @e = strerror(13); @n = ntop(0x0100007f); @b = buf("ab", 2); exit(); }'
for p in \
	'BEGIN { @x = strerror(1); @x = 1; }' \
	'BEGIN { @n = ntop(1); $v = @n + 1; }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
