/* Target linked against our own shared library (tests/libsgtest.c), found
 * at run time through its RUNPATH ($ORIGIN: the build directory). Usage:
 * lib_target [N [MS [END_MS]]] — after MS milliseconds (default 0: a tracer
 * run with -p can attach first) calls, for i = 1..N (default 3),
 * sglib_add(i, 100 * i), sglib_outer(i) and sglib_twice(i); then sleeps
 * END_MS (default 300) so that a tracer can still read its mappings. */
#include <stdlib.h>
#include <time.h>

long sglib_add(long a, long b);
long sglib_outer(long x);
long sglib_twice(long x);

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	sleep_ms(argc > 2 ? atol(argv[2]) : 0);
	long sum = 0;
	for (int i = 1; i <= n; i++) {
		sum += sglib_add(i, 100 * i);
		sum += sglib_outer(i);
		sum += sglib_twice(i);
	}
	sleep_ms(argc > 3 ? atol(argv[3]) : 300);
	return sum == 0; /* sum is never 0: keeps the calls */
}
