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

/* Largest log2 bucket of hist(v, k) (v = INT64_MAX, see log2_bucket). */
static uint32_t hist_max_bucket(uint32_t k)
{
	return (2u << k) + ((62u - k) << k);
}

/* A map without keys becomes an array (see sg_map_bucket_array): the
 * kernel inlines array lookups, so the hot path loses a hash lookup. */
static void keyless_array(const struct sema_map *m, struct sg_map *out)
{
	out->type = m->agg == SG_AGG_NONE ? SG_MAP_ARRAY : SG_MAP_PERCPU_ARRAY;
	out->key_size = 4;
	out->max_entries = 1;
	if (m->agg == SG_AGG_HIST)
		out->max_entries = hist_max_bucket(m->hist_bits) + 1;
	if (m->agg == SG_AGG_LHIST)
		out->max_entries = (uint32_t)((m->lhist_max - m->lhist_min) / m->lhist_step + 2);
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
	if (!m->nkeys && !m->decl && !m->needs_hash)
		keyless_array(m, out);
	if (m->decl) {
		out->type = (enum sg_map_type)m->decl->type;
		out->max_entries = m->decl->max_entries;
		out->declared = true;
		if (out->type == SG_MAP_PERCPU_ARRAY)
			out->key_size = 4; /* the index */
	}
	out->lhist_min = m->lhist_min;
	out->lhist_max = m->lhist_max;
	out->lhist_step = m->lhist_step;
	out->hist_bits = m->hist_bits;
}

/* Gives each big variable of probe p an offset in its part of the scratch
 * value (probes run one at a time per CPU, so they share it); returns the
 * bytes they take. Integers and pointers stay in registers/stack slots. */
static uint32_t scratch_vars(struct sema *s, struct sema_probe *p)
{
	uint32_t off = 0;
	for (struct sema_var *v = p->vars; v; v = v->next) {
		bool mem = v->type.kind != T_INT && v->type.kind != T_PTR;
		v->scratch = mem && v->type.size > LOWER_STACK_VALUE_MAX;
		if (!v->scratch)
			continue;
		v->slot = (int32_t)off;
		off += ALIGN_UP(v->type.size, 8);
		if (off > SG_VALUE_MAX) {
			diag_error(s->d, v->loc, "the variables of this probe need more than the %u "
				   "bytes of per-CPU scratch memory a probe can use", SG_VALUE_MAX);
			return off;
		}
	}
	return off;
}

static bool is_mem(const struct type *t)
{
	return t->kind != T_INT && t->kind != T_PTR && t->kind != T_NONE && t->kind != T_VOID;
}

/* Does node n make a temporary that lower_temp puts in the scratch map? */
static bool big_value(const struct node *n, void *arg)
{
	if (is_mem(&n->type) && n->type.size > LOWER_STACK_VALUE_MAX)
		return true;
	const struct sema_map *m = n->kind == N_MAP ? n->res.map : NULL;
	/* its key (hist buckets add 8 bytes) or value slot */
	return m && (m->key.size + 8 > LOWER_STACK_VALUE_MAX ||
		     m->value.size > LOWER_STACK_VALUE_MAX);
}

static bool probe_needs_scratch(struct sema_probe *p)
{
	return p->scratch_vars || node_any(p->ast->pred, big_value, NULL) ||
	       node_any(p->ast->body, big_value, NULL);
}

int lower_scratch_map(const struct sg_bundle *b)
{
	const struct sg_map *m = sg_bundle_map(b, ".scratch");
	return m ? (int)(m - b->maps) : -1;
}

/* The ".scratch" map when some probe needs it; lower_probe grows its value
 * to the temporaries it uses. */
static int scratch_map(struct sema *s, struct sg_bundle *b)
{
	uint32_t size = 0;
	bool any = false;
	for (size_t i = 0; i < s->probes.len; i++) {
		struct sema_probe *p = s->probes.data[i];
		p->scratch_vars = scratch_vars(s, p);
		if (p->scratch_vars > SG_VALUE_MAX)
			return -E2BIG;
		p->scratch = probe_needs_scratch(p);
		any |= p->scratch;
		size = MAX(size, p->scratch_vars);
	}
	if (!any)
		return 0;
	struct sg_map *m = &b->maps[b->nmaps++];
	m->name = xstrdup(".scratch");
	m->type = SG_MAP_PERCPU_ARRAY;
	m->key_size = 4;
	m->value_size = MAX(size, 8u);
	m->max_entries = 1;
	return 0;
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
	return scratch_map(s, b);
}

int lower_map_key(struct lower *l, struct node *n, struct lmem *key)
{
	struct sema_map *m = n->res.map;
	const struct sg_map *bm = &l->b->maps[m->index];
	ir_set_loc(l->f, n->loc); /* a stack overflow names the key */
	*key = lower_temp(l, bm->key_size);
	if (!m->nkeys) {
		if (bm->key_size >= 4 && m->agg != SG_AGG_HIST && m->agg != SG_AGG_LHIST)
			ir_store(l->f, key->base, key->off, ir_imm(0), (uint8_t)MIN(bm->key_size, 8));
		return 0;
	}
	uint32_t i = 0;
	for (struct node *k = n->args; k; k = k->next, i++) {
		const struct field *f = &m->key.rec->fields[i];
		uint32_t size = ALIGN_UP(f->type.size, 8);
		int err = lower_expr_into(l, k, key->base, key->off + (int32_t)f->offset, size, true);
		if (err)
			return err;
	}
	return 0;
}

int lower_map_lookup_at(struct lower *l, int map_index, struct lmem key)
{
	int map = lower_vreg(l);
	ir_ldmap(l->f, map, map_index);
	int k = lower_mem_addr(l, key);
	return lower_call(l, BPF_FUNC_map_lookup_elem, 2, ir_reg(map), ir_reg(k));
}

int lower_map_lookup(struct lower *l, int map_index, int32_t key_off)
{
	return lower_map_lookup_at(l, map_index, (struct lmem){ir_fp(), key_off});
}

/* map[key] = value */
static void map_update(struct lower *l, int map_index, struct lmem key, struct lmem val)
{
	const struct sg_map *bm = &l->b->maps[map_index];
	/* an array slot exists: write small values in place (no helper call) */
	if (sg_map_is_array(bm) && bm->value_size <= 128) {
		int p = lower_map_lookup_at(l, map_index, key), skip = ir_label(l->f);
		ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), skip);
		lower_copy(l, ir_reg(p), 0, val.base, val.off, bm->value_size);
		ir_place(l->f, skip);
		return;
	}
	int map = lower_vreg(l);
	ir_ldmap(l->f, map, map_index);
	int k = lower_mem_addr(l, key), v = lower_mem_addr(l, val);
	int ret = lower_call(l, BPF_FUNC_map_update_elem, 4, ir_reg(map), ir_reg(k),
			     ir_reg(v), ir_imm(BPF_ANY));
	lower_count_full(l, map_index, ret);
}

/* Map values read into a register; the others (strings, tuples, structs,
 * arrays, the values user space renders: strftime(), ntop(), usym() ...)
 * are copied to the destination as bytes. */
static bool in_reg(const struct type *t)
{
	return t->kind == T_INT || t->kind == T_PTR || t->kind == T_PROBE || t->kind == T_FUNC;
}

/* A string, tuple or struct value: copied from the map (zeros if absent). */
static void read_mem_value(struct lower *l, const struct sema_map *m, int p, struct val *out)
{
	int missing = ir_label(l->f), done = ir_label(l->f);
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
}

int lower_map_read(struct lower *l, struct node *n, struct val *out)
{
	struct sema_map *m = n->res.map;
	struct lmem key;
	int err = lower_map_key(l, n, &key);
	if (err)
		return err;
	if (m->agg != SG_AGG_NONE)
		return lower_agg_read(l, m, key, out);
	int p = lower_map_lookup_at(l, m->index, key);
	if (m->nkeys)
		lower_check_lookup(l, p);
	out->type = m->value;
	if (!in_reg(&m->value)) {
		read_mem_value(l, m, p, out);
		return 0;
	}
	int r = lower_vreg(l), done = ir_label(l->f);
	ir_mov(l->f, r, ir_imm(0));
	ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), done);
	ir_load(l->f, r, ir_reg(p), 0, 8);
	ir_place(l->f, done);
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

/* The value of `@m op= rhs`: @m's current value (0 if absent) op rhs. */
static int compound_value(struct lower *l, struct node *map, struct node *assign,
			  struct lmem val)
{
	struct node cur = *map, bin = {.kind = N_BINOP, .loc = assign->loc, .op = assign->op,
				       .l = &cur, .r = assign->r, .type = map->type};
	cur.next = NULL;
	return lower_expr_into(l, &bin, val.base, val.off, 8, true);
}

int lower_map_assign(struct lower *l, struct node *map, struct node *assign)
{
	struct node *rhs = assign->r;
	if (rhs->kind == N_CALL && rhs->res.func && rhs->res.func->is_agg && !assign->op)
		return rhs->res.func->lower_agg(l, map, rhs);
	struct sema_map *m = map->res.map;
	uint32_t vsize = l->b->maps[m->index].value_size;
	struct lmem val = lower_temp(l, vsize), key;
	int err = assign->op ? compound_value(l, map, assign, val)
			     : lower_tuple_into(l, rhs, &m->value, val.base, val.off, vsize);
	err = err ? err : lower_map_key(l, map, &key);
	if (err)
		return err;
	map_update(l, m->index, key, val);
	return 0;
}

int lower_map_delete(struct lower *l, struct node *map, struct srcloc loc)
{
	struct lmem key;
	int err = lower_map_key(l, map, &key);
	if (err)
		return err;
	ir_set_loc(l->f, loc);
	const struct sg_map *bm = &l->b->maps[map->res.map->index];
	if (sg_map_is_array(bm)) { /* array slots cannot be deleted: zero it */
		int p = lower_map_lookup_at(l, map->res.map->index, key), skip = ir_label(l->f);
		ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), skip);
		lower_zero(l, ir_reg(p), 0, bm->value_size);
		ir_place(l->f, skip);
		return 0;
	}
	int mr = lower_vreg(l);
	ir_ldmap(l->f, mr, map->res.map->index);
	int k = lower_mem_addr(l, key);
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
	struct lmem val = {ir_fp(), lower_alloca(l, 8)}, key;
	ir_store(l->f, val.base, val.off, ir_reg(r), 8);
	err = lower_map_key(l, map, &key);
	if (err)
		return err;
	map_update(l, map->res.map->index, key, val);
	out->kind = VAL_REG;
	out->reg = n->post ? cur.reg : r;
	out->type = n->type;
	return 0;
}
