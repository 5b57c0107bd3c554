/* IR → struct bpf_insn, using the allocation from regalloc.c.
 *
 * Spilled operands are loaded into scratch registers that hold nothing live
 * at that insn (the allocator guarantees there are enough); results of
 * spilled vregs are computed in a scratch register and stored back. Jumps are
 * emitted against labels and resolved by peephole.c after clean-ups. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/insn.h"
#include "codegen/codegen.h"
#include "codegen/emit.h"
#include "codegen/regalloc.h"

struct em {
	const struct ir_func *f;
	const struct ra_func *ra;
	struct mcode *mc;
	uint32_t cur;   /* IR insn being lowered */
	unsigned free;  /* scratch registers still available for it */
	int memo_v, memo_r; /* spilled vreg already loaded (read-only) for this insn */
	int rc;
	char *err;
	size_t errlen;
};

static void put(struct em *e, struct bpf_insn insn)
{
	mcode_push(e->mc, insn, -1, e->cur);
}

static void put_jump(struct em *e, struct bpf_insn insn, int label)
{
	mcode_push(e->mc, insn, label, e->cur);
}

static int scratch(struct em *e)
{
	if (!e->free) {
		if (!e->rc && e->err && e->errlen)
			snprintf(e->err, e->errlen,
				 "internal error: no scratch register at IR insn %u", e->cur);
		e->rc = e->rc ?: -EINVAL;
		return BPF_REG_0;
	}
	int r = __builtin_ctz(e->free);
	e->free &= e->free - 1;
	return r;
}

static int vreg_reg(const struct em *e, int v) { return e->ra->v[v].reg; }
static int16_t vreg_slot(const struct em *e, int v) { return e->ra->v[v].slot; }

static void put_imm64(struct em *e, int reg, int64_t imm)
{
	struct bpf_insn pair[2] = {BPF_LD_IMM64(reg, imm)};
	put(e, pair[0]);
	put(e, pair[1]);
}

/* reg = imm in the cheapest form. */
static void load_imm(struct em *e, int reg, int64_t imm)
{
	if (bpf_fits_imm32(imm))
		put(e, BPF_MOV64_IMM(reg, (int32_t)imm));
	else if (imm >= 0 && imm <= (int64_t)UINT32_MAX) /* mov32 zero-extends */
		put(e, BPF_MOV32_IMM(reg, (int32_t)(uint32_t)imm));
	else
		put_imm64(e, reg, imm);
}

/* reg = value of o (64-bit). */
static void load_to(struct em *e, int reg, struct ir_opnd o)
{
	switch (o.kind) {
	case IR_O_REG:
		if (vreg_reg(e, o.reg) < 0)
			put(e, BPF_LDX_MEM(BPF_DW, reg, BPF_REG_FP, vreg_slot(e, o.reg)));
		else if (vreg_reg(e, o.reg) != reg)
			put(e, BPF_MOV64_REG(reg, vreg_reg(e, o.reg)));
		break;
	case IR_O_IMM: load_imm(e, reg, o.imm); break;
	case IR_O_FP:
		put(e, BPF_MOV64_REG(reg, BPF_REG_FP));
		if (o.imm)
			put(e, BPF_ALU64_IMM(BPF_ADD, reg, (int32_t)o.imm));
		break;
	default: break;
	}
}

/* A read-only register holding o: its own register, r10, or a loaded
 * scratch (reused when the same spilled vreg is read twice by one insn). */
static int opnd_reg(struct em *e, struct ir_opnd o)
{
	if (o.kind == IR_O_REG && vreg_reg(e, o.reg) >= 0)
		return vreg_reg(e, o.reg);
	if (o.kind == IR_O_FP && o.imm == 0)
		return BPF_REG_FP;
	if (o.kind == IR_O_REG && o.reg == e->memo_v)
		return e->memo_r;
	int r = scratch(e);
	load_to(e, r, o);
	if (o.kind == IR_O_REG)
		e->memo_v = o.reg, e->memo_r = r;
	return r;
}

/* Where to compute vreg v: its register, or a scratch to be stored after. */
static int def_reg(struct em *e, int v)
{
	return vreg_reg(e, v) >= 0 ? vreg_reg(e, v) : scratch(e);
}

/* v = reg: a move into v's register, or a store to its slot. */
static void def_from(struct em *e, int v, int reg)
{
	if (vreg_reg(e, v) < 0)
		put(e, BPF_STX_MEM(BPF_DW, BPF_REG_FP, reg, vreg_slot(e, v)));
	else if (vreg_reg(e, v) != reg)
		put(e, BPF_MOV64_REG(vreg_reg(e, v), reg));
}

static bool dies_here(const struct em *e, struct ir_opnd o)
{
	return o.kind == IR_O_REG && e->ra->v[o.reg].end == ra_use_slot(e->cur);
}

/* ---- moves and ALU ---- */

static void emit_mov(struct em *e, const struct ir_insn *in)
{
	int d = in->dst, a = in->a.kind == IR_O_REG ? vreg_reg(e, in->a.reg) : -1;
	if (!in->alu32 && vreg_reg(e, d) < 0) {
		if (a >= 0) { /* straight from the source register to the slot */
			def_from(e, d, a);
			return;
		}
		if (in->a.kind == IR_O_IMM && bpf_fits_imm32(in->a.imm)) {
			put(e, BPF_ST_MEM(BPF_DW, BPF_REG_FP, vreg_slot(e, d), (int32_t)in->a.imm));
			return;
		}
	}
	int D = def_reg(e, d);
	if (!in->alu32)
		load_to(e, D, in->a);
	else if (in->a.kind == IR_O_IMM)
		put(e, BPF_MOV32_IMM(D, (int32_t)(uint32_t)in->a.imm));
	else if (a >= 0)
		put(e, BPF_MOV32_REG(D, a));
	else { /* spilled: load, then zero-extend in place */
		load_to(e, D, in->a);
		put(e, BPF_MOV32_REG(D, D));
	}
	def_from(e, d, D);
}

static uint8_t alu_class(const struct ir_insn *in)
{
	return in->alu32 ? BPF_ALU : BPF_ALU64;
}

/* Division by constant zero is rejected by the verifier; BPF defines x/0 = 0
 * and x%0 = x, so emit that directly. */
static bool emit_div_zero(struct em *e, const struct ir_insn *in)
{
	if ((in->code != BPF_DIV && in->code != BPF_MOD) || in->b.kind != IR_O_IMM)
		return false;
	if (in->alu32 ? (uint32_t)in->b.imm != 0 : in->b.imm != 0)
		return false;
	struct ir_insn mov = *in;
	mov.op = IR_MOV;
	mov.a = in->code == BPF_DIV ? ir_imm(0) : in->a;
	emit_mov(e, &mov);
	return true;
}

/* dst = a op b where b is dst itself and op does not commute: compute in a
 * temporary so writing dst does not clobber b first. */
static void emit_alu_via_temp(struct em *e, const struct ir_insn *in)
{
	uint8_t cls = alu_class(in);
	int T = scratch(e);
	load_to(e, T, in->a);
	int X = opnd_reg(e, in->b);
	put(e, bpf_insn(cls | in->code | BPF_X, (uint8_t)T, (uint8_t)X, 0, 0));
	def_from(e, in->dst, T);
}

static void alu_with_b(struct em *e, const struct ir_insn *in, int D, struct ir_opnd b,
		       bool b_is_a)
{
	uint8_t cls = alu_class(in), code = in->code;
	if (b.kind == IR_O_IMM && (in->alu32 || bpf_fits_imm32(b.imm))) {
		int32_t imm = (int32_t)(uint32_t)b.imm;
		if (code == BPF_LSH || code == BPF_RSH || code == BPF_ARSH)
			imm &= in->alu32 ? 31 : 63;
		put(e, bpf_insn(cls | code | BPF_K, (uint8_t)D, 0, 0, imm));
		return;
	}
	/* b is the same spilled vreg as a, already loaded into D */
	int X = b_is_a && vreg_reg(e, b.reg) < 0 ? D : opnd_reg(e, b);
	put(e, bpf_insn(cls | code | BPF_X, (uint8_t)D, (uint8_t)X, 0, 0));
}

/* a + 0, a * 1, a << 0, ...: a plain (64-bit) move. */
static bool is_identity(const struct ir_insn *in)
{
	if (in->alu32 || in->b.kind != IR_O_IMM)
		return false;
	switch (in->code) {
	case BPF_MUL:
	case BPF_DIV: return in->b.imm == 1;
	case BPF_AND: return in->b.imm == -1;
	case BPF_MOD: return false;
	default: return in->b.imm == 0;
	}
}

static void emit_alu(struct em *e, const struct ir_insn *in)
{
	struct ir_opnd a = in->a, b = in->b;
	int d = in->dst;
	if (emit_div_zero(e, in))
		return;
	if (is_identity(in)) {
		struct ir_insn mov = *in;
		mov.op = IR_MOV;
		emit_mov(e, &mov);
		return;
	}
	bool same = a.kind == IR_O_REG && b.kind == IR_O_REG && a.reg == b.reg;
	bool b_in_d = b.kind == IR_O_REG && vreg_reg(e, b.reg) >= 0 &&
		      vreg_reg(e, b.reg) == vreg_reg(e, d) && !same;
	bool small_a = a.kind == IR_O_IMM && (in->alu32 || bpf_fits_imm32(a.imm));
	bool b_is_d = b.kind == IR_O_REG && b.reg == d;
	if (ra_alu_commutes(in->code) && b.kind == IR_O_REG && (b_in_d || small_a || b_is_d)) {
		/* b is dst or already in dst's register, or a fits the imm form */
		struct ir_opnd t = a;
		a = b;
		b = t;
	}
	if (b.kind == IR_O_REG && b.reg == d && !(a.kind == IR_O_REG && a.reg == d)) {
		emit_alu_via_temp(e, in);
		return;
	}
	int D = vreg_reg(e, d);
	if (D < 0) /* spilled result: compute in a's register if a dies here */
		D = dies_here(e, a) && vreg_reg(e, a.reg) >= 0 ? vreg_reg(e, a.reg) : scratch(e);
	load_to(e, D, a);
	alu_with_b(e, in, D, b, a.kind == IR_O_REG && b.kind == IR_O_REG && a.reg == b.reg);
	def_from(e, d, D);
}

static void emit_unary(struct em *e, const struct ir_insn *in)
{
	int D = def_reg(e, in->dst);
	load_to(e, D, in->a);
	if (in->op == IR_NEG)
		put(e, bpf_insn(alu_class(in) | BPF_NEG, (uint8_t)D, 0, 0, 0));
	else
		put(e, BPF_ENDIAN(in->code, D, (int32_t)in->imm));
	def_from(e, in->dst, D);
}

/* ---- memory ---- */

/* Base register and total offset of a memory operand. */
static int mem_base(struct em *e, struct ir_opnd a, int32_t *off, int into)
{
	if (a.kind == IR_O_FP) {
		*off += (int32_t)a.imm;
		return BPF_REG_FP;
	}
	if (vreg_reg(e, a.reg) >= 0)
		return vreg_reg(e, a.reg);
	if (into < 0)
		return opnd_reg(e, a);
	load_to(e, into, a);
	return into;
}

static void emit_load(struct em *e, const struct ir_insn *in)
{
	int32_t off = in->off;
	int D = def_reg(e, in->dst);
	int base = mem_base(e, in->a, &off, D);
	put(e, BPF_LDX_MEM(bpf_size_code(in->size), D, base, (int16_t)off));
	def_from(e, in->dst, D);
}

static void emit_store(struct em *e, const struct ir_insn *in)
{
	int32_t off = in->off;
	uint8_t sz = bpf_size_code(in->size);
	int base = mem_base(e, in->a, &off, -1);
	struct ir_opnd b = in->b;
	if (in->op == IR_STORE && b.kind == IR_O_IMM && (in->size < 8 || bpf_fits_imm32(b.imm))) {
		put(e, BPF_ST_MEM(sz, base, (int16_t)off, (int32_t)(uint32_t)b.imm));
		return;
	}
	int X = opnd_reg(e, b);
	if (in->op == IR_XADD)
		put(e, BPF_ATOMIC_ADD(sz, base, X, (int16_t)off));
	else
		put(e, BPF_STX_MEM(sz, base, X, (int16_t)off));
}

/* dst = a 64-bit immediate the kernel resolves (src: BPF_PSEUDO_*):
 * MAP_FD: imm is the map index until the loader puts the fd there;
 * FUNC: the subprogram index until codegen_emit (link.c) makes it the insn
 * offset; BTF_ID: a kernel variable's vmlinux BTF id (the second half's
 * imm, a BTF object fd, stays 0: vmlinux). */
static void emit_ld64(struct em *e, const struct ir_insn *in, uint8_t src)
{
	int D = def_reg(e, in->dst);
	struct bpf_insn pair[2] = {BPF_LD_IMM64_RAW(D, src, (uint64_t)(uint32_t)in->imm)};
	put(e, pair[0]);
	put(e, pair[1]);
	def_from(e, in->dst, D);
}

/* ---- control flow ---- */

static uint8_t jcc_mirror(uint8_t code)
{
	switch (code) {
	case BPF_JGT: return BPF_JLT;
	case BPF_JLT: return BPF_JGT;
	case BPF_JGE: return BPF_JLE;
	case BPF_JLE: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGE;
	default: return code; /* ==, !=, & are symmetric */
	}
}

static void emit_jcc(struct em *e, const struct ir_insn *in)
{
	struct ir_opnd a = in->a, b = in->b;
	uint8_t code = in->code;
	if (e->ra->flags[e->cur] & (RA_TAKEN | RA_NEVER)) {
		if (e->ra->flags[e->cur] & RA_TAKEN)
			put_jump(e, BPF_JMP_A(0), in->label);
		return;
	}
	if (a.kind == IR_O_IMM && b.kind != IR_O_IMM) {
		a = in->b;
		b = in->a;
		code = jcc_mirror(code);
	}
	int A = opnd_reg(e, a);
	if (b.kind == IR_O_IMM && bpf_fits_imm32(b.imm))
		put_jump(e, BPF_JMP_IMM(code, A, (int32_t)b.imm, 0), in->label);
	else
		put_jump(e, BPF_JMP_REG(code, A, opnd_reg(e, b), 0), in->label);
}

static void emit_exit(struct em *e, const struct ir_insn *in)
{
	load_to(e, BPF_REG_0, in->a);
	put(e, BPF_EXIT_INSN());
}

/* Moves call arguments into r1..r5. Register-to-register moves form a
 * parallel move: emit a move once no other pending move still reads its
 * target; when only cycles remain, park one target's value in r0, which is
 * never a target and, at that point, read by no pending move. Arguments
 * from stack slots, immediates and fp+off are loaded last. */
static void emit_call_args(struct em *e, const struct ir_insn *in)
{
	int src[6] = {-1, -1, -1, -1, -1, -1};
	unsigned pending = 0;
	for (int k = 0; k < in->nargs; k++) {
		struct ir_opnd o = in->args[k];
		if (o.kind == IR_O_REG && vreg_reg(e, o.reg) >= 0 && vreg_reg(e, o.reg) != k + 1) {
			src[k + 1] = vreg_reg(e, o.reg);
			pending |= 1u << (k + 1);
		}
	}
	while (pending) {
		bool progress = false;
		for (int t = 1; t <= 5; t++) {
			bool read = false;
			for (int u = 1; u <= 5; u++)
				read |= (pending & (1u << u)) && u != t && src[u] == t;
			if (!(pending & (1u << t)) || read)
				continue;
			put(e, BPF_MOV64_REG(t, src[t]));
			pending &= ~(1u << t);
			progress = true;
		}
		if (progress)
			continue;
		int t = __builtin_ctz(pending);
		put(e, BPF_MOV64_REG(BPF_REG_0, t));
		for (int u = 1; u <= 5; u++)
			src[u] = src[u] == t ? BPF_REG_0 : src[u];
	}
	for (int k = 0; k < in->nargs; k++) {
		struct ir_opnd o = in->args[k];
		if (o.kind != IR_O_REG || vreg_reg(e, o.reg) < 0)
			load_to(e, k + 1, o);
	}
}

static void emit_call(struct em *e, const struct ir_insn *in)
{
	emit_call_args(e, in);
	put(e, BPF_CALL_HELPER(in->helper));
	if (in->dst >= 0 && !(e->ra->flags[e->cur] & RA_NODST))
		def_from(e, in->dst, BPF_REG_0);
}

static void emit_insn(struct em *e, const struct ir_insn *in)
{
	switch (in->op) {
	case IR_MOV: emit_mov(e, in); break;
	case IR_ALU: emit_alu(e, in); break;
	case IR_NEG:
	case IR_ENDIAN: emit_unary(e, in); break;
	case IR_LOAD: emit_load(e, in); break;
	case IR_STORE:
	case IR_XADD: emit_store(e, in); break;
	case IR_LDMAP: emit_ld64(e, in, BPF_PSEUDO_MAP_FD); break;
	case IR_LDFUNC: emit_ld64(e, in, BPF_PSEUDO_FUNC); break;
	case IR_LDKSYM: emit_ld64(e, in, BPF_PSEUDO_BTF_ID); break;
	case IR_CALL: emit_call(e, in); break;
	case IR_JMP: put_jump(e, BPF_JMP_A(0), in->label); break;
	case IR_JCC: emit_jcc(e, in); break;
	case IR_LABEL: mcode_place(e->mc, in->label); break;
	case IR_EXIT: emit_exit(e, in); break;
	}
}

static int emit_all(struct em *e)
{
	const struct ir_func *f = e->f;
	int ctx = f->ctx;
	e->cur = 0;
	e->memo_v = -1;
	for (int p = 0; p < f->nparams; p++) /* subprogram arguments, see ir.h */
		put(e, BPF_STX_MEM(BPF_DW, BPF_REG_FP, BPF_REG_1 + p, (int16_t)(-8 * (p + 1))));
	if (ctx >= 0 && e->ra->v[ctx].start == RA_ENTRY_SLOT)
		def_from(e, ctx, BPF_REG_1); /* the context arrives in r1 */
	for (size_t i = 0; i < f->ninsns && !e->rc; i++) {
		uint8_t fl = e->ra->flags[i];
		if (!(fl & RA_REACH) || (fl & RA_DEAD))
			continue;
		e->cur = (uint32_t)i;
		e->free = RA_ALL_REGS & ~(unsigned)e->ra->busy[i];
		e->memo_v = -1;
		emit_insn(e, &f->insns[i]);
	}
	return e->rc;
}

int cg_emit_allocated(const struct ra_func *ra, struct cg_output *out, char *err, size_t errlen)
{
	struct mcode mc;
	mcode_init(&mc, ra->f->nlabels);
	struct em e = {.f = ra->f, .ra = ra, .mc = &mc, .err = err, .errlen = errlen};
	out->func_starts = NULL; /* filled by codegen_emit (link.c) */
	out->nfuncs = 0;
	int rc = emit_all(&e);
	if (!rc)
		rc = mcode_finish(&mc, ra->f, out, err, errlen);
	if (!rc) {
		out->stack_used = ra->stack;
		out->nspills = ra->nspills;
	}
	mcode_free(&mc);
	return rc;
}

int cg_emit_one(const struct ir_func *f, struct cg_output *out, char *err, size_t errlen)
{
	struct ra_func ra = {0};
	if (err && errlen)
		err[0] = 0;
	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!f) {
		if (err && errlen)
			snprintf(err, errlen, "internal error: no function to compile");
		return -EINVAL;
	}
	int rc = ra_analyze(&ra, f, err, errlen);
	if (!rc)
		rc = ra_allocate(&ra, err, errlen);
	if (!rc)
		rc = cg_emit_allocated(&ra, out, err, errlen);
	ra_free(&ra);
	return rc;
}

void cg_output_free(struct cg_output *o)
{
	if (!o)
		return;
	free(o->insns);
	free(o->lines);
	free(o->func_starts);
	memset(o, 0, sizeof(*o));
}
