/* rawtracepoint:NAME — BPF_RAW_TRACEPOINT_OPEN returns a link-like fd;
 * closing it detaches. The cookie field (kernel 6.10+) is set by hand: the
 * installed uapi header predates it. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/rt.h"

struct raw_tp_open_attr {
	uint64_t name;
	uint32_t prog_fd;
	uint32_t pad;
	uint64_t cookie;
};

static int raw_tp_open(const char *name, int prog_fd, uint64_t cookie)
{
	union {
		union bpf_attr attr;
		struct raw_tp_open_attr raw;
		char bytes[sizeof(union bpf_attr) > 64 ? sizeof(union bpf_attr) : 64];
	} u;
	memset(&u, 0, sizeof(u));
	u.raw.name = (uint64_t)(uintptr_t)name;
	u.raw.prog_fd = (uint32_t)prog_fd;
	u.raw.cookie = cookie;
	int fd = (int)syscall(SYS_bpf, BPF_RAW_TRACEPOINT_OPEN, &u, sizeof(struct raw_tp_open_attr));
	if (fd < 0 && errno == E2BIG) /* kernel without raw_tp cookies */
		fd = (int)syscall(SYS_bpf, BPF_RAW_TRACEPOINT_OPEN, &u, 16);
	return fd < 0 ? -errno : fd;
}

static int attach_rawtracepoint(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	int fd = raw_tp_open(a->target, prog_fd, a->cookie);
	if (fd < 0) {
		fprintf(stderr, "spyglass: probe %s: cannot attach: %s%s\n", a->name, strerror(-fd),
			fd == -EINVAL ? " (an argN beyond the tracepoint's arguments?)" : "");
		return fd;
	}
	vec_push(&rt->links, fd);
	rt->nprobes++;
	return 0;
}

const struct rt_attacher rt_attach_rawtracepoint = {.provider = "rawtracepoint", .attach = attach_rawtracepoint};
