/* Arithmetic, increments, context fields, string literals and comparisons. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/lower_int.h"

static const uint8_t alu_ops[] = {
	[OP_ADD] = BPF_ADD, [OP_SUB] = BPF_SUB, [OP_MUL] = BPF_MUL, [OP_BAND] = BPF_AND,
	[OP_BOR] = BPF_OR,  [OP_BXOR] = BPF_XOR, [OP_SHL] = BPF_LSH,
};

static int64_t fold(enum op op, int64_t a, int64_t b, bool sign)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
	switch (op) {
	case OP_ADD: return (int64_t)(ua + ub);
	case OP_SUB: return (int64_t)(ua - ub);
	case OP_MUL: return (int64_t)(ua * ub);
	case OP_BAND: return a & b;
	case OP_BOR: return a | b;
	case OP_BXOR: return a ^ b;
	case OP_SHL: return (int64_t)(ua << (ub & 63));
	case OP_SHR: return sign ? a >> (ub & 63) : (int64_t)(ua >> (ub & 63));
	case OP_DIV:
		if (!b) return 0;
		if (sign) return b == -1 ? (int64_t)(0 - ua) : a / b;
		return (int64_t)(ua / ub);
	case OP_MOD:
		if (!b) return a;
		if (sign) return b == -1 ? 0 : a % b;
		return (int64_t)(ua % ub);
	default: return 0;
	}
}

/* |x| into a fresh vreg; *neg gets a vreg that is 1 when x < 0. */
static int abs_val(struct lower *l, struct ir_opnd x, int *neg)
{
	int r = lower_vreg(l), pos = ir_label(l->f);
	*neg = lower_vreg(l);
	ir_mov(l->f, r, x);
	ir_mov(l->f, *neg, ir_imm(0));
	ir_jcc(l->f, BPF_JSGE, ir_reg(r), ir_imm(0), pos);
	ir_neg(l->f, r, ir_reg(r));
	ir_mov(l->f, *neg, ir_imm(1));
	ir_place(l->f, pos);
	return r;
}

/* Signed division and modulo through unsigned ones: eBPF's DIV/MOD are
 * unsigned, and C semantics (truncation toward zero) follow from signs. */
static int signed_divmod(struct lower *l, enum op op, struct ir_opnd a, struct ir_opnd b)
{
	int na, nb, done = ir_label(l->f);
	int ra = abs_val(l, a, &na);
	int rb = abs_val(l, b, &nb);
	ir_alu(l->f, op == OP_DIV ? BPF_DIV : BPF_MOD, ra, ir_reg(ra), ir_reg(rb));
	if (op == OP_DIV)
		ir_alu(l->f, BPF_XOR, na, ir_reg(na), ir_reg(nb));
	ir_jcc(l->f, BPF_JEQ, ir_reg(na), ir_imm(0), done);
	ir_neg(l->f, ra, ir_reg(ra));
	ir_place(l->f, done);
	return ra;
}

int lower_arith(struct lower *l, struct node *n, struct val *out)
{
	if (n->type.kind == T_PTR)
		return lower_ptr_arith(l, n, out);
	struct ir_opnd a, b;
	int err = lower_int(l, n->l, &a);
	err = err ? err : lower_int(l, n->r, &b);
	if (err)
		return err;
	bool sign = n->type.is_signed;
	out->type = n->type;
	if (a.kind == IR_O_IMM && b.kind == IR_O_IMM) {
		out->kind = VAL_IMM;
		out->imm = fold(n->op, a.imm, b.imm, sign);
		return 0;
	}
	int r;
	if (sign && (n->op == OP_DIV || n->op == OP_MOD)) {
		r = signed_divmod(l, n->op, a, b);
	} else {
		uint8_t code = n->op == OP_SHR ? (sign ? BPF_ARSH : BPF_RSH) :
			       n->op == OP_DIV ? BPF_DIV : n->op == OP_MOD ? BPF_MOD :
			       alu_ops[n->op];
		r = lower_vreg(l);
		ir_alu(l->f, code, r, a, b);
	}
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

int lower_incdec(struct lower *l, struct node *n, struct val *out)
{
	if (n->l->kind == N_MAP)
		return lower_map_incdec(l, n, out);
	int v = n->l->res.var->vreg, r = lower_vreg(l);
	int64_t d = n->op == OP_ADD ? 1 : -1;
	if (n->post)
		ir_mov(l->f, r, ir_reg(v));
	ir_alu(l->f, BPF_ADD, v, ir_reg(v), ir_imm(d));
	if (!n->post)
		ir_mov(l->f, r, ir_reg(v));
	out->kind = VAL_REG;
	out->reg = r;
	out->type = n->type;
	return 0;
}

/* A tracepoint __data_loc string: the u32 at the field gives the data's
 * offset (low 16 bits) from the start of the record. */
static int data_loc_str(struct lower *l, struct node *n, struct val *out)
{
	const struct field *f = n->res.field;
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, n->type.size, &off);
	uint32_t size = out->want_dst ? out->dst_size : n->type.size;
	int loc = lower_vreg(l);
	ir_load(l->f, loc, ir_reg(l->f->ctx), (int32_t)f->offset, 4);
	ir_alu(l->f, BPF_AND, loc, ir_reg(loc), ir_imm(0xffff));
	ir_alu(l->f, BPF_ADD, loc, ir_reg(loc), ir_reg(l->f->ctx));
	if (out->pad)
		lower_zero(l, base, off, size);
	int dst = lower_addr(l, base, off);
	lower_call(l, BPF_FUNC_probe_read_kernel_str, 3, ir_reg(dst), ir_imm(size), ir_reg(loc));
	out->type = n->type;
	return 0;
}

static int ctx_field(struct lower *l, struct node *n, struct val *out)
{
	const struct field *f = n->res.field;
	if (f->data_loc)
		return data_loc_str(l, n, out);
	if (f->type.kind == T_STR) {
		int32_t off;
		struct ir_opnd base = lower_dst(l, out, f->type.size, &off);
		uint32_t size = out->want_dst ? out->dst_size : f->type.size;
		lower_copy(l, base, off, ir_reg(l->f->ctx), (int32_t)f->offset, MIN(size, f->type.size));
		if (out->pad && size > f->type.size)
			lower_zero(l, base, off + (int32_t)f->type.size, size - f->type.size);
		out->type = f->type;
		return 0;
	}
	if (f->type.kind != T_INT && f->type.kind != T_PTR) {
		diag_error(l->d, n->loc, "field '%s' of this type cannot be read yet", f->name);
		return -EINVAL;
	}
	int r = lower_vreg(l);
	ir_load(l->f, r, ir_reg(l->f->ctx), (int32_t)f->offset, (uint8_t)f->type.size);
	lower_extend(l, r, f->type.size, f->type.is_signed);
	out->kind = VAL_REG;
	out->reg = r;
	out->type = f->type;
	return 0;
}

int lower_field(struct lower *l, struct node *n, struct val *out)
{
	if (n->l->type.kind == T_TUPLE)
		return lower_tuple_field(l, n, out);
	if (n->l->type.kind == T_CTX)
		return ctx_field(l, n, out);
	if (n->l->type.kind == T_PTR || n->l->type.kind == T_RECORD)
		return lower_ptr_read(l, n, out);
	diag_error(l->d, n->loc, "field access on this value is not supported yet");
	return -EINVAL;
}

void lower_store_bytes(struct lower *l, struct ir_opnd base, int32_t off, const char *bytes,
		       uint32_t n, uint32_t size, bool pad)
{
	for (uint32_t i = 0, w; i < n; i += w) {
		/* 8-byte stores take only a 32-bit immediate: use at most 4. */
		w = MIN(lower_chunk(off + (int32_t)i, n - i), 4);
		int64_t v = 0;
		memcpy(&v, bytes + i, w);
		if (w == 4)
			v = (int32_t)v;
		ir_store(l->f, base, off + (int32_t)i, ir_imm(v), (uint8_t)w);
	}
	if (pad && size > n)
		lower_zero(l, base, off + (int32_t)n, size - n);
}

int lower_str_literal(struct lower *l, struct node *n, struct val *out)
{
	int32_t off;
	uint32_t len = (uint32_t)n->len + 1;
	struct ir_opnd base = lower_dst(l, out, len, &off);
	uint32_t size = out->want_dst ? out->dst_size : len;
	/* A literal longer than its destination is cut, keeping a NUL. */
	uint32_t keep = MIN(len, size);
	char *tmp = xcalloc(1, keep);
	memcpy(tmp, n->str, keep - 1);
	lower_store_bytes(l, base, off, tmp, keep, size, out->pad);
	free(tmp);
	out->type = n->type;
	return 0;
}

int lower_posparam(struct lower *l, struct node *n, struct val *out)
{
	if (n->name && strcmp(n->name, "#") == 0) {
		out->kind = VAL_IMM;
		out->imm = l->s->opts.nparams;
		return 0;
	}
	const char *v = sema_param_text(&l->s->opts, n->num);
	if (n->type.kind == T_INT) {
		out->kind = VAL_IMM;
		out->imm = strtoll(v, NULL, 0);
		return 0;
	}
	struct node lit = {.kind = N_STR, .str = (char *)v, .len = strlen(v), .type = n->type};
	return lower_str_literal(l, &lit, out);
}
