/* BEGIN and END: nothing to attach. The programs are raw-tracepoint
 * programs that the runtime runs once with BPF_PROG_TEST_RUN: BEGIN before
 * anything else is attached (bpftrace's order, rt_run_begin) and END after
 * everything is detached. */
#include <string.h>

#include "runtime/rt.h"

int rt_run_begin(struct rt *rt)
{
	for (size_t pi = 0; pi < rt->b->nprogs; pi++) {
		const struct sg_prog *p = &rt->b->progs[pi];
		if (p->nattach && strcmp(p->attach[0].provider, "begin") == 0) {
			int err = rt_run_once(rt->prog_fds[pi], p->name);
			if (err)
				return err;
		}
	}
	return 0;
}

static int attach_begin(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	rt->nprobes++; /* already run by rt_run_begin */
	return 0;
}

static int attach_end(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	vec_push(&rt->end, (int)pi);
	rt->nprobes++;
	return 0;
}

const struct rt_attacher rt_attach_begin = {.provider = "begin", .attach = attach_begin};
const struct rt_attacher rt_attach_end = {.provider = "end", .attach = attach_end};
