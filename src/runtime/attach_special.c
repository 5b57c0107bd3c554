/* BEGIN and END: nothing to attach. The programs are raw-tracepoint
 * programs that the runtime runs once with BPF_PROG_TEST_RUN, BEGIN after
 * everything else is attached and END after everything is detached. */
#include "runtime/rt.h"

static int attach_begin(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	vec_push(&rt->begin, (int)pi);
	rt->nprobes++;
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
