/* The semaphore half of usdt_target: every probe of this file has a
 * semaphore (<sys/sdt.h>'s _SDT_HAS_SEMAPHORES), which a tracer attached
 * with ref_ctr_offset makes non-zero; the expensive argument is computed
 * only then. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short sgsema_expensive_semaphore __attribute__((section(".probes"), used));
unsigned short sgsema_dup_semaphore __attribute__((section(".probes"), used));

static __attribute__((noinline)) long expensive(int i)
{
	long sum = 0;
	for (int k = 1; k <= 1000 * i; k++)
		sum += k % 7;
	return sum;
}

/* 1 when the probe was enabled (and the argument computed), else 0. */
long usdt_sema_fire(int i)
{
	DTRACE_PROBE(sgsema, dup);
	if (!sgsema_expensive_semaphore)
		return 0;
	long v = expensive(i);
	DTRACE_PROBE3(sgsema, expensive, i, v, sgsema_expensive_semaphore);
	return 1;
}
