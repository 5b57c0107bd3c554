/* Map access: key building, lookup, read, plain assignment, delete, ++/--,
 * and the bundle's map table. Aggregations (count, sum, hist, ...) have their
 * own updates in src/builtins/agg.c. */
#include <errno.h>
#include <string.h>

#include "builtins/builtin.h"
#include "codegen/lower_int.h"

static uint32_t value_size(const struct sema_map *m)
{
	switch (m->agg) {
	case SG_AGG_NONE: return ALIGN_UP(m->value.size, 8);
	case SG_AGG_MIN:
	case SG_AGG_MAX: return sizeof(struct sg_minmax);
	case SG_AGG_AVG:
	case SG_AGG_STATS: return sizeof(struct sg_avg);
	default: return 8;
	}
}

static void map_from_sema(struct sema *s, const struct sema_map *m, struct sg_map *out)
{
	bool hist = m->agg == SG_AGG_HIST || m->agg == SG_AGG_LHIST;
	out->name = xstrdup(m->name);
	out->type = m->agg == SG_AGG_NONE ? SG_MAP_HASH : SG_MAP_PERCPU_HASH;
	out->nkeys = m->nkeys;
	out->key_size = m->nkeys ? m->key.size : 8;
	if (hist)
		out->key_size = (m->nkeys ? m->key.size : 0) + 8;
	out->value_size = value_size(m);
	out->max_entries = m->nkeys || hist ? s->opts.max_map_keys : 1;
	out->agg = m->agg;
	if (m->nkeys)
		type_to_desc(&m->key, 0, &out->key);
	type_to_desc(&m->value, 0, &out->value);
	out->lhist_min = m->lhist_min;
	out->lhist_max = m->lhist_max;
	out->lhist_step = m->lhist_step;
	out->hist_bits = m->hist_bits;
}

/* Variables bigger than this go to the per-CPU scratch map: the 512-byte
 * BPF stack cannot hold a few max_strlen = 1024 strings. */
#define SCRATCH_MIN 256

/* Gives each big variable an offset in its probe's part of the scratch
 * value (probes run one at a time per CPU, so they share it); returns
 * the value size needed. */
static uint32_t scratch_layout(struct sema *s)
{
	uint32_t need = 0;
	for (size_t i = 0; i < s->probes.len; i++) {
		uint32_t off = 0;
		for (struct sema_var *v = s->probes.data[i]->vars; v; v = v->next) {
			bool mem = v->type.kind == T_STR || v->type.kind == T_TUPLE;
			v->scratch = mem && v->type.size > SCRATCH_MIN;
			if (!v->scratch)
				continue;
			v->slot = (int32_t)off;
			off += ALIGN_UP(v->type.size, 8);
		}
		need = MAX(need, off);
	}
	return need;
}

int lower_scratch_map(const struct sg_bundle *b)
{
	const struct sg_map *m = sg_bundle_map(b, ".scratch");
	return m ? (int)(m - b->maps) : -1;
}

int lower_maps(struct sema *s, struct sg_bundle *b)
{
	/* + .events .lost .full .scratch .stacks .ustack_pids .loopvars */
	b->maps = xcalloc(s->maps.len + 7, sizeof(*b->maps));
	for (size_t i = 0; i < s->maps.len; i++) {
		struct sema_map *m = s->maps.data[i];
		m->index = (int)b->nmaps;
		map_from_sema(s, m, &b->maps[b->nmaps++]);
	}
	uint32_t scratch = scratch_layout(s);
	if (scratch) {
		struct sg_map *m = &b->maps[b->nmaps++];
		m->name = xstrdup(".scratch");
		m->type = SG_MAP_PERCPU_ARRAY;
		m->key_size = 4;
		m->value_size = scratch;
		m->max_entries = 1;
	}
	return 0;
}

int lower_map_key(struct lower *l, struct node *n, int32_t *off)
{
	struct sema_map *m = n->res.map;
	const struct sg_map *bm = &l->b->maps[m->index];
	ir_set_loc(l->f, n->loc); /* a stack overflow names the key */
	*off = lower_alloca(l, bm->key_size);
	if (!m->nkeys) {
		if (bm->key_size >= 8 && m->agg != SG_AGG_HIST && m->agg != SG_AGG_LHIST)
			ir_store(l->f, ir_fp(), *off, ir_imm(0), 8);
		return 0;
	}
	uint32_t i = 0;
	for (struct node *k = n->args; k; k = k->next, i++) {
		const struct field *f = &m->key.rec->fields[i];
		uint32_t size = ALIGN_UP(f->type.size, 8);
		int err = lower_expr_into(l, k, ir_fp(), *off + (int32_t)f->offset, size, true);
		if (err)
			return err;
	}
	return 0;
}

int lower_map_lookup(struct lower *l, int map_index, int32_t key_off)
{
	int map = lower_vreg(l);
	ir_ldmap(l->f, map, map_index);
	int key = lower_addr(l, ir_fp(), key_off);
	return lower_call(l, BPF_FUNC_map_lookup_elem, 2, ir_reg(map), ir_reg(key));
}

/* map[key] = [fp + val_off] */
static void map_update(struct lower *l, int map_index, int32_t key_off, int32_t val_off)
{
	int map = lower_vreg(l);
	ir_ldmap(l->f, map, map_index);
	int key = lower_addr(l, ir_fp(), key_off);
	int val = lower_addr(l, ir_fp(), val_off);
	int ret = lower_call(l, BPF_FUNC_map_update_elem, 4, ir_reg(map), ir_reg(key),
			     ir_reg(val), ir_imm(BPF_ANY));
	lower_count_full(l, map_index, ret);
}

/* Values read into a register; the others (strings, tuples, the values
 * user space renders: strftime(), ntop(), usym() ...) are copied as bytes. */
static bool reg_value(const struct type *t)
{
	return t->kind == T_INT || t->kind == T_PTR || t->kind == T_PROBE || t->kind == T_FUNC;
}

int lower_map_read(struct lower *l, struct node *n, struct val *out)
{
	struct sema_map *m = n->res.map;
	int32_t key;
	int err = lower_map_key(l, n, &key);
	if (err)
		return err;
	if (m->agg != SG_AGG_NONE)
		return lower_agg_read(l, m, key, out);
	int p = lower_map_lookup(l, m->index, key);
	int missing = ir_label(l->f), done = ir_label(l->f);
	out->type = m->value;
	if (reg_value(&m->value)) {
		int r = lower_vreg(l);
		ir_mov(l->f, r, ir_imm(0));
		ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), done);
		ir_load(l->f, r, ir_reg(p), 0, 8);
		ir_place(l->f, done);
		out->kind = VAL_REG;
		out->reg = r;
		return 0;
	}
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, m->value.size, &off);
	uint32_t size = out->want_dst ? out->dst_size : m->value.size;
	ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), missing);
	lower_copy(l, base, off, ir_reg(p), 0, MIN(size, m->value.size));
	if (out->pad && size > m->value.size)
		lower_zero(l, base, off + (int32_t)m->value.size, size - m->value.size);
	ir_jmp(l->f, done);
	ir_place(l->f, missing);
	lower_zero(l, base, off, size);
	ir_place(l->f, done);
	return 0;
}

/* The value of `@m op= rhs`: @m's current value (0 if absent) op rhs. */
static int compound_value(struct lower *l, struct node *map, struct node *assign,
			  int32_t val_off)
{
	struct node cur = *map, bin = {.kind = N_BINOP, .loc = assign->loc, .op = assign->op,
				       .l = &cur, .r = assign->r, .type = map->type};
	cur.next = NULL;
	return lower_expr_into(l, &bin, ir_fp(), val_off, 8, true);
}

int lower_map_assign(struct lower *l, struct node *map, struct node *assign)
{
	struct node *rhs = assign->r;
	if (rhs->kind == N_CALL && rhs->res.func && rhs->res.func->is_agg && !assign->op)
		return rhs->res.func->lower_agg(l, map, rhs);
	struct sema_map *m = map->res.map;
	uint32_t vsize = l->b->maps[m->index].value_size;
	int32_t val = lower_alloca(l, vsize);
	int err = assign->op ? compound_value(l, map, assign, val)
			     : lower_expr_into(l, rhs, ir_fp(), val, vsize, true);
	int32_t key;
	err = err ? err : lower_map_key(l, map, &key);
	if (err)
		return err;
	map_update(l, m->index, key, val);
	return 0;
}

int lower_map_delete(struct lower *l, struct node *map)
{
	int32_t key;
	int err = lower_map_key(l, map, &key);
	if (err)
		return err;
	int mr = lower_vreg(l);
	ir_ldmap(l->f, mr, map->res.map->index);
	int k = lower_addr(l, ir_fp(), key);
	lower_call(l, BPF_FUNC_map_delete_elem, 2, ir_reg(mr), ir_reg(k));
	return 0;
}

int lower_map_incdec(struct lower *l, struct node *n, struct val *out)
{
	struct node *map = n->l;
	struct val cur = {0};
	int err = lower_map_read(l, map, &cur);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_alu(l->f, BPF_ADD, r, ir_reg(cur.reg), ir_imm(n->op == OP_ADD ? 1 : -1));
	int32_t val = lower_alloca(l, 8), key;
	ir_store(l->f, ir_fp(), val, ir_reg(r), 8);
	err = lower_map_key(l, map, &key);
	if (err)
		return err;
	map_update(l, map->res.map->index, key, val);
	out->kind = VAL_REG;
	out->reg = n->post ? cur.reg : r;
	out->type = n->type;
	return 0;
}
