/* Expression lowering: integer arithmetic in vregs, conditions as fused
 * compare-and-branch, memory values (strings) written into a destination. */
#include <errno.h>
#include <string.h>

#include "builtins/builtin.h"
#include "codegen/lower.h"
#include "codegen/lower_int.h"

/* Sign- or zero-extends a value narrower than 64 bits in place. */
void lower_extend(struct lower *l, int r, uint32_t size, bool is_signed)
{
	if (size >= 8)
		return;
	if (is_signed) {
		ir_alu(l->f, BPF_LSH, r, ir_reg(r), ir_imm(64 - 8 * size));
		ir_alu(l->f, BPF_ARSH, r, ir_reg(r), ir_imm(64 - 8 * size));
	} else if (size == 4) {
		ir_alu(l->f, BPF_LSH, r, ir_reg(r), ir_imm(32));
		ir_alu(l->f, BPF_RSH, r, ir_reg(r), ir_imm(32));
	} else {
		ir_alu(l->f, BPF_AND, r, ir_reg(r), ir_imm((1LL << (8 * size)) - 1));
	}
}

int lower_int(struct lower *l, struct node *n, struct ir_opnd *out)
{
	struct val v = {0};
	int err = lower_expr(l, n, &v);
	if (err)
		return err;
	if (v.kind != VAL_IMM && v.kind != VAL_REG) {
		diag_error(l->d, n->loc, "internal error: expected an integer value");
		return -EINVAL;
	}
	*out = lower_opnd(&v);
	return 0;
}

static void set_reg(struct val *out, int r, const struct type *t)
{
	out->kind = VAL_REG;
	out->reg = r;
	out->type = *t;
}

static const uint8_t jmp_ops[][2] = {
	/* [op] = {unsigned, signed} */
	[OP_EQ] = {BPF_JEQ, BPF_JEQ}, [OP_NE] = {BPF_JNE, BPF_JNE},
	[OP_LT] = {BPF_JLT, BPF_JSLT}, [OP_LE] = {BPF_JLE, BPF_JSLE},
	[OP_GT] = {BPF_JGT, BPF_JSGT}, [OP_GE] = {BPF_JGE, BPF_JSGE},
};
static const enum op negated[] = {
	[OP_EQ] = OP_NE, [OP_NE] = OP_EQ, [OP_LT] = OP_GE,
	[OP_LE] = OP_GT, [OP_GT] = OP_LE, [OP_GE] = OP_LT,
};

static bool is_compare(const struct node *n)
{
	return n->kind == N_BINOP && n->op >= OP_EQ && n->op <= OP_GE;
}

/* if (a op b) goto label, for integers (signed when both sides are). */
static int int_branch(struct lower *l, struct node *n, enum op op, int label)
{
	struct ir_opnd a, b;
	int err = lower_int(l, n->l, &a);
	err = err ? err : lower_int(l, n->r, &b);
	if (err)
		return err;
	bool sign = n->l->type.is_signed && n->r->type.is_signed;
	if (a.kind == IR_O_IMM) {
		int r = lower_vreg(l);
		ir_mov(l->f, r, a);
		a = ir_reg(r);
	}
	ir_jcc(l->f, jmp_ops[op][sign], a, b, label);
	return 0;
}

/* Jumps to label when comparison n has truth value `when`. */
static int compare_branch(struct lower *l, struct node *n, bool when, int label)
{
	enum op op = when ? n->op : negated[n->op];
	if (n->l->type.kind == T_STR)
		return lower_str_branch(l, n, op == OP_EQ, label);
	/* buffers too: u32 length, then bytes zero-filled past it */
	if (n->l->type.kind == T_ARRAY || n->l->type.kind == T_BUF)
		return lower_array_branch(l, n, op == OP_EQ, label);
	return int_branch(l, n, op, label);
}

static int branch(struct lower *l, struct node *n, bool when, int label);

static int logic_branch(struct lower *l, struct node *n, bool when, int label)
{
	/* "jump when (a && b)" = skip unless a; jump if b. Dual for ||. */
	bool is_and = n->op == OP_LAND;
	if (is_and == when) {
		int skip = ir_label(l->f);
		int err = branch(l, n->l, !when, skip);
		err = err ? err : branch(l, n->r, when, label);
		ir_place(l->f, skip);
		return err;
	}
	int err = branch(l, n->l, when, label);
	return err ? err : branch(l, n->r, when, label);
}

static int branch(struct lower *l, struct node *n, bool when, int label)
{
	if (is_compare(n))
		return compare_branch(l, n, when, label);
	if (n->kind == N_BINOP && (n->op == OP_LAND || n->op == OP_LOR))
		return logic_branch(l, n, when, label);
	if (n->kind == N_UNOP && n->op == OP_LNOT)
		return branch(l, n->l, !when, label);
	struct ir_opnd v;
	int err = lower_int(l, n, &v);
	if (err)
		return err;
	if (v.kind == IR_O_IMM) {
		if ((v.imm != 0) == when)
			ir_jmp(l->f, label);
		return 0;
	}
	ir_jcc(l->f, when ? BPF_JNE : BPF_JEQ, v, ir_imm(0), label);
	return 0;
}

int lower_cond(struct lower *l, struct node *n, int false_label)
{
	return branch(l, n, false, false_label);
}

/* Comparisons and logic as values: 1 when true, else 0. */
static int bool_value(struct lower *l, struct node *n, struct val *out)
{
	int r = lower_vreg(l), lfalse = ir_label(l->f);
	ir_mov(l->f, r, ir_imm(0));
	int err = branch(l, n, false, lfalse);
	ir_mov(l->f, r, ir_imm(1));
	ir_place(l->f, lfalse);
	set_reg(out, r, &n->type);
	return err;
}

/* cond ? printf(..) : printf(..): a statement, no value. */
/* `c ? a : b` and if-expressions (a, b blocks; b NULL without else). */
struct branches {
	struct node *cond, *a, *b;
};

static int ternary_void(struct lower *l, const struct branches *br, int lelse, int lend)
{
	struct val v = {0};
	int err = lower_cond(l, br->cond, lelse);
	err = err ? err : lower_expr(l, br->a, &v);
	ir_jmp(l->f, lend);
	ir_place(l->f, lelse);
	if (br->b)
		err = err ? err : lower_expr(l, br->b, &v);
	ir_place(l->f, lend);
	return err;
}

/* Strings, buffers, tuples: each branch writes the (merged) type in place. */
static int ternary_mem(struct lower *l, struct node *n, const struct branches *br,
		       struct val *out, int lelse, int lend)
{
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, n->type.size, &off);
	uint32_t size = out->want_dst ? out->dst_size : n->type.size;
	int err = lower_cond(l, br->cond, lelse);
	err = err ? err : lower_tuple_into(l, br->a, &n->type, base, off, size);
	ir_jmp(l->f, lend);
	ir_place(l->f, lelse);
	err = err ? err : lower_tuple_into(l, br->b, &n->type, base, off, size);
	ir_place(l->f, lend);
	out->type = n->type;
	return err;
}

static int ternary(struct lower *l, struct node *n, const struct branches *br, struct val *out)
{
	int lelse = ir_label(l->f), lend = ir_label(l->f);
	if (n->type.kind == T_VOID)
		return ternary_void(l, br, lelse, lend);
	if (n->type.kind == T_STR || n->type.kind == T_BUF || n->type.kind == T_TUPLE)
		return ternary_mem(l, n, br, out, lelse, lend);
	int r = lower_vreg(l);
	struct ir_opnd a, b;
	int err = lower_cond(l, br->cond, lelse);
	if (err || (err = lower_int(l, br->a, &a)))
		return err;
	ir_mov(l->f, r, a);
	ir_jmp(l->f, lend);
	ir_place(l->f, lelse);
	if ((err = lower_int(l, br->b, &b)))
		return err;
	ir_mov(l->f, r, b);
	ir_place(l->f, lend);
	set_reg(out, r, &n->type);
	return 0;
}

static int unop(struct lower *l, struct node *n, struct val *out)
{
	if (n->op == OP_LNOT)
		return bool_value(l, n, out);
	if (n->op == OP_DEREF)
		return lower_ptr_read(l, n, out);
	if (n->op == OP_ADDROF)
		return lower_ptr_addrof(l, n, out);
	struct ir_opnd a;
	int err = lower_int(l, n->l, &a);
	if (err)
		return err;
	if (a.kind == IR_O_IMM) {
		out->kind = VAL_IMM;
		/* Unsigned negation: -(-9223372036854775808) wraps as in BPF, no UB. */
		out->imm = n->op == OP_NEG ? (int64_t)(0 - (uint64_t)a.imm) : ~a.imm;
		out->type = n->type;
		return 0;
	}
	int r = lower_vreg(l);
	if (n->op == OP_NEG)
		ir_neg(l->f, r, a);
	else
		ir_alu(l->f, BPF_XOR, r, a, ir_imm(-1));
	set_reg(out, r, &n->type);
	return 0;
}

/* (T[N])int: the integer's bytes stored as the array; (intT)array: the
 * array's bytes loaded as the integer (sema_array_cast checked the sizes). */
static int array_cast(struct lower *l, struct node *n, struct val *out)
{
	uint8_t size = (uint8_t)n->type.size;
	if (n->type.kind == T_ARRAY) {
		struct ir_opnd a;
		int err = lower_int(l, n->l, &a);
		if (err)
			return err;
		int32_t off;
		struct ir_opnd base = lower_dst(l, out, size, &off);
		int r = lower_vreg(l);
		ir_mov(l->f, r, a);
		ir_store(l->f, base, off, ir_reg(r), size);
		out->type = n->type;
		return 0;
	}
	struct val v = {0};
	int err = lower_expr(l, n->l, &v);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_load(l->f, r, lower_base(v.reg), v.off, size);
	lower_extend(l, r, size, n->type.is_signed);
	set_reg(out, r, &n->type);
	return 0;
}

/* (string[N])s: copied into N bytes, zero-padded; a longer s is cut and
 * keeps its NUL in the last byte. */
static int string_cast(struct lower *l, struct node *n, struct val *out)
{
	uint32_t size = n->type.size;
	int32_t off;
	bool pad = out->want_dst && out->pad && out->dst_size > size;
	uint32_t extra = pad ? out->dst_size - size : 0;
	struct ir_opnd base = lower_dst(l, out, size, &off);
	int err = lower_expr_into(l, n->l, base, off, size, true);
	if (err)
		return err;
	if (n->l->type.size > size)
		ir_store(l->f, base, off + (int32_t)size - 1, ir_imm(0), 1);
	if (extra)
		lower_zero(l, base, off + (int32_t)size, extra);
	out->type = n->type;
	return 0;
}

static int cast(struct lower *l, struct node *n, struct val *out)
{
	if (n->type.kind == T_ARRAY || n->l->type.kind == T_ARRAY)
		return array_cast(l, n, out);
	if (n->type.kind == T_STR)
		return string_cast(l, n, out);
	struct ir_opnd a;
	int err = lower_int(l, n->l, &a);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_mov(l->f, r, a);
	lower_extend(l, r, n->type.size, n->type.is_signed);
	set_reg(out, r, &n->type);
	return 0;
}

static int var(struct lower *l, struct node *n, struct val *out)
{
	struct sema_var *v = n->res.var;
	if (v->type.kind == T_INT) {
		set_reg(out, v->vreg, &v->type);
		return 0;
	}
	if (v->type.kind == T_PTR) { /* kept in its stack slot */
		int r = lower_vreg(l);
		ir_load(l->f, r, ir_fp(), v->slot, 8);
		set_reg(out, r, &v->type);
		return 0;
	}
	if (v->scratch && !out->want_dst) { /* read in place: no stack copy */
		out->kind = VAL_MEM;
		out->reg = l->scratch_reg;
		out->off = v->slot;
		out->type = v->type;
		return 0;
	}
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, v->type.size, &off);
	uint32_t size = out->want_dst ? out->dst_size : v->type.size;
	lower_copy(l, base, off, lower_var_base(l, v), v->slot, MIN(size, v->type.size));
	if (out->pad && size > v->type.size)
		lower_zero(l, base, off + (int32_t)v->type.size, size - v->type.size);
	out->type = v->type;
	return 0;
}

static int call(struct lower *l, struct node *n, struct val *out)
{
	out->type = n->type;
	return n->res.func->lower(l, n, out);
}

static int builtin(struct lower *l, struct node *n, struct val *out)
{
	out->type = n->type;
	return n->res.builtin->lower(l, n, out);
}

static int lower_expr_node(struct lower *l, struct node *n, struct val *out);

/* { stmts; value }: the statements, then the last expression into out (its
 * temporaries stay allocated for the enclosing statement). */
static int block_value(struct lower *l, struct node *n, struct val *out)
{
	for (struct node *st = n->args; st; st = st->next) {
		if (n->post && !st->next && st->kind == N_EXPRSTMT)
			return lower_expr(l, st->l, out);
		int err = lower_stmt(l, st);
		if (err)
			return err;
	}
	out->kind = VAL_NONE;
	return 0;
}

/* Instructions after a subexpression belong to the enclosing expression
 * again (a helper call after its arguments reports the call's location). */
int lower_expr(struct lower *l, struct node *n, struct val *out)
{
	struct srcloc outer = l->f->cur_loc;
	int err = lower_expr_node(l, n, out);
	ir_set_loc(l->f, outer);
	return err;
}

static int lower_expr_node(struct lower *l, struct node *n, struct val *out)
{
	struct val dst = *out;
	memset(out, 0, sizeof(*out));
	if (dst.want_dst) {
		out->want_dst = true;
		out->reg = dst.reg;
		out->off = dst.off;
		out->dst_size = dst.dst_size;
		out->pad = dst.pad;
	}
	ir_set_loc(l->f, n->loc);
	switch (n->kind) {
	case N_INT:
	case N_BOOL:
		out->kind = VAL_IMM;
		out->imm = (int64_t)n->num;
		out->type = n->type;
		return 0;
	case N_STR: return lower_str_literal(l, n, out);
	case N_POSPARAM: return lower_posparam(l, n, out);
	case N_BUILTIN: return builtin(l, n, out);
	case N_VAR: return var(l, n, out);
	case N_MAP: return lower_map_read(l, n, out);
	case N_CALL: return call(l, n, out);
	case N_BINOP:
		if (is_compare(n) || n->op == OP_LAND || n->op == OP_LOR)
			return bool_value(l, n, out);
		return lower_arith(l, n, out);
	case N_UNOP: return unop(l, n, out);
	case N_INCDEC: return lower_incdec(l, n, out);
	case N_TERNARY: return ternary(l, n, &(struct branches){n->cond, n->l, n->r}, out);
	case N_IF: return ternary(l, n, &(struct branches){n->cond, n->then, n->els}, out);
	case N_FIELD: return lower_field(l, n, out);
	case N_CAST: return cast(l, n, out);
	case N_INDEX: return lower_ptr_read(l, n, out);
	case N_SIZEOF:
	case N_OFFSETOF: return lower_ptr_const(l, n, out);
	case N_TUPLE: return lower_tuple(l, n, out);
	case N_BLOCK: return block_value(l, n, out);
	default:
		diag_error(l->d, n->loc, "cannot lower %s expressions", node_kind_name(n->kind));
		return -EINVAL;
	}
}

int lower_expr_into(struct lower *l, struct node *n, struct ir_opnd base, int32_t off,
		    uint32_t size, bool pad)
{
	struct val v = {.want_dst = true, .pad = pad, .dst_size = size, .off = off,
			.reg = base.kind == IR_O_REG ? base.reg : -1};
	int err = lower_expr(l, n, &v);
	if (err)
		return err;
	if (v.kind == VAL_MEM)
		return 0; /* written in place */
	if (v.kind == VAL_NONE) {
		diag_error(l->d, n->loc, "expression has no value");
		return -EINVAL;
	}
	struct ir_opnd val = lower_opnd(&v);
	ir_store(l->f, base, off, val, (uint8_t)MIN(size, 8));
	return 0;
}
