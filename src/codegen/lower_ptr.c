/* Values read through pointers: `p->f`, `r.f`, `a[i]`, `p[i]`, `*p`, `&x`.
 * An access chain is first reduced to a place (a base register holding an
 * address plus a constant offset, and the address space); only the final
 * value is read, with one bpf_probe_read_{kernel,user} into a stack
 * temporary (integers) or straight into the destination (strings, structs).
 * Each pointer hop of a chain (`$t->real_parent->pid`) is one such read. */
#include <errno.h>
#include <linux/bpf.h>

#include "codegen/lower_int.h"
#include "sema/btf.h"

struct place {
	int reg;     /* vreg holding the base address */
	int32_t off; /* constant offset from it */
	uint8_t as;  /* enum addr_space */
};

static int32_t read_helper(uint8_t as)
{
	return as == AS_USER ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel;
}

/* The pointer value of n in a vreg. */
static int ptr_reg(struct lower *l, struct node *n, struct place *p)
{
	struct ir_opnd o;
	int err = lower_int(l, n, &o);
	if (err)
		return err;
	p->as = n->type.as == AS_USER ? AS_USER : AS_KERNEL;
	if (o.kind == IR_O_REG) {
		p->reg = o.reg;
		return 0;
	}
	p->reg = lower_vreg(l);
	ir_mov(l->f, p->reg, o);
	return 0;
}

static int place_of(struct lower *l, struct node *n, struct place *p);

/* A struct/array/string value that is not behind a pointer (a variable, a
 * builtin like comm): evaluated into the stack, then addressed there (the
 * probe-read helpers accept any address, the stack included). */
static int stack_place(struct lower *l, struct node *n, struct place *p)
{
	struct val v = {0};
	int err = lower_expr(l, n, &v);
	if (err)
		return err;
	if (v.kind != VAL_MEM) {
		diag_error(l->d, n->loc, "internal error: this value has no address");
		return -EINVAL;
	}
	p->reg = lower_addr(l, lower_base(v.reg), v.off);
	p->off = 0;
	p->as = AS_KERNEL;
	return 0;
}

/* a[i] / p[i]: a constant index folds into the offset; a variable one is
 * scaled and added. Out of an array's bounds the address is 0, so that the
 * read fails and yields zeros; the bound is checked before the address is
 * computed, which lets the verifier accept a variable offset into an array
 * on the stack. */
static int index_place(struct lower *l, struct node *n, struct place *p)
{
	const struct type *t = &n->l->type;
	uint32_t esize = n->type.size;
	int err = t->kind == T_PTR ? ptr_reg(l, n->l, p) : place_of(l, n->l, p);
	struct ir_opnd i;
	if (err || (err = lower_int(l, n->r, &i)))
		return err;
	if (i.kind == IR_O_IMM) {
		p->off += (int32_t)(i.imm * (int64_t)esize);
		return 0;
	}
	int r = lower_vreg(l), out = ir_label(l->f);
	uint32_t len = t->kind == T_ARRAY ? t->nelem : t->kind == T_STR ? t->size : 0;
	if (len) {
		ir_mov(l->f, r, ir_imm(0));
		ir_jcc(l->f, BPF_JGE, i, ir_imm(len), out);
	}
	ir_alu(l->f, BPF_MUL, r, i, ir_imm(esize));
	ir_alu(l->f, BPF_ADD, r, ir_reg(r), ir_reg(p->reg));
	if (p->off)
		ir_alu(l->f, BPF_ADD, r, ir_reg(r), ir_imm(p->off));
	ir_place(l->f, out);
	p->reg = r;
	p->off = 0;
	return 0;
}

static int place_of(struct lower *l, struct node *n, struct place *p)
{
	p->off = 0;
	if (n->kind == N_FIELD && n->l->type.kind == T_PTR) {
		int err = ptr_reg(l, n->l, p);
		p->off = (int32_t)n->res.field->offset;
		return err;
	}
	if (n->kind == N_FIELD && n->l->type.kind == T_RECORD) {
		int err = place_of(l, n->l, p);
		p->off += (int32_t)n->res.field->offset;
		return err;
	}
	if (n->kind == N_UNOP && n->op == OP_DEREF)
		return ptr_reg(l, n->l, p);
	if (n->kind == N_INDEX)
		return index_place(l, n, p);
	return stack_place(l, n, p);
}

static int addr_reg(struct lower *l, const struct place *p)
{
	if (!p->off)
		return p->reg;
	int r = lower_vreg(l);
	ir_alu(l->f, BPF_ADD, r, ir_reg(p->reg), ir_imm(p->off));
	return r;
}

/* Bitfield: bits [bit_off, bit_off + bit_size) of the loaded bytes. */
static void extract_bits(struct lower *l, int r, const struct field *f, bool is_signed)
{
	ir_alu(l->f, BPF_LSH, r, ir_reg(r), ir_imm(64 - f->bit_off - f->bit_size));
	ir_alu(l->f, is_signed ? BPF_ARSH : BPF_RSH, r, ir_reg(r), ir_imm(64 - f->bit_size));
}

static int read_int(struct lower *l, const struct place *p, const struct type *t,
		    const struct field *bf, struct val *out)
{
	int32_t slot = lower_alloca(l, 8);
	uint32_t size = t->size;
	if (bf) {
		size = MIN((bf->bit_off + bf->bit_size + 7u) / 8, 8u); /* > 8 only if packed oddly */
		ir_store(l->f, ir_fp(), slot, ir_imm(0), 8);
	}
	int a = addr_reg(l, p);
	int dst = lower_addr(l, ir_fp(), slot);
	lower_call(l, read_helper(p->as), 3, ir_reg(dst), ir_imm(size), ir_reg(a));
	int r = lower_vreg(l);
	if (bf) {
		ir_load(l->f, r, ir_fp(), slot, 8);
		extract_bits(l, r, bf, t->is_signed);
	} else {
		ir_load(l->f, r, ir_fp(), slot, (uint8_t)size);
		if (t->kind == T_INT && t->is_signed)
			lower_extend(l, r, size, true);
	}
	out->kind = VAL_REG;
	out->reg = r;
	out->type = *t;
	return 0;
}

/* Strings, structs and arrays are read straight into their destination
 * (big ones without one into a scratch-map temporary: lower_dst). A char
 * array is read whole, bytes after its NUL too, as inside a struct value
 * and as bpftrace does (the bytes are part of a map key built from it). */
static int read_mem(struct lower *l, struct node *n, const struct place *p, const struct type *t,
		    struct val *out)
{
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, t->size, &off);
	uint32_t full = out->want_dst ? out->dst_size : t->size;
	uint32_t size = MIN(full, t->size);
	if (out->pad && full > size)
		lower_zero(l, base, off + (int32_t)size, full - size);
	int a = addr_reg(l, p);
	int dst = lower_addr(l, base, off);
	if (size)
		lower_call(l, read_helper(p->as), 3, ir_reg(dst), ir_imm(size), ir_reg(a));
	out->type = *t;
	return 0;
}

int lower_ptr_read(struct lower *l, struct node *n, struct val *out)
{
	struct place p;
	int err = place_of(l, n, &p);
	if (err)
		return err;
	const struct field *bf = n->kind == N_FIELD && n->res.field->bit_size ? n->res.field : NULL;
	switch (n->type.kind) {
	case T_INT:
	case T_PTR:
		return read_int(l, &p, &n->type, bf, out);
	case T_STR:
	case T_RECORD:
	case T_ARRAY:
		return read_mem(l, n, &p, &n->type, out);
	default:
		diag_error(l->d, n->loc, "values of this type cannot be read yet");
		return -EINVAL;
	}
}

int lower_ptr_addrof(struct lower *l, struct node *n, struct val *out)
{
	struct place p;
	int err = place_of(l, n->l, &p);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_alu(l->f, BPF_ADD, r, ir_reg(p.reg), ir_imm(p.off));
	out->kind = VAL_REG;
	out->reg = r;
	out->type = n->type;
	return 0;
}

int lower_ptr_const(struct lower *l, struct node *n, struct val *out)
{
	out->kind = VAL_IMM;
	out->imm = (int64_t)n->num;
	out->type = n->type;
	return 0;
}

/* Pointer arithmetic scales the integer by the element size (1 for void *). */
int lower_ptr_arith(struct lower *l, struct node *n, struct val *out)
{
	bool left = n->l->type.kind == T_PTR;
	const struct type *pt = left ? &n->l->type : &n->r->type;
	int64_t esize = pt->elem && pt->elem->size ? pt->elem->size : 1;
	if (pt->elem && pt->elem->kind == T_RECORD && pt->elem->rec)
		esize = pt->elem->rec->size ? pt->elem->rec->size : 1;
	struct ir_opnd p, i;
	int err = lower_int(l, left ? n->l : n->r, &p);
	if (err || (err = lower_int(l, left ? n->r : n->l, &i)))
		return err;
	int r = lower_vreg(l);
	ir_alu(l->f, BPF_MUL, r, i, ir_imm(esize));
	if (n->op == OP_SUB)
		ir_neg(l->f, r, ir_reg(r));
	ir_alu(l->f, BPF_ADD, r, ir_reg(r), p);
	out->kind = VAL_REG;
	out->reg = r;
	out->type = n->type;
	return 0;
}
