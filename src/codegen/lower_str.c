/* String comparison. Against a literal it compares only the literal's bytes
 * and its NUL, in 8/4/2/1-byte chunks (`comm == "bash"` is two compares);
 * between two runtime strings it walks bytes until a difference or a NUL.
 * Arrays (of one integer type, sema checks) compare all their bytes. */
#include <errno.h>
#include <string.h>

#include "codegen/lower_int.h"

static int to_mem(struct lower *l, struct node *n, struct val *v)
{
	memset(v, 0, sizeof(*v));
	int err = lower_expr(l, n, v);
	if (!err && v->kind != VAL_MEM) {
		diag_error(l->d, n->loc, "internal error: string is not in memory");
		return -EINVAL;
	}
	return err;
}

void lower_str_cmp_literal(struct lower *l, const struct val *v, const char *lit, uint32_t n,
			   int ne)
{
	int t = lower_vreg(l);
	struct ir_opnd base = lower_base(v->reg);
	uint32_t i = 0;
	for (uint32_t w = 8; w; w /= 2)
		for (; i + w <= n; i += w) {
			int64_t chunk = 0;
			memcpy(&chunk, lit + i, w);
			ir_load(l->f, t, base, v->off + (int32_t)i, (uint8_t)w);
			ir_jcc(l->f, BPF_JNE, ir_reg(t), ir_imm(chunk), ne);
		}
}

static void cmp_strings(struct lower *l, const struct val *a, const struct val *b,
			uint32_t size, int ne, int eq)
{
	int ta = lower_vreg(l), tb = lower_vreg(l);
	for (uint32_t i = 0; i < size; i++) {
		ir_load(l->f, ta, lower_base(a->reg), a->off + (int32_t)i, 1);
		ir_load(l->f, tb, lower_base(b->reg), b->off + (int32_t)i, 1);
		ir_jcc(l->f, BPF_JNE, ir_reg(ta), ir_reg(tb), ne);
		ir_jcc(l->f, BPF_JEQ, ir_reg(ta), ir_imm(0), eq);
	}
}

int lower_str_branch(struct lower *l, struct node *n, bool eq, int label)
{
	struct node *lit = n->r->kind == N_STR ? n->r : n->l->kind == N_STR ? n->l : NULL;
	struct node *other = lit == n->r ? n->l : n->r;
	int lne = eq ? ir_label(l->f) : label, leq = eq ? label : ir_label(l->f);
	struct val a = {0}, b = {0};
	int err = to_mem(l, other, &a);
	if (err)
		return err;
	if (lit) {
		uint32_t len = (uint32_t)strnlen(lit->str, lit->len) + 1;
		if (len > a.type.size && a.type.size)
			ir_jmp(l->f, lne);
		else
			lower_str_cmp_literal(l, &a, lit->str, len, lne);
	} else {
		err = to_mem(l, lit ? lit : n->l == other ? n->r : n->l, &b);
		if (err)
			return err;
		cmp_strings(l, &a, &b, MIN(a.type.size, b.type.size), lne, leq);
	}
	if (eq) {
		ir_jmp(l->f, label);
		ir_place(l->f, lne);
	} else {
		ir_place(l->f, leq);
	}
	return 0;
}

int lower_array_branch(struct lower *l, struct node *n, bool eq, int label)
{
	struct val a = {0}, b = {0};
	int err = to_mem(l, n->l, &a);
	if (err || (err = to_mem(l, n->r, &b)))
		return err;
	int ne = eq ? ir_label(l->f) : label;
	int ta = lower_vreg(l), tb = lower_vreg(l);
	uint32_t size = MIN(a.type.size, b.type.size);
	for (uint32_t i = 0, w; i < size; i += w) {
		int32_t oa = a.off + (int32_t)i, ob = b.off + (int32_t)i;
		/* stack accesses must be aligned: the widest chunk both allow */
		w = MIN(lower_chunk(oa, size - i), lower_chunk(ob, size - i));
		ir_load(l->f, ta, lower_base(a.reg), oa, (uint8_t)w);
		ir_load(l->f, tb, lower_base(b.reg), ob, (uint8_t)w);
		ir_jcc(l->f, BPF_JNE, ir_reg(ta), ir_reg(tb), ne);
	}
	if (eq) {
		ir_jmp(l->f, label);
		ir_place(l->f, ne);
	}
	return 0;
}
