/* profile:UNIT:N / profile:hz:N — a cpu-clock software event on every
 * online CPU, all linked to the same program (one attach point). */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>

#include "runtime/rt.h"

static int attach_profile(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	if (!a->period && !a->freq) {
		fprintf(stderr, "spyglass: probe %s: the period must be positive\n", a->name);
		return -EINVAL;
	}
	int linked = 0;
	for (int cpu = 0; cpu < rt->ncpus; cpu++) {
		struct perf_event_attr attr = {
			.type = PERF_TYPE_SOFTWARE,
			.config = PERF_COUNT_SW_CPU_CLOCK,
			.sample_period = a->freq ? a->freq : a->period,
			.freq = a->freq != 0,
		};
		int pfd = rt_perf_open(&attr, cpu);
		if (pfd == -ENODEV)
			continue; /* possible but offline CPU */
		if (pfd < 0) {
			fprintf(stderr, "spyglass: probe %s: perf_event_open on CPU %d: %s\n",
				a->name, cpu, strerror(-pfd));
			return pfd;
		}
		int err = rt_perf_link(rt, prog_fd, pfd, &attr, a->cookie, a->name);
		if (err)
			return err;
		linked++;
	}
	rt->nprobes += linked > 0;
	return 0;
}

const struct rt_attacher rt_attach_profile = {.provider = "profile", .attach = attach_profile};
