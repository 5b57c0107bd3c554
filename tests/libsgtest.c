/* libsgtest.so: a shared library of our own for the uprobe/USDT/stack tests
 * (tests/lib_target.c links it). Built PIC with frame pointers and soname
 * libsgtest.so; it is in no system library directory, so a short name
 * finds it only through LD_LIBRARY_PATH or a process's mappings (-p).
 *   sglib_add(a, b)      returns a + b
 *   sglib_outer(x)       → sglib_middle → sglib_inner (known frames), then
 *                          the USDT probe sglib:outer(x, result, semaphore),
 *                          fired only while its semaphore is set
 *   sglib_twice(x)       calls the two static sg_dup functions (this file's
 *                        and libsgtest_dup.c's): one name, two functions */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#define NOINLINE __attribute__((noinline, used))

unsigned short sglib_outer_semaphore __attribute__((section(".probes"), used));

static volatile long sink;

long sg_dup_other(long x); /* libsgtest_dup.c */

NOINLINE static long sg_dup(long x)
{
	sink += x;
	return x + 1;
}

NOINLINE long sglib_add(long a, long b)
{
	sink += a;
	return a + b;
}

NOINLINE long sglib_inner(long x)
{
	sink += x;
	return x * 3;
}

NOINLINE long sglib_middle(long x)
{
	long r = sglib_inner(x + 1);
	sink += r; /* not a tail call: sglib_middle's frame stays */
	return r;
}

NOINLINE long sglib_outer(long x)
{
	long r = sglib_middle(x * 2);
	if (sglib_outer_semaphore) /* non-zero only while a tracer has the probe attached */
		DTRACE_PROBE3(sglib, outer, x, r, sglib_outer_semaphore);
	sink += r;
	return r;
}

NOINLINE long sglib_twice(long x)
{
	return sg_dup(x) + sg_dup_other(x);
}
