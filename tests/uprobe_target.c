/* Target for the uprobe end-to-end tests: calls known functions a known
 * number of times with known arguments. Built PIE and non-PIE. Usage:
 * uprobe_target [N [MS]] — after MS milliseconds (default 0: a tracer run
 * with -p can attach first), calls target_add(i, 10*i) and
 * target_greet("hello-i") for i = 1..N (default 3), then target_mul3(2, 3, 7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__((noinline, used))

static volatile long sink;

NOINLINE long target_add(long a, long b)
{
	sink += a;
	return a + b;
}

NOINLINE int target_greet(const char *who)
{
	sink += (long)strlen(who);
	return (int)strlen(who);
}

NOINLINE int target_mul3(int a, int b, int c)
{
	return a * b * c;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	long ms = argc > 2 ? atol(argv[2]) : 0;
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
	nanosleep(&ts, NULL);
	char buf[32];
	for (int i = 1; i <= n; i++) {
		target_add(i, 10 * i);
		snprintf(buf, sizeof(buf), "hello-%d", i);
		target_greet(buf);
	}
	sink += target_mul3(2, 3, 7);
	return 0;
}
