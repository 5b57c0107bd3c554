/* usdt: a uprobe PMU perf event at the probe's file offset, with the
 * semaphore's file offset (if any) as ref_ctr_offset in the config bits the
 * PMU's format/ref_ctr_offset names: the kernel then counts the semaphore
 * up in every traced process (only the -p process with -p) while attached,
 * which turns on the probe's argument computation. Target (probe_usdt.c):
 * "PATH:0xOFFSET:0xSEMAPHORE_OFFSET". */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/rt.h"

#define REF_CTR_FORMAT "/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset"

struct usdt_target {
	char *path;
	uint64_t offset, sema;
};

static int parse_target(const char *target, struct usdt_target *t)
{
	const char *c2 = strrchr(target, ':');
	const char *c1 = c2 ? memrchr(target, ':', (size_t)(c2 - target)) : NULL;
	if (!c1)
		return -EINVAL;
	char *end;
	t->offset = strtoull(c1 + 1, &end, 16);
	if (end != c2)
		return -EINVAL;
	t->sema = strtoull(c2 + 1, &end, 16);
	if (*end)
		return -EINVAL;
	t->path = xstrndup(target, (size_t)(c1 - target));
	return 0;
}

/* The lowest config bit of ref_ctr_offset ("config:32-63"), or -ENODEV. */
static int ref_ctr_shift(void)
{
	char *text = NULL;
	size_t len;
	if (read_file(REF_CTR_FORMAT, &text, &len))
		return -ENODEV;
	int shift = -ENODEV;
	if (strncmp(text, "config:", 7) == 0)
		shift = atoi(text + 7);
	free(text);
	return shift >= 0 && shift < 64 ? shift : -ENODEV;
}

static int open_usdt(const struct sg_attach *a, const struct usdt_target *t, pid_t pid,
		     struct perf_event_attr *attr)
{
	uint64_t config;
	if (rt_probe_pmu("uprobe", false, &attr->type, &config)) {
		fprintf(stderr, "spyglass: probe %s: this kernel has no uprobe PMU "
			"(CONFIG_UPROBE_EVENTS)\n", a->name);
		return -ENODEV;
	}
	attr->config = config;
	if (t->sema) {
		int shift = ref_ctr_shift();
		if (shift < 0) {
			fprintf(stderr, "spyglass: probe %s: this kernel's uprobe PMU has no "
				"ref_ctr_offset (USDT semaphores)\n", a->name);
			return shift;
		}
		attr->config |= t->sema << shift;
	}
	attr->size = sizeof(*attr);
	attr->config1 = (uint64_t)(uintptr_t)t->path;
	attr->config2 = t->offset;
	int fd = (int)syscall(SYS_perf_event_open, attr, pid > 0 ? pid : -1, pid > 0 ? -1 : 0,
			      -1, PERF_FLAG_FD_CLOEXEC);
	int err = fd < 0 ? -errno : fd;
	if (err < 0)
		fprintf(stderr, "spyglass: probe %s: perf_event_open: %s\n", a->name,
			strerror(-err));
	return err;
}

static int attach_usdt(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	struct usdt_target t;
	if (parse_target(a->target, &t)) {
		fprintf(stderr, "spyglass: probe %s: bad usdt target '%s'\n", a->name, a->target);
		return -EINVAL;
	}
	struct perf_event_attr attr = {0};
	int pfd = open_usdt(a, &t, rt_uprobe_pid(rt), &attr);
	free(t.path);
	if (pfd < 0)
		return pfd;
	attr.config1 = 0; /* the path was freed */
	int err = rt_perf_link(rt, prog_fd, pfd, &attr, a->cookie, a->name);
	/* The kernel holds the semaphore up while the event exists: released
	 * in the background, programs started after spyglass ended would still
	 * compute the probe's arguments for a while. */
	if (t.sema)
		rt_perf_close_sync(rt, pfd);
	rt->nprobes += !err;
	return err;
}

const struct rt_attacher rt_attach_usdt = {.provider = "usdt", .attach = attach_usdt};
