/* The second half of libsgtest.so: another static function named sg_dup,
 * so that uprobe:libsgtest.so:sg_dup matches two functions. */
#define NOINLINE __attribute__((noinline, used))

static volatile long sink;

NOINLINE static long sg_dup(long x)
{
	sink += 2 * x;
	return x + 2;
}

long sg_dup_other(long x)
{
	return sg_dup(x);
}
