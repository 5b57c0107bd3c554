/* Tuples in memory: fields at their sema_tuple offsets (8-aligned), ints
 * stored as 64 bits, the gaps zeroed so tuples compare bytewise as keys. */
#include <errno.h>
#include <string.h>

#include "codegen/lower_int.h"

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
		int err = lower_expr_into(l, e, base, off + (int32_t)f->offset,
					  ALIGN_UP(f->type.size, 8), true);
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
