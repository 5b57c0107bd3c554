/* Attaching: the table of attachers (one file per probe type, keyed by the
 * canonical provider name) and the perf-event plumbing they share. */
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/rt.h"

static const struct rt_attacher *const attachers[] = {
	&rt_attach_begin,
	&rt_attach_end,
	&rt_attach_tracepoint,
	&rt_attach_interval,
	&rt_attach_profile,
	&rt_attach_uprobe,
	&rt_attach_uretprobe,
	&rt_attach_software,
	&rt_attach_hardware,
	&rt_attach_rawtracepoint,
	&rt_attach_kprobe,
	&rt_attach_kretprobe,
	&rt_attach_fentry,
	&rt_attach_fexit,
	&rt_attach_usdt,
};

static const struct rt_attacher *attacher_find(const char *provider)
{
	for (size_t i = 0; i < ARRAY_SIZE(attachers); i++)
		if (strcmp(attachers[i]->provider, provider) == 0)
			return attachers[i];
	return NULL;
}

bool rt_prog_loads_per_attach(const struct sg_prog *p)
{
	const struct rt_attacher *at = p->nattach ? attacher_find(p->attach[0].provider) : NULL;
	return at && at->load_per_attach;
}

/* Every link and perf event is an fd: a wildcard over all syscalls needs
 * hundreds, more than the usual soft limit of 1024 when combined. */
static void raise_nofile(size_t need)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need + 64)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need + 64 ? need + 64 : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

int rt_attach_all(struct rt *rt)
{
	const struct sg_bundle *b = rt->b;
	size_t total = 0;
	for (size_t pi = 0; pi < b->nprogs; pi++)
		total += b->progs[pi].nattach;
	raise_nofile(2 * total); /* a link and a perf event each */
	vec_grow(&rt->links, total);
	for (size_t pi = 0; pi < b->nprogs; pi++) {
		const struct sg_prog *p = &b->progs[pi];
		for (size_t ai = 0; ai < p->nattach; ai++) {
			const struct sg_attach *a = &p->attach[ai];
			const struct rt_attacher *at = attacher_find(a->provider);
			if (!at) {
				fprintf(stderr, "spyglass: probe %s: this runtime cannot attach "
					"'%s' probes\n", a->name, a->provider);
				return -EOPNOTSUPP;
			}
			int err = at->attach(rt, pi, rt->prog_fds[pi], a);
			if (err)
				return err;
		}
	}
	return 0;
}

/* Kernel feature checks first: a missing probe type fails the run before
 * anything is loaded or attached. */
static const struct {
	const char *provider;
	int (*check)(struct rt *rt, const struct sg_attach *a);
} prechecks[] = {
	{"kprobe", rt_kprobe_precheck},
	{"kretprobe", rt_kprobe_precheck},
	{"fentry", rt_fentry_precheck},
	{"fexit", rt_fentry_precheck},
};

int rt_attach_precheck(struct rt *rt)
{
	const struct sg_bundle *b = rt->b;
	for (size_t pi = 0; pi < b->nprogs; pi++)
		for (size_t ai = 0; ai < b->progs[pi].nattach; ai++) {
			const struct sg_attach *a = &b->progs[pi].attach[ai];
			for (size_t i = 0; i < ARRAY_SIZE(prechecks); i++) {
				int err = strcmp(prechecks[i].provider, a->provider) == 0
						  ? prechecks[i].check(rt, a) : 0;
				if (err)
					return err;
			}
		}
	return 0;
}

pid_t rt_target_pid(const struct rt *rt)
{
	return rt->o->child ? sg_child_pid(rt->o->child) : rt->o->pid;
}

pid_t rt_uprobe_pid(const struct rt *rt)
{
	return sg_child_via_shell(rt->o->child) ? 0 : rt_target_pid(rt);
}

int rt_perf_open(struct perf_event_attr *attr, int cpu)
{
	attr->size = sizeof(*attr);
	int fd = (int)syscall(SYS_perf_event_open, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int rt_perf_link(struct rt *rt, int prog_fd, int pfd, const struct perf_event_attr *attr,
		 uint64_t cookie, const char *what)
{
	/* Kept open rather than left to the link: see detach.c. Software and
	 * hardware events close at once; tracepoints and the uprobe/kprobe
	 * PMUs' events are trace events, each close waits a grace period. */
	if (attr->type == PERF_TYPE_SOFTWARE || attr->type == PERF_TYPE_HARDWARE)
		vec_push(&rt->perf_fds, pfd);
	else
		vec_push(&rt->trace_fds, pfd);
	LIBBPF_OPTS(bpf_link_create_opts, opts, .perf_event.bpf_cookie = cookie);
	int lfd = bpf_link_create(prog_fd, pfd, BPF_PERF_EVENT, &opts);
	if (lfd < 0) {
		fprintf(stderr, "spyglass: %s: cannot attach: %s\n", what, strerror(-lfd));
		return lfd;
	}
	vec_push(&rt->links, lfd);
	return 0;
}

void rt_perf_close_sync(struct rt *rt, int pfd)
{
	for (size_t i = rt->trace_fds.len; i-- > 0;)
		if (rt->trace_fds.data[i] == pfd) {
			rt->trace_fds.data[i] = rt->trace_fds.data[--rt->trace_fds.len];
			vec_push(&rt->perf_fds, pfd);
			return;
		}
}

int rt_run_once(int prog_fd, const char *name)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int err = bpf_prog_test_run_opts(prog_fd, &opts);
	if (err)
		fprintf(stderr, "spyglass: cannot run probe %s: %s\n", name, strerror(-err));
	return err;
}
