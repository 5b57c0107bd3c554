/* Maps that filled up (max_map_keys): the programs count failed updates per
 * script map in the per-CPU `.full` map (src/codegen/lower_full.c); each map
 * that lost updates is reported once, at exit (text: stderr; JSON: a
 * map_full record). */
#include <bpf/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/rt.h"

/* The sum over CPUs of .full[mi]. */
static uint64_t dropped(struct rt *rt, int fd, uint32_t mi)
{
	uint64_t *v = xcalloc((size_t)rt->ncpus, sizeof(uint64_t));
	uint64_t sum = 0;
	if (bpf_map_lookup_elem(fd, &mi, v) == 0)
		for (int i = 0; i < rt->ncpus; i++)
			sum += v[i];
	free(v);
	return sum;
}

void rt_report_full(struct rt *rt)
{
	const struct sg_bundle *b = rt->b;
	int fi = b->full_map;
	/* Bundles built by hand (tests) leave the field zeroed: check the map. */
	if (fi < 0 || (size_t)fi >= b->nmaps || strcmp(b->maps[fi].name, ".full") != 0 ||
	    rt->map_fds[fi] < 0)
		return;
	for (uint32_t mi = 0; mi < b->maps[fi].max_entries && mi < b->nmaps; mi++) {
		uint64_t n = dropped(rt, rt->map_fds[fi], mi);
		if (n)
			output_map_full(rt->out, b->maps[mi].name, n, b->maps[mi].declared);
	}
}
