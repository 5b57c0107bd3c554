/* Target for the USDT end-to-end tests (<sys/sdt.h> probes). Usage:
 * usdt_target [N [MS]] — after MS milliseconds (default 0: a tracer run with
 * -p can attach first), fires for i = 1..N (default 3):
 *   sgtest:args(i, -1000000000 * i, -i as short, &ticks, -i as signed char)
 *   sgtest:str("hello-i", i)
 *   sgtest:site twice, from two places with different argument layouts
 *   sgtest:dup and sgsema:dup (the same name in two providers)
 *   sgsema:expensive (usdt_target_sema.c: only when its semaphore is set)
 * then prints how many times the expensive argument was computed. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <time.h>

long usdt_sema_fire(int i); /* usdt_target_sema.c */

static volatile long ticks;

static __attribute__((noinline)) void fire(int i)
{
	char buf[32];
	long big = -1000000000L * i;
	short neg = (short)-i;
	signed char c = (signed char)-i;
	volatile int mem = 100 + i;
	DTRACE_PROBE5(sgtest, args, i, big, neg, &ticks, c);
	snprintf(buf, sizeof(buf), "hello-%d", i);
	DTRACE_PROBE2(sgtest, str, buf, i);
	DTRACE_PROBE2(sgtest, site, 7, mem);
	ticks += i;
	DTRACE_PROBE2(sgtest, site, ticks, i);
	DTRACE_PROBE(sgtest, dup);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	long ms = argc > 2 ? atol(argv[2]) : 0;
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
	nanosleep(&ts, NULL);
	long computed = 0;
	for (int i = 1; i <= n; i++) {
		fire(i);
		computed += usdt_sema_fire(i);
	}
	printf("expensive computed %ld times\n", computed);
	return 0;
}
