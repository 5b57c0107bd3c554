/* software:EVENT:COUNT and hardware:EVENT:COUNT: one sampling perf event per
 * online CPU (target = the event's config number), all linked to the same
 * program. A machine without a hardware PMU (VMs) gets one clear line. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/rt.h"

static void no_hardware(const struct sg_attach *a)
{
	fprintf(stderr, "spyglass: probe %s: this machine has no hardware performance "
		"counters (no CPU PMU); use software:cpu-clock:N or profile:hz:N instead\n",
		a->name);
}

static int open_cpu(struct rt *rt, int prog_fd, const struct sg_attach *a, uint32_t type,
		    int cpu)
{
	struct perf_event_attr attr = {
		.type = type,
		.config = strtoull(a->target, NULL, 10),
		.sample_period = a->period,
	};
	int pfd = rt_perf_open(&attr, cpu);
	if (pfd == -ENODEV && type == PERF_TYPE_SOFTWARE)
		return 0; /* possible but offline CPU */
	if (type == PERF_TYPE_HARDWARE && (pfd == -ENOENT || pfd == -EOPNOTSUPP ||
					   pfd == -ENODEV)) {
		no_hardware(a);
		return -EOPNOTSUPP;
	}
	if (pfd < 0) {
		fprintf(stderr, "spyglass: probe %s: perf_event_open on CPU %d: %s\n", a->name,
			cpu, strerror(-pfd));
		return pfd;
	}
	int err = rt_perf_link(rt, prog_fd, pfd, &attr, a->cookie, a->name);
	return err ? err : 1;
}

static int attach_event(struct rt *rt, int prog_fd, const struct sg_attach *a, uint32_t type)
{
	if (type == PERF_TYPE_HARDWARE && access("/sys/bus/event_source/devices/cpu", F_OK) != 0) {
		no_hardware(a);
		return -EOPNOTSUPP;
	}
	int linked = 0;
	for (int cpu = 0; cpu < rt->ncpus; cpu++) {
		int r = open_cpu(rt, prog_fd, a, type, cpu);
		if (r < 0)
			return r;
		linked += r;
	}
	rt->nprobes += linked > 0;
	return 0;
}

static int attach_software(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	return attach_event(rt, prog_fd, a, PERF_TYPE_SOFTWARE);
}

static int attach_hardware(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	return attach_event(rt, prog_fd, a, PERF_TYPE_HARDWARE);
}

const struct rt_attacher rt_attach_software = {.provider = "software", .attach = attach_software};
const struct rt_attacher rt_attach_hardware = {.provider = "hardware", .attach = attach_hardware};
