/* Maps that fill up (max_map_keys): a failed bpf_map_update_elem (E2BIG when
 * the hash map is full, ENOMEM) would silently drop the update, so it bumps
 * a per-CPU counter indexed by the script map, `.full`, that the runtime
 * reports once at exit ("Warning: map @m is full: N updates were dropped"). */
#include <string.h>

#include "codegen/lower_int.h"

/* Created on first use, after every script map: indexes 0..nmaps-1 of the
 * bundle at that point cover them all. lower_maps left room for it. */
static int full_map(struct lower *l)
{
	struct sg_bundle *b = l->b;
	if (b->full_map >= 0)
		return b->full_map;
	struct sg_map *m = &b->maps[b->nmaps];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(".full");
	m->type = SG_MAP_PERCPU_ARRAY;
	m->key_size = 4;
	m->value_size = 8;
	m->max_entries = (uint32_t)(b->nmaps ? b->nmaps : 1);
	b->full_map = (int)b->nmaps++;
	return b->full_map;
}

void lower_count_full(struct lower *l, int map_index, int ret)
{
	struct ir_func *f = l->f;
	int skip = ir_label(f), t = lower_vreg(l);
	ir_jcc(f, BPF_JEQ, ir_reg(ret), ir_imm(0), skip);
	int32_t key = lower_alloca(l, 4);
	ir_store(f, ir_fp(), key, ir_imm(map_index), 4);
	int p = lower_map_lookup(l, full_map(l), key);
	ir_jcc(f, BPF_JEQ, ir_reg(p), ir_imm(0), skip);
	ir_load(f, t, ir_reg(p), 0, 8);
	ir_alu(f, BPF_ADD, t, ir_reg(t), ir_imm(1));
	ir_store(f, ir_reg(p), 0, ir_reg(t), 8);
	ir_place(f, skip);
}
