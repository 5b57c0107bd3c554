/* uprobe / uretprobe: a perf event of the kernel's uprobe PMU (config1 =
 * path, config2 = file offset; the retprobe bit from the PMU's format) linked
 * to the program with bpf_link_create, so nothing is left in tracefs
 * uprobe_events. With -p PID only that process is probed. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/rt.h"

#define PMU_DIR "/sys/bus/event_source/devices/"

/* An integer from a sysfs file, or from "config:N" for format files. */
static int read_sysfs_int(const char *path, long *out)
{
	char *text = NULL;
	size_t len;
	if (read_file(path, &text, &len))
		return -ENOENT;
	const char *p = strncmp(text, "config:", 7) == 0 ? text + 7 : text;
	char *end;
	*out = strtol(p, &end, 10);
	int err = end == p ? -EINVAL : 0;
	free(text);
	return err;
}

/* The perf type and config of pmu ("uprobe", "kprobe"); -ENODEV without it. */
int rt_probe_pmu(const char *pmu, bool ret, uint32_t *type, uint64_t *config)
{
	char path[128];
	long v;
	snprintf(path, sizeof(path), PMU_DIR "%s/type", pmu);
	if (read_sysfs_int(path, &v))
		return -ENODEV;
	*type = (uint32_t)v;
	*config = 0;
	if (!ret)
		return 0;
	snprintf(path, sizeof(path), PMU_DIR "%s/format/retprobe", pmu);
	if (read_sysfs_int(path, &v) || v < 0 || v > 63)
		return -ENODEV;
	*config = 1ULL << v;
	return 0;
}

/* "PATH:0xOFFSET" (the path may itself hold ':'). */
static int split_target(const char *target, char **path, uint64_t *offset)
{
	const char *colon = strrchr(target, ':');
	if (!colon)
		return -EINVAL;
	char *end;
	*offset = strtoull(colon + 1, &end, 16);
	if (*end)
		return -EINVAL;
	*path = xstrndup(target, (size_t)(colon - target));
	return 0;
}

static int open_uprobe(const struct sg_attach *a, bool ret, pid_t pid, struct perf_event_attr *attr)
{
	char *path;
	uint64_t offset;
	if (split_target(a->target, &path, &offset))
		return -EINVAL;
	uint64_t config;
	int err = rt_probe_pmu("uprobe", ret, &attr->type, &config);
	attr->config = config;
	if (err) {
		free(path);
		fprintf(stderr, "spyglass: probe %s: this kernel has no uprobe PMU "
			"(CONFIG_UPROBE_EVENTS)\n", a->name);
		return err;
	}
	attr->size = sizeof(*attr);
	attr->config1 = (uint64_t)(uintptr_t)path;
	attr->config2 = offset;
	/* pid -1 needs a CPU; the program still runs on every CPU. */
	int fd = (int)syscall(SYS_perf_event_open, attr, pid > 0 ? pid : -1, pid > 0 ? -1 : 0,
			      -1, PERF_FLAG_FD_CLOEXEC);
	err = fd < 0 ? -errno : fd;
	if (err < 0)
		fprintf(stderr, "spyglass: probe %s: perf_event_open: %s\n", a->name,
			strerror(-err));
	free(path);
	return err;
}

static int attach(struct rt *rt, int prog_fd, const struct sg_attach *a, bool ret)
{
	struct perf_event_attr attr = {0};
	int pfd = open_uprobe(a, ret, rt_uprobe_pid(rt), &attr);
	if (pfd < 0)
		return pfd;
	attr.config1 = 0; /* the path was freed */
	int err = rt_perf_link(rt, prog_fd, pfd, &attr, a->cookie, a->name);
	rt->nprobes += !err;
	return err;
}

static int attach_uprobe(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	return attach(rt, prog_fd, a, false);
}

static int attach_uretprobe(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	return attach(rt, prog_fd, a, true);
}

const struct rt_attacher rt_attach_uprobe = {.provider = "uprobe", .attach = attach_uprobe};
const struct rt_attacher rt_attach_uretprobe = {.provider = "uretprobe", .attach = attach_uretprobe};
