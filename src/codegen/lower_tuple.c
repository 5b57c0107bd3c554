/* Tuples in memory: fields at their sema_tuple offsets (8-aligned), ints
 * stored as 64 bits, the gaps zeroed so tuples compare bytewise as keys. */
#include <errno.h>
#include <string.h>

#include "codegen/lower_int.h"

/* Copies tuple `from` at [sb + so] into the layout `to` at [db + doff]
 * (the same fields, strings at least as wide): field by field, since a
 * wider string moves the fields after it. [db + doff] is zeroed already. */
static void tuple_relayout(struct lower *l, const struct type *from, struct ir_opnd sb,
			   int32_t so, const struct type *to, struct ir_opnd db, int32_t doff)
{
	for (uint32_t i = 0; i < to->rec->nfields && i < from->rec->nfields; i++) {
		const struct field *ff = &from->rec->fields[i], *tf = &to->rec->fields[i];
		int32_t s = so + (int32_t)ff->offset, d = doff + (int32_t)tf->offset;
		if (tf->type.kind == T_TUPLE && !type_equal(&ff->type, &tf->type))
			tuple_relayout(l, &ff->type, sb, s, &tf->type, db, d);
		else
			lower_copy(l, db, d, sb, s, MIN(ff->type.size, tf->type.size));
	}
}

int lower_tuple_into(struct lower *l, struct node *n, const struct type *t, struct ir_opnd base,
		     int32_t off, uint32_t size)
{
	if (t->kind != T_TUPLE || n->type.kind != T_TUPLE || type_equal(&n->type, t))
		return lower_expr_into(l, n, base, off, size, true);
	if (n->kind == N_TUPLE) { /* a literal: each element written in place */
		struct node lit = *n;
		lit.type = *t;
		struct val v = {.want_dst = true, .pad = true, .dst_size = size, .off = off,
				.reg = base.kind == IR_O_REG ? base.reg : -1};
		return lower_tuple(l, &lit, &v);
	}
	struct val v = {0};
	int err = lower_expr(l, n, &v);
	if (err)
		return err;
	if (v.kind != VAL_MEM) {
		diag_error(l->d, n->loc, "internal error: tuple is not in memory");
		return -EINVAL;
	}
	lower_zero(l, base, off, size);
	tuple_relayout(l, &n->type, lower_base(v.reg), v.off, t, base, off);
	return 0;
}

int lower_tuple(struct lower *l, struct node *n, struct val *out)
{
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, n->type.size, &off);
	uint32_t size = out->want_dst ? out->dst_size : n->type.size;
	const struct record *r = n->type.rec;
	lower_zero(l, base, off, MIN(size, n->type.size));
	uint32_t i = 0;
	for (struct node *e = n->args; e && i < r->nfields; e = e->next, i++) {
		const struct field *f = &r->fields[i];
		int err = lower_tuple_into(l, e, &f->type, base, off + (int32_t)f->offset,
					   ALIGN_UP(f->type.size, 8));
		if (err)
			return err;
	}
	if (out->pad && size > n->type.size)
		lower_zero(l, base, off + (int32_t)n->type.size, size - n->type.size);
	out->type = n->type;
	return 0;
}

static bool int_field(const struct type *t)
{
	return t->kind == T_INT || t->kind == T_PTR || t->kind == T_PROBE || t->kind == T_FUNC;
}

/* t.N: integers are loaded, other fields copied to the destination. */
int lower_tuple_field(struct lower *l, struct node *n, struct val *out)
{
	const struct field *f = n->res.field;
	struct val t = {0};
	int err = lower_expr(l, n->l, &t);
	if (err)
		return err;
	if (t.kind != VAL_MEM) {
		diag_error(l->d, n->loc, "internal error: tuple is not in memory");
		return -EINVAL;
	}
	int32_t src = t.off + (int32_t)f->offset;
	if (int_field(&f->type)) {
		int r = lower_vreg(l);
		ir_load(l->f, r, lower_base(t.reg), src, 8);
		out->kind = VAL_REG;
		out->reg = r;
		out->type = f->type;
		return 0;
	}
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, f->type.size, &off);
	uint32_t size = out->want_dst ? out->dst_size : f->type.size;
	lower_copy(l, base, off, lower_base(t.reg), src, MIN(size, f->type.size));
	if (out->pad && size > f->type.size)
		lower_zero(l, base, off + (int32_t)f->type.size, size - f->type.size);
	out->type = f->type;
	return 0;
}
