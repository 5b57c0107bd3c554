/* Ringbuf events. Records are reserved in the ringbuf and filled in place
 * (no staging copy on the 512-byte stack); a failed reservation bumps a
 * per-CPU lost-event counter that user space reports as `Lost N events`. */
#include <errno.h>
#include <string.h>

#include "codegen/lower_int.h"

#define RINGBUF_SIZE (1u << 20)

static int add_map(struct sg_bundle *b, const char *name, enum sg_map_type type,
		   uint32_t ksize, uint32_t vsize, uint32_t entries)
{
	/* lower_maps sized the table with room for the two internal maps. */
	struct sg_map *m = &b->maps[b->nmaps];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->type = type;
	m->key_size = ksize;
	m->value_size = vsize;
	m->max_entries = entries;
	return (int)b->nmaps++;
}

static void ensure_maps(struct lower *l)
{
	if (l->ringbuf_map < 0)
		l->ringbuf_map = add_map(l->b, ".events", SG_MAP_RINGBUF, 0, 0, RINGBUF_SIZE);
	if (l->lost_map < 0)
		l->lost_map = add_map(l->b, ".lost", SG_MAP_PERCPU_ARRAY, 4, 8, 1);
}

int lower_add_event(struct lower *l, enum sg_action act, const struct srcloc *loc)
{
	struct sg_bundle *b = l->b;
	b->events = xgrow(b->events, b->nevents, sizeof(*b->events));
	struct sg_event *ev = &b->events[b->nevents];
	memset(ev, 0, sizeof(*ev));
	ev->action = act;
	ev->map = -1;
	ev->size = 8;
	ev->args.kind = SG_V_TUPLE;
	if (loc)
		ev->loc = *loc;
	return (int)b->nevents++;
}

static void count_lost(struct lower *l)
{
	int32_t key = lower_alloca(l, 4);
	ir_store(l->f, ir_fp(), key, ir_imm(0), 4);
	int p = lower_map_lookup(l, l->lost_map, key);
	int skip = ir_label(l->f), t = lower_vreg(l);
	ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), skip);
	ir_load(l->f, t, ir_reg(p), 0, 8);
	ir_alu(l->f, BPF_ADD, t, ir_reg(t), ir_imm(1));
	ir_store(l->f, ir_reg(p), 0, ir_reg(t), 8);
	ir_place(l->f, skip);
}

int lower_event(struct lower *l, int event_id, uint32_t size, lower_fill_fn fill, void *arg)
{
	ensure_maps(l);
	l->b->events[event_id].size = size;
	int map = lower_vreg(l);
	ir_ldmap(l->f, map, l->ringbuf_map);
	int rec = lower_call(l, BPF_FUNC_ringbuf_reserve, 3, ir_reg(map), ir_imm(size), ir_imm(0));
	int lost = ir_label(l->f), done = ir_label(l->f);
	ir_jcc(l->f, BPF_JEQ, ir_reg(rec), ir_imm(0), lost);
	ir_store(l->f, ir_reg(rec), 0, ir_imm(event_id), 8);
	int err = fill ? fill(l, rec, arg) : 0;
	lower_call(l, BPF_FUNC_ringbuf_submit, 2, ir_reg(rec), ir_imm(0));
	ir_jmp(l->f, done);
	ir_place(l->f, lost);
	count_lost(l);
	ir_place(l->f, done);
	return err;
}
