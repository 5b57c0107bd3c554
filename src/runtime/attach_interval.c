/* interval:UNIT:N — a cpu-clock software event on CPU 0 only, so the
 * program fires once per period (not once per CPU). */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>

#include "runtime/rt.h"

static int attach_interval(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	if (!a->period && !a->freq) {
		fprintf(stderr, "spyglass: probe %s: the interval must be positive\n", a->name);
		return -EINVAL;
	}
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.sample_period = a->freq ? a->freq : a->period,
		.freq = a->freq != 0,
	};
	int pfd = rt_perf_open(&attr, 0);
	if (pfd < 0) {
		fprintf(stderr, "spyglass: probe %s: perf_event_open: %s\n", a->name, strerror(-pfd));
		return pfd;
	}
	int err = rt_perf_link(rt, prog_fd, pfd, &attr, a->cookie, a->name);
	rt->nprobes += !err;
	return err;
}

const struct rt_attacher rt_attach_interval = {.provider = "interval", .attach = attach_interval};
