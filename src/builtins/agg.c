/* Aggregations: count, sum, min, max, avg, stats, hist, lhist. Values live in
 * per-CPU hash maps (no lost updates, no atomics) and are merged in user
 * space. Each update is lookup → in-place update, or insert when absent. */
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>

#include "builtins/funcs_int.h"
#include "codegen/lower.h"
#include "sema/sema_int.h"

static int literal(struct sema *s, struct node *n, int64_t *out)
{
	if (n->kind == N_INT) {
		*out = (int64_t)n->num;
		return 0;
	}
	if (n->kind == N_UNOP && n->op == OP_NEG && n->l->kind == N_INT) {
		*out = -(int64_t)n->l->num;
		return 0;
	}
	return sema_err(s, n->loc, "expected an integer literal");
}

static int check_lhist(struct sema *s, struct sema_map *m, struct node *call)
{
	int64_t lo = 0, hi = 0, step = 0;
	struct node *a = call->args->next;
	int err = literal(s, a, &lo);
	err = err ? err : literal(s, a->next, &hi);
	err = err ? err : literal(s, a->next->next, &step);
	if (err)
		return err;
	if (step <= 0)
		return sema_err(s, a->next->next->loc, "lhist() step must be positive");
	if (hi <= lo)
		return sema_err(s, a->next->loc, "lhist() max must be greater than min");
	if ((hi - lo) / step > 10000)
		return sema_err(s, call->loc, "lhist() would have more than 10000 buckets");
	if (m->value_known && m->agg == SG_AGG_LHIST &&
	    (m->lhist_min != lo || m->lhist_max != hi || m->lhist_step != step))
		return sema_err(s, call->loc, "map %s is used with different lhist() parameters",
				m->name);
	m->lhist_min = lo;
	m->lhist_max = hi;
	m->lhist_step = step;
	return 0;
}

/* hist(v, k): k (0..5, a literal) splits each power of two into 2^k buckets. */
static int check_hist(struct sema *s, struct sema_map *m, struct node *call)
{
	int64_t k = 0;
	struct node *kn = call->args->next;
	if (kn && literal(s, kn, &k))
		return -EINVAL;
	if (k < 0 || k > 5)
		return sema_err(s, kn->loc, "hist() second argument must be between 0 and 5");
	if (m->value_known && m->agg == SG_AGG_HIST && m->hist_bits != (uint32_t)k)
		return sema_err(s, call->loc, "map %s is used with different hist() parameters",
				m->name);
	m->hist_bits = (uint32_t)k;
	return 0;
}

int agg_check(struct sema *s, struct node *map, struct node *call)
{
	const struct sg_func *f = call->res.func;
	int err = sema_check_nargs(s, call, f->min_args, f->max_args);
	for (struct node *a = call->args; a && !err; a = a->next)
		err = sema_expr(s, a);
	if (err)
		return err;
	struct node *v = call->args;
	if (v && v->type.kind != T_INT && v->type.kind != T_NONE) {
		char b[64];
		return sema_err(s, v->loc, "%s() expects an integer, not %s", call->name,
				type_name(&v->type, b, sizeof(b)));
	}
	if (f->agg == SG_AGG_HIST && (err = check_hist(s, map->res.map, call)))
		return err;
	if (f->agg == SG_AGG_LHIST && (err = check_lhist(s, map->res.map, call)))
		return err;
	struct type t = f->agg == SG_AGG_COUNT ? type_int(8, false)
		      : f->agg == SG_AGG_HIST || f->agg == SG_AGG_LHIST ? type_int(8, false)
		      : v && v->type.kind == T_INT ? type_int(8, v->type.is_signed) : type_int(8, true);
	call->type = (struct type){.kind = T_AGG, .agg = f->agg, .size = 8};
	return err ? err : sema_map_value(s, map, &t, f->agg);
}

/* ---- lowering ---- */

struct agg_ctx {
	enum sg_agg agg;
	struct ir_opnd v; /* the aggregated value (count: 1) */
};

/* In-place update of an existing per-CPU slot at [p]. */
static void update_slot(struct lower *l, const struct agg_ctx *a, int p)
{
	struct ir_func *f = l->f;
	int t = lower_vreg(l), skip = ir_label(f), set = ir_label(f);
	switch (a->agg) {
	case SG_AGG_MIN:
	case SG_AGG_MAX:
		ir_load(f, t, ir_reg(p), 8, 8);
		ir_jcc(f, BPF_JEQ, ir_reg(t), ir_imm(0), set);
		ir_load(f, t, ir_reg(p), 0, 8);
		ir_jcc(f, a->agg == SG_AGG_MIN ? BPF_JSLE : BPF_JSGE, ir_reg(t), a->v, skip);
		ir_place(f, set);
		ir_store(f, ir_reg(p), 0, a->v, 8);
		ir_store(f, ir_reg(p), 8, ir_imm(1), 8);
		ir_place(f, skip);
		break;
	case SG_AGG_AVG:
	case SG_AGG_STATS:
		ir_load(f, t, ir_reg(p), 8, 8);
		ir_alu(f, BPF_ADD, t, ir_reg(t), ir_imm(1));
		ir_store(f, ir_reg(p), 8, ir_reg(t), 8);
		/* fall through: total += v */
		__attribute__((fallthrough));
	default:
		ir_load(f, t, ir_reg(p), 0, 8);
		ir_alu(f, BPF_ADD, t, ir_reg(t), a->v);
		ir_store(f, ir_reg(p), 0, ir_reg(t), 8);
	}
}

/* First value on this key: insert {v} or {v, 1}. */
static void insert_slot(struct lower *l, const struct agg_ctx *a, int map_index, struct lmem key)
{
	bool pair = a->agg == SG_AGG_MIN || a->agg == SG_AGG_MAX || a->agg == SG_AGG_AVG ||
		    a->agg == SG_AGG_STATS;
	int32_t val = lower_alloca(l, 16);
	ir_store(l->f, ir_fp(), val, a->v, 8);
	if (pair)
		ir_store(l->f, ir_fp(), val + 8, ir_imm(1), 8);
	int m = lower_vreg(l);
	ir_ldmap(l->f, m, map_index);
	int k = lower_mem_addr(l, key), v = lower_addr(l, ir_fp(), val);
	int ret = lower_call(l, BPF_FUNC_map_update_elem, 4, ir_reg(m), ir_reg(k), ir_reg(v),
			     ir_imm(BPF_ANY));
	lower_count_full(l, map_index, ret);
}

/* bpftrace's log2 buckets with k sub-bucket bits: 0 for negatives, v + 1
 * for v < 2^k, else with l = floor(log2 v) - k (so v >> l is in
 * [2^k, 2^(k+1))): 1 + (v >> l) + (l << k). k = 0 gives 2 + floor(log2 v). */
static int log2_bucket(struct lower *l, struct ir_opnd v, uint32_t k)
{
	struct ir_func *f = l->f;
	int n = lower_vreg(l), r = lower_vreg(l), t = lower_vreg(l), done = ir_label(f);
	int lg = lower_vreg(l), v0 = lower_vreg(l);
	ir_mov(f, n, v);
	ir_mov(f, r, ir_imm(0));
	ir_jcc(f, BPF_JSLT, ir_reg(n), ir_imm(0), done);
	ir_alu(f, BPF_ADD, r, ir_reg(n), ir_imm(1));
	ir_jcc(f, BPF_JLT, ir_reg(n), ir_imm((int64_t)1 << k), done);
	ir_mov(f, v0, ir_reg(n));
	ir_mov(f, lg, ir_imm(0));
	for (int shift = 32; shift; shift /= 2) {
		int skip = ir_label(f);
		ir_alu(f, BPF_RSH, t, ir_reg(n), ir_imm(shift));
		ir_jcc(f, BPF_JEQ, ir_reg(t), ir_imm(0), skip);
		ir_mov(f, n, ir_reg(t));
		ir_alu(f, BPF_ADD, lg, ir_reg(lg), ir_imm(shift));
		ir_place(f, skip);
	}
	if (k == 0) {
		/* one bucket per power of two: v >> lg is always 1, so the bucket
		 * is lg + 2 — five instructions fewer on the hot path */
		ir_alu(f, BPF_ADD, r, ir_reg(lg), ir_imm(2));
		ir_place(f, done);
		return r;
	}
	ir_alu(f, BPF_SUB, lg, ir_reg(lg), ir_imm(k)); /* >= 0: v >= 2^k here */
	ir_alu(f, BPF_RSH, r, ir_reg(v0), ir_reg(lg));
	ir_alu(f, BPF_LSH, lg, ir_reg(lg), ir_imm(k));
	ir_alu(f, BPF_ADD, r, ir_reg(r), ir_reg(lg));
	ir_alu(f, BPF_ADD, r, ir_reg(r), ir_imm(1));
	ir_place(f, done);
	return r;
}

/* lhist buckets: 0 below min, 1 + (v - min) / step inside, the last at/above max. */
static int linear_bucket(struct lower *l, const struct sema_map *m, struct ir_opnd v)
{
	struct ir_func *f = l->f;
	int r = lower_vreg(l), n = lower_vreg(l), done = ir_label(f);
	ir_mov(f, n, v);
	ir_mov(f, r, ir_imm(0));
	ir_jcc(f, BPF_JSLT, ir_reg(n), ir_imm(m->lhist_min), done);
	ir_mov(f, r, ir_imm((m->lhist_max - m->lhist_min) / m->lhist_step + 1));
	ir_jcc(f, BPF_JSGE, ir_reg(n), ir_imm(m->lhist_max), done);
	ir_alu(f, BPF_SUB, r, ir_reg(n), ir_imm(m->lhist_min));
	ir_alu(f, BPF_DIV, r, ir_reg(r), ir_imm(m->lhist_step));
	ir_alu(f, BPF_ADD, r, ir_reg(r), ir_imm(1));
	ir_place(f, done);
	return r;
}

/* The bucket is the key's last u64, or the whole u32 index of a bucket array. */
static void store_bucket(struct lower *l, const struct sg_map *bm, struct lmem key, int b)
{
	if (sg_map_bucket_array(bm))
		ir_store(l->f, key.base, key.off, ir_reg(b), 4);
	else
		ir_store(l->f, key.base, key.off + (int32_t)bm->key_size - 8, ir_reg(b), 8);
}

int agg_lower(struct lower *l, struct node *map, struct node *call)
{
	struct sema_map *m = map->res.map;
	struct agg_ctx a = {.agg = m->agg, .v = ir_imm(1)};
	int err = 0;
	if (call->args && m->agg != SG_AGG_HIST && m->agg != SG_AGG_LHIST)
		err = lower_int(l, call->args, &a.v);
	struct lmem key;
	err = err ? err : lower_map_key(l, map, &key);
	if (err)
		return err;
	if (m->agg == SG_AGG_HIST || m->agg == SG_AGG_LHIST) {
		struct ir_opnd v;
		if ((err = lower_int(l, call->args, &v)))
			return err;
		int b = m->agg == SG_AGG_HIST ? log2_bucket(l, v, m->hist_bits) : linear_bucket(l, m, v);
		store_bucket(l, &l->b->maps[m->index], key, b);
		a.agg = SG_AGG_COUNT;
	}
	const struct sg_map *bm = &l->b->maps[m->index];
	int p = lower_map_lookup_at(l, m->index, key);
	int absent = ir_label(l->f), done = ir_label(l->f);
	ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), sg_map_is_array(bm) ? done : absent);
	update_slot(l, &a, p);
	if (sg_map_is_array(bm)) { /* every slot exists: nothing to insert */
		ir_place(l->f, done);
		return 0;
	}
	ir_jmp(l->f, done);
	ir_place(l->f, absent);
	insert_slot(l, &a, m->index, key);
	ir_place(l->f, done);
	return 0;
}
