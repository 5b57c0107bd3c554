/* Target for the stack e2e tests: main → st_outer → st_middle → st_inner,
 * none inlined, so a uprobe on st_inner sees known frames. Built with frame
 * pointers (ustack walks them) and, as a variant, without. Usage:
 * stack_target [N [MS]]: N calls of st_outer (default 1), then MS milliseconds
 * of sleep (default 300), so that the process is still alive when a tracer
 * reads its mappings. */
#include <stdlib.h>
#include <time.h>

#define NOINLINE __attribute__((noinline, used))

static volatile long sink;

NOINLINE long st_inner(long x)
{
	sink += x;
	return sink;
}

NOINLINE long st_middle(long x)
{
	long r = st_inner(x + 1);
	sink += r; /* not a tail call: st_middle's frame stays */
	return r;
}

NOINLINE long st_outer(long x)
{
	long r = st_middle(x * 2);
	sink += r;
	return r;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	long ms = argc > 2 ? atol(argv[2]) : 300;
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
	for (int i = 0; i < n; i++)
		st_outer(i);
	nanosleep(&ts, NULL);
	return 0;
}
