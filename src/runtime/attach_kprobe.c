/* kprobe / kretprobe: a perf event of the kernel's kprobe PMU (config1 =
 * function name, config2 = offset) linked with bpf_link_create — nothing is
 * written to tracefs kprobe_events. A kernel built without kprobes has no
 * such PMU: one line naming the missing feature, and the run fails before
 * anything else is attached (the runtime detaches what was). */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/rt.h"

static void no_kprobes(const struct sg_attach *a)
{
	fprintf(stderr, "spyglass: probe %s: this kernel has no kprobes (CONFIG_KPROBES/"
		"CONFIG_KPROBE_EVENTS off: no kprobe PMU); use tracepoint: or rawtracepoint: "
		"probes instead\n", a->name);
}

int rt_kprobe_precheck(struct rt *rt, const struct sg_attach *a)
{
	uint32_t type;
	uint64_t config;
	if (rt_probe_pmu("kprobe", false, &type, &config) == 0)
		return 0;
	no_kprobes(a);
	return -EOPNOTSUPP;
}

static int attach(struct rt *rt, int prog_fd, const struct sg_attach *a, bool ret)
{
	struct perf_event_attr attr = {0};
	uint64_t config;
	if (rt_probe_pmu("kprobe", ret, &attr.type, &config)) {
		no_kprobes(a);
		return -EOPNOTSUPP;
	}
	attr.config = config;
	const char *plus = strchr(a->target, '+');
	char *func = plus ? xstrndup(a->target, (size_t)(plus - a->target)) : xstrdup(a->target);
	attr.config1 = (uint64_t)(uintptr_t)func;
	attr.config2 = plus ? strtoull(plus + 1, NULL, 0) : 0;
	int pfd = rt_perf_open(&attr, 0);
	free(func);
	attr.config1 = 0;
	if (pfd < 0) {
		fprintf(stderr, "spyglass: probe %s: perf_event_open: %s\n", a->name,
			strerror(-pfd));
		return pfd;
	}
	int err = rt_perf_link(rt, prog_fd, pfd, &attr, a->cookie, a->name);
	rt->nprobes += !err;
	return err;
}

static int attach_kprobe(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	return attach(rt, prog_fd, a, false);
}

static int attach_kretprobe(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	return attach(rt, prog_fd, a, true);
}

const struct rt_attacher rt_attach_kprobe = {.provider = "kprobe", .attach = attach_kprobe};
const struct rt_attacher rt_attach_kretprobe = {.provider = "kretprobe", .attach = attach_kretprobe};
