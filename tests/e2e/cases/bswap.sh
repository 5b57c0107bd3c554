# bswap(n) reverses n's bytes at n's width (an 8-bit value is unchanged); a
# variable or map value keeps the width of the integer stored in it.
$SPYGLASS -q -e 'BEGIN {
	$port = (uint16)0x0050;
	$w = (uint32)0x11223344;
	@m = (uint16)0x1234;
	printf("%d %x %lx %x %x\n", bswap($port), bswap($w), bswap((uint64)0x0102030405060708),
	       bswap((uint8)0xab), bswap(@m));
	printf("%d\n", bswap(bswap($w)) == $w);
	exit();
}'
$SPYGLASS -e 'BEGIN { print(bswap("ab")); }'
echo "exit $?"
