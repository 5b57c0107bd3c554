/* Stacks: the output module reads kstack/ustack frames by id from the
 * ".stacks" BPF_MAP_TYPE_STACK_TRACE map through a reader registered here;
 * SG_ACT_USTACK_PID records (a pid's first ustack, sent once per pid by the
 * probe) make us snapshot that process's mappings while it is alive, so
 * stacks printed after it exits still get symbols. */
#include <bpf/bpf.h>
#include <string.h>

#include "runtime/rt.h"
#include "sym/usyms.h"

static int read_stack(void *ctx, uint32_t id, uint64_t *ips, int max)
{
	struct rt *rt = ctx;
	const struct sg_map *m = sg_bundle_map(rt->b, ".stacks");
	if (!m || !rt->map_fds)
		return 0;
	int fd = rt->map_fds[m - rt->b->maps];
	int n = (int)(m->value_size / 8);
	if (fd < 0 || n > max)
		return 0;
	memset(ips, 0, (size_t)n * sizeof(*ips));
	return bpf_map_lookup_elem(fd, &id, ips) == 0 ? n : 0;
}

void rt_stacks_init(struct rt *rt)
{
	if (sg_bundle_map(rt->b, ".stacks"))
		output_set_stack_reader(read_stack, rt);
}

void rt_stacks_fini(struct rt *rt)
{
	output_set_stack_reader(NULL, NULL);
}

void rt_ustack_pid(struct rt *rt, const uint8_t *rec, size_t len)
{
	uint32_t pid;
	if (len < 12)
		return;
	memcpy(&pid, rec + 8, 4);
	usyms_snapshot(usyms_default(), (int)pid);
}
