/* Liveness, interval and allocation tests, plus a differential fuzzer: random
 * IR programs are run by a reference interpreter and in the kernel, and the
 * allocation of each one is checked against the allocator's invariants. */
#include <inttypes.h>
#include <sched.h>

#include "cgtest.h"
#include "codegen/emit.h"
#include "codegen/regalloc.h"

/* ---- liveness ---- */

TEST(straight_line_intervals)
{
	struct ir_func f;
	ir_func_init(&f, "t");
	int a = ir_vreg(&f), b = ir_vreg(&f), dead = ir_vreg(&f);
	ir_mov(&f, a, ir_imm(1));                         /* 0 */
	ir_alu(&f, BPF_ADD, dead, ir_reg(a), ir_imm(5)); /* 1: result unused */
	ir_alu(&f, BPF_ADD, b, ir_reg(a), ir_imm(2));    /* 2 */
	ir_exit(&f, ir_reg(b));                          /* 3 */
	struct ra_func ra;
	char err[128];
	CHECK_INT(ra_analyze(&ra, &f, err, sizeof(err)), 0);
	CHECK_INT(ra.v[a].start, ra_def_slot(0));
	CHECK_INT(ra.v[a].end, ra_use_slot(2));
	CHECK_INT(ra.v[b].start, ra_def_slot(2));
	CHECK_INT(ra.v[b].end, ra_use_slot(3));
	CHECK(ra.flags[1] & RA_DEAD);
	CHECK(ra.v[dead].start > ra.v[dead].end);
	CHECK(ra.v[f.ctx].start > ra.v[f.ctx].end); /* ctx never used */
	for (int i = 0; i < 4; i++)
		CHECK(ra.flags[i] & RA_REACH);
	ra_free(&ra);
	ir_func_free(&f);
}

/* A value defined before a loop and read at the top of the body must stay
 * live around the back edge, to the end of the loop. */
TEST(liveness_across_loop_back_edge)
{
	struct ir_func f;
	ir_func_init(&f, "loop");
	int i = ir_vreg(&f), s = ir_vreg(&f), k = ir_vreg(&f), after = ir_vreg(&f);
	int head = ir_label(&f);
	ir_mov(&f, i, ir_imm(0));                          /* 0 */
	ir_mov(&f, s, ir_imm(0));                          /* 1 */
	ir_mov(&f, k, ir_imm(3));                          /* 2 */
	ir_mov(&f, after, ir_imm(9));                      /* 3: used after the loop only */
	ir_place(&f, head);                                /* 4 */
	ir_alu(&f, BPF_ADD, s, ir_reg(s), ir_reg(k));      /* 5: k's last textual use */
	ir_alu(&f, BPF_ADD, i, ir_reg(i), ir_imm(1));      /* 6 */
	ir_jcc(&f, BPF_JLT, ir_reg(i), ir_imm(10), head);  /* 7 */
	ir_alu(&f, BPF_ADD, s, ir_reg(s), ir_reg(after));  /* 8 */
	ir_exit(&f, ir_reg(s));                            /* 9 */
	struct ra_func ra;
	char err[128];
	CHECK_INT(ra_analyze(&ra, &f, err, sizeof(err)), 0);
	CHECK(ra.v[k].end >= ra_out_slot(7));  /* live around the back edge */
	CHECK(ra.v[i].end >= ra_out_slot(7));
	CHECK_INT(ra.v[after].end, ra_use_slot(8));
	CHECK(ra.v[after].start == ra_def_slot(3));
	CHECK_INT(ra_allocate(&ra, err, sizeof(err)), 0);
	/* k and after overlap across the whole loop: different registers */
	CHECK(ra.v[k].reg != ra.v[after].reg);
	ra_free(&ra);
	ir_func_free(&f);
}

TEST(call_crossing)
{
	struct ir_func f;
	ir_func_init(&f, "calls");
	int keep = ir_vreg(&f), arg = ir_vreg(&f), res = ir_vreg(&f), tmp = ir_vreg(&f);
	ir_mov(&f, keep, ir_imm(1));
	ir_mov(&f, arg, ir_imm(2));
	ir_mov(&f, tmp, ir_imm(3));
	ir_alu(&f, BPF_ADD, keep, ir_reg(keep), ir_reg(tmp)); /* tmp dies before the call */
	struct ir_opnd args[1] = {ir_reg(arg)};
	ir_call(&f, res, BPF_FUNC_get_prandom_u32, 1, args);
	ir_alu(&f, BPF_ADD, res, ir_reg(res), ir_reg(keep));
	ir_exit(&f, ir_reg(res));
	struct ra_func ra;
	char err[128];
	CHECK_INT(ra_analyze(&ra, &f, err, sizeof(err)), 0);
	CHECK(ra.v[keep].crosses_call);
	CHECK(!ra.v[arg].crosses_call);
	CHECK(!ra.v[res].crosses_call);
	CHECK(!ra.v[tmp].crosses_call);
	CHECK_INT(ra_allocate(&ra, err, sizeof(err)), 0);
	CHECK(ra.v[keep].reg >= 6);
	CHECK_INT(ra.v[arg].reg, 1); /* preference: first argument */
	CHECK_INT(ra.v[res].reg, 0); /* preference: call result, exit value */
	ra_free(&ra);
	ir_func_free(&f);
}

TEST(unreachable_code_is_dropped)
{
	struct ir_func f;
	ir_func_init(&f, "dead");
	int v = ir_vreg(&f), u = ir_vreg(&f), l = ir_label(&f);
	ir_mov(&f, v, ir_imm(4));
	ir_jmp(&f, l);
	ir_mov(&f, u, ir_imm(5)); /* unreachable, and reads nothing defined */
	ir_alu(&f, BPF_ADD, v, ir_reg(v), ir_reg(u));
	ir_place(&f, l);
	ir_exit(&f, ir_reg(v));
	struct ra_func ra;
	char err[128];
	CHECK_INT(ra_analyze(&ra, &f, err, sizeof(err)), 0);
	CHECK(!(ra.flags[2] & RA_REACH));
	CHECK(!(ra.flags[3] & RA_REACH));
	ra_free(&ra);
	CHECK_INT(cgt_exec(&f, NULL, 0), 4);
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		CHECK_INT(o.ninsns, 2); /* r0 = 4; exit: the goto to the next insn is gone */
		cg_output_free(&o);
	}
	ir_func_free(&f);
}

/* ---- malformed IR: -EINVAL with a message, never a crash ---- */

static int compile_err(struct ir_func *f, char *err, size_t n)
{
	struct cg_output o;
	int rc = codegen_emit(f, &o, err, n);
	cg_output_free(&o);
	return rc;
}

TEST(malformed_ir_is_einval)
{
	char err[160];
	struct ir_func f;
	struct ir_opnd six[6] = {ir_imm(0), ir_imm(0), ir_imm(0), ir_imm(0), ir_imm(0), ir_imm(0)};

	ir_func_init(&f, "empty");
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "use_before_def");
	int v = ir_vreg(&f);
	ir_exit(&f, ir_reg(v));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "used before it is assigned") != NULL);
	ir_func_free(&f);

	ir_func_init(&f, "defined_on_one_path");
	v = ir_vreg(&f);
	int x = ir_vreg(&f), l = ir_label(&f);
	ir_load(&f, x, ir_reg(f.ctx), 0, 8);
	ir_jcc(&f, BPF_JEQ, ir_reg(x), ir_imm(0), l);
	ir_mov(&f, v, ir_imm(1));
	ir_place(&f, l);
	ir_exit(&f, ir_reg(v));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "no_exit");
	v = ir_vreg(&f);
	ir_mov(&f, v, ir_imm(1));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "without exit") != NULL);
	ir_func_free(&f);

	ir_func_init(&f, "unplaced_label");
	ir_jmp(&f, ir_label(&f));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "label_twice");
	l = ir_label(&f);
	ir_place(&f, l);
	ir_place(&f, l);
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "bad_vreg");
	ir_mov(&f, 99, ir_imm(0));
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "too_many_args");
	ir_call(&f, -1, BPF_FUNC_trace_printk, 6, six);
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "bad_size");
	v = ir_vreg(&f);
	ir_load(&f, v, ir_fp(), -8, 3);
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "bad_alu");
	v = ir_vreg(&f);
	ir_alu(&f, BPF_NEG, v, ir_imm(1), ir_imm(2));
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "missing_operand");
	v = ir_vreg(&f);
	ir_alu(&f, BPF_ADD, v, ir_imm(1), (struct ir_opnd){0});
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "below_the_allocas"); /* would overwrite spill slots */
	ir_alloca(&f, 8, 8);
	ir_store(&f, ir_fp(), -16, ir_imm(0), 8);
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "fp_operand_below_the_allocas");
	ir_alloca(&f, 8, 8);
	ir_call(&f, -1, BPF_FUNC_ktime_get_ns, 1, (struct ir_opnd[]){ir_fp_off(-16)});
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	ir_func_init(&f, "store_to_imm");
	ir_store(&f, ir_imm(0), 0, ir_imm(0), 8);
	ir_exit(&f, ir_imm(0));
	CHECK_INT(compile_err(&f, err, sizeof(err)), -EINVAL);
	ir_func_free(&f);

	struct cg_output o;
	CHECK_INT(codegen_emit(NULL, &o, err, sizeof(err)), -EINVAL);
	CHECK_INT(codegen_emit(NULL, NULL, NULL, 0), -EINVAL);
	cg_output_free(NULL);
}

/* ---- allocation invariants ---- */

static bool overlaps(const struct ra_vreg *a, const struct ra_vreg *b)
{
	return a->start <= a->end && b->start <= b->end && a->start <= b->end &&
	       b->start <= a->end;
}

/* Checks what the emitter relies on; returns the number of violations. */
static int check_allocation(const struct ra_func *ra)
{
	const struct ir_func *f = ra->f;
	int bad = 0;
	for (int a = 0; a < f->nvregs; a++) {
		const struct ra_vreg *va = &ra->v[a];
		if (va->start > va->end)
			continue;
		if (va->reg < 0 && (va->slot >= 0 || -va->slot > (int)ra->stack || va->slot % 8))
			bad++, fprintf(stderr, "  %%%d: bad slot %d\n", a, va->slot);
		if (va->reg >= 0 && va->crosses_call && va->reg < 6)
			bad++, fprintf(stderr, "  %%%d: crosses a call in r%d\n", a, va->reg);
		for (int b = a + 1; b < f->nvregs; b++) {
			const struct ra_vreg *vb = &ra->v[b];
			if (!overlaps(va, vb))
				continue;
			if (va->reg >= 0 && va->reg == vb->reg)
				bad++, fprintf(stderr, "  %%%d and %%%d share r%d\n", a, b, va->reg);
			if (va->reg < 0 && vb->reg < 0 && va->slot == vb->slot)
				bad++, fprintf(stderr, "  %%%d and %%%d share slot %d\n", a, b, va->slot);
		}
	}
	/* enough free registers at every insn for its spilled operands */
	for (size_t i = 0; i < ra->n; i++) {
		if (!(ra->flags[i] & RA_REACH) || (ra->flags[i] & RA_DEAD))
			continue;
		const struct ir_insn *in = &f->insns[i];
		int demand = ra_insn_demand(in), inreg = 0;
		int uses[8], nu = ra_insn_uses(in, uses), seen[9], ns = 0;
		if (in->dst >= 0 && in->op != IR_CALL)
			uses[nu++] = in->dst;
		for (int k = 0; k < nu; k++) {
			bool dup = false;
			for (int j = 0; j < ns; j++)
				dup |= seen[j] == uses[k];
			if (!dup && in->op != IR_CALL && in->op != IR_EXIT) {
				seen[ns++] = uses[k];
				inreg += ra->v[uses[k]].reg >= 0;
			}
		}
		int freeregs = RA_NREGS - __builtin_popcount(ra->busy[i]);
		if (in->op != IR_CALL && in->op != IR_EXIT && freeregs < demand - inreg)
			bad++, fprintf(stderr, "  insn %zu: %d free, needs %d\n", i, freeregs,
				       demand - inreg);
	}
	return bad;
}

/* ---- differential fuzzing: reference interpreter vs. the kernel ---- */

#define FZ_CELLS 8
#define FZ_FP 0x100000000ull   /* fake address of r10 in the interpreter */
#define FZ_CTX 0x200000000ull  /* fake address of the context */
#define FZ_MAP 0x300000000ull  /* fake map pointer */
#define FZ_VAL 0x400000000ull  /* fake address of the map value */
#define FZ_VALSZ 16

struct fuzz {
	struct ir_func *f;
	uint64_t rng;
	int pool[40], npool;
	int32_t cells;       /* alloca offset of FZ_CELLS u64 cells */
	int32_t pcell, key;  /* a cell holding a pointer; the map key (0) */
	int ptrs[2];         /* long-lived pointers to cells 0 and 4 */
	int depth, loops, budget;
};

static uint64_t rnd(struct fuzz *z)
{
	z->rng ^= z->rng << 13;
	z->rng ^= z->rng >> 7;
	z->rng ^= z->rng << 17;
	return z->rng;
}

static unsigned pick(struct fuzz *z, unsigned n)
{
	return (unsigned)(rnd(z) % n);
}

static int64_t rnd_imm(struct fuzz *z)
{
	static const int64_t imms[] = {0, 1, 2, 7, -1, -100, 255, 0x7fffffff, -0x80000000ll,
				       0x80000000ll, 0xffffffffll, 0x123456789ll,
				       (int64_t)0xfedcba9876543210ull};
	return pick(z, 4) ? imms[pick(z, sizeof(imms) / sizeof(imms[0]))] : (int64_t)rnd(z);
}

static int pool_reg(struct fuzz *z)
{
	return z->pool[pick(z, (unsigned)z->npool)];
}

static struct ir_opnd src_opnd(struct fuzz *z)
{
	return pick(z, 4) ? ir_reg(pool_reg(z)) : ir_imm(rnd_imm(z));
}

static void fz_stmts(struct fuzz *z, int n);

static void fz_alu(struct fuzz *z)
{
	static const uint8_t ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_OR,
				      BPF_AND, BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH};
	uint8_t op = ops[pick(z, sizeof(ops))];
	int dst = pool_reg(z);
	struct ir_opnd a = src_opnd(z), b = src_opnd(z);
	bool alu32 = pick(z, 4) == 0;
	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
		if (b.kind == IR_O_IMM) {
			b.imm &= alu32 ? 31 : 63;
		} else {
			int t = ir_vreg(z->f);
			ir_alu(z->f, BPF_AND, t, b, ir_imm(alu32 ? 31 : 63));
			b = ir_reg(t);
		}
	}
	ir_alu(z->f, op, dst, a, b);
	z->f->insns[z->f->ninsns - 1].alu32 = alu32;
}

static void fz_unary(struct fuzz *z)
{
	int dst = pool_reg(z);
	switch (pick(z, 3)) {
	case 0:
		ir_mov(z->f, dst, src_opnd(z));
		z->f->insns[z->f->ninsns - 1].alu32 = pick(z, 3) == 0;
		break;
	case 1:
		ir_neg(z->f, dst, ir_reg(pool_reg(z)));
		z->f->insns[z->f->ninsns - 1].alu32 = pick(z, 2);
		break;
	default:
		ir_endian(z->f, pick(z, 2) ? BPF_TO_BE : BPF_TO_LE, dst, ir_reg(pool_reg(z)),
			  16 << pick(z, 3));
		break;
	}
}

/* Base operand and offset addressing cell byte `abs` (relative to fp). */
static struct ir_opnd fz_base(struct fuzz *z, int32_t abs, int32_t *off)
{
	unsigned how = pick(z, 4);
	if (how < 2) {
		int p = z->ptrs[how];
		*off = abs - (z->cells + 32 * (int32_t)how);
		return ir_reg(p);
	}
	if (how == 2) { /* a fresh pointer, built in one of several ways */
		int t = ir_vreg(z->f), c = (int)pick(z, FZ_CELLS);
		if (pick(z, 2))
			ir_mov(z->f, t, ir_fp_off(z->cells + 8 * c));
		else
			ir_alu(z->f, BPF_ADD, t, ir_fp(), ir_imm(z->cells + 8 * c));
		*off = abs - (z->cells + 8 * c);
		return ir_reg(t);
	}
	*off = abs;
	return ir_fp();
}

static void fz_mem(struct fuzz *z)
{
	static const uint8_t sizes[] = {1, 2, 4, 8};
	uint8_t size = sizes[pick(z, 4)];
	int32_t abs = z->cells + (int32_t)(8 * pick(z, FZ_CELLS) + size * pick(z, 8 / size)), off;
	struct ir_opnd base = fz_base(z, abs, &off);
	switch (pick(z, 3)) {
	case 0: ir_store(z->f, base, off, src_opnd(z), size); break;
	case 1: ir_load(z->f, pool_reg(z), base, off, size); break;
	default:
		size = pick(z, 2) ? 8 : 4;
		abs = z->cells + (int32_t)(8 * pick(z, FZ_CELLS) + (size == 4 ? 4 * pick(z, 2) : 0));
		base = fz_base(z, abs, &off);
		ir_xadd(z->f, base, off, pick(z, 4) ? ir_reg(pool_reg(z)) : ir_imm(rnd_imm(z)), size);
		break;
	}
}

/* A pointer stored to the stack and loaded back before use. */
static void fz_ptr_roundtrip(struct fuzz *z)
{
	int p = ir_vreg(z->f);
	int32_t c = z->cells + 8 * (int32_t)pick(z, FZ_CELLS);
	ir_store(z->f, ir_fp(), z->pcell, ir_fp_off(c), 8);
	ir_load(z->f, p, ir_fp(), z->pcell, 8);
	if (pick(z, 2))
		ir_store(z->f, ir_reg(p), 0, src_opnd(z), 8);
	else
		ir_load(z->f, pool_reg(z), ir_reg(p), 4 * (int32_t)pick(z, 2), 4);
}

/* map_lookup_elem on a one-entry array map; reads the value if found. */
static void fz_map(struct fuzz *z)
{
	int m = ir_vreg(z->f), p = ir_vreg(z->f), skip = ir_label(z->f);
	ir_ldmap(z->f, m, 0);
	struct ir_opnd args[2] = {ir_reg(m), ir_fp_off(z->key)};
	ir_call(z->f, p, BPF_FUNC_map_lookup_elem, 2, args);
	ir_jcc(z->f, BPF_JEQ, ir_reg(p), ir_imm(0), skip);
	ir_load(z->f, pool_reg(z), ir_reg(p), 8 * (int32_t)pick(z, 2), 8);
	ir_place(z->f, skip);
}

static void fz_call(struct fuzz *z)
{
	switch (pick(z, 3)) {
	case 0: ir_call(z->f, -1, BPF_FUNC_ktime_get_ns, 0, NULL); return;
	case 1: ir_call(z->f, pool_reg(z), BPF_FUNC_get_smp_processor_id, 0, NULL); return;
	default: break;
	}
	/* probe_read_kernel(cell a, 8, cell b), arguments built in random order */
	struct ir_opnd args[3] = {
		ir_fp_off(z->cells + 8 * (int32_t)pick(z, FZ_CELLS)),
		ir_imm(8),
		ir_fp_off(z->cells + 8 * (int32_t)pick(z, FZ_CELLS)),
	};
	int order = (int)pick(z, 6);
	for (int k = 0; k < 3; k++) {
		int which = (k + order) % 3;
		if (pick(z, 2)) {
			int t = ir_vreg(z->f);
			ir_mov(z->f, t, args[which]);
			args[which] = ir_reg(t);
		}
	}
	ir_call(z->f, pool_reg(z), BPF_FUNC_probe_read_kernel, 3, args);
}

static void fz_if(struct fuzz *z)
{
	static const uint8_t codes[] = {BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
					BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET};
	int l_else = ir_label(z->f), l_end = ir_label(z->f);
	z->depth++;
	struct ir_opnd a = ir_reg(pool_reg(z)), b = src_opnd(z);
	if (b.kind == IR_O_REG && pick(z, 4) == 0) /* constant on the left */
		a = ir_imm(rnd_imm(z));
	ir_jcc(z->f, codes[pick(z, sizeof(codes))], a, b, l_else);
	fz_stmts(z, 1 + (int)pick(z, 4));
	if (pick(z, 3)) {
		ir_jmp(z->f, l_end);
		ir_place(z->f, l_else);
		fz_stmts(z, 1 + (int)pick(z, 4));
		ir_place(z->f, l_end);
	} else {
		ir_place(z->f, l_else);
	}
	z->depth--;
}

static void fz_loop(struct fuzz *z)
{
	int i = ir_vreg(z->f), head = ir_label(z->f);
	z->depth++;
	z->loops++;
	ir_mov(z->f, i, ir_imm(0));
	ir_place(z->f, head);
	fz_stmts(z, 2 + (int)pick(z, 5));
	ir_alu(z->f, BPF_ADD, i, ir_reg(i), ir_imm(1));
	ir_jcc(z->f, BPF_JLT, ir_reg(i), ir_imm(1 + pick(z, 3)), head);
	z->depth--;
}

static void fz_stmts(struct fuzz *z, int n)
{
	for (int k = 0; k < n && z->budget > 0; k++, z->budget--) {
		unsigned c = pick(z, 23);
		if (c < 8)
			fz_alu(z);
		else if (c < 11)
			fz_unary(z);
		else if (c < 15)
			fz_mem(z);
		else if (c < 17)
			fz_call(z);
		else if (c < 18)
			fz_ptr_roundtrip(z);
		else if (c < 19)
			fz_map(z);
		else if (c < 22 && z->depth < 2)
			fz_if(z);
		else if (z->depth == 0 && z->loops < 2)
			fz_loop(z);
	}
}

static void fz_build(struct fuzz *z, int npool, int nstmts)
{
	struct ir_func *f = z->f;
	z->cells = ir_alloca(f, 8 * FZ_CELLS, 8);
	z->pcell = ir_alloca(f, 8, 8);
	z->key = ir_alloca(f, 4, 4);
	for (int c = 0; c < FZ_CELLS; c++)
		ir_store(f, ir_fp(), z->cells + 8 * c, ir_imm(rnd_imm(z)), 8);
	ir_store(f, ir_fp(), z->key, ir_imm(0), 4);
	for (int k = 0; k < 2; k++) {
		z->ptrs[k] = ir_vreg(f);
		ir_alu(f, BPF_ADD, z->ptrs[k], ir_fp(), ir_imm(z->cells + 32 * k));
	}
	z->npool = npool;
	for (int k = 0; k < npool; k++) {
		z->pool[k] = ir_vreg(f);
		if (k < 3)
			ir_load(f, z->pool[k], ir_reg(f->ctx), 8 * (k + 1), 8);
		else
			ir_mov(f, z->pool[k], ir_imm(rnd_imm(z)));
	}
	z->budget = nstmts;
	fz_stmts(z, nstmts);
	int acc = ir_vreg(f);
	ir_mov(f, acc, ir_imm(0));
	for (int k = 0; k < npool; k++) {
		ir_alu(f, BPF_MUL, acc, ir_reg(acc), ir_imm(1000003));
		ir_alu(f, BPF_XOR, acc, ir_reg(acc), ir_reg(z->pool[k]));
	}
	int cell = ir_vreg(f);
	for (int k = 0; k < 2; k++) { /* keep the long-lived pointers live to the end */
		ir_load(f, cell, ir_reg(z->ptrs[k]), 4, 4);
		ir_alu(f, BPF_XOR, acc, ir_reg(acc), ir_reg(cell));
	}
	for (int c = 0; c < FZ_CELLS; c++) {
		ir_load(f, cell, ir_fp(), z->cells + 8 * c, 8);
		ir_alu(f, BPF_MUL, acc, ir_reg(acc), ir_imm(31));
		ir_alu(f, BPF_ADD, acc, ir_reg(acc), ir_reg(cell));
	}
	cgt_exit64(f, acc);
}

static const uint8_t FZ_MAPVAL[FZ_VALSZ] = "\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xf0\x0f";

struct vm {
	const struct ir_func *f;
	uint64_t *r;
	uint8_t stack[512];
	uint64_t args[12];
	uint8_t mapval[FZ_VALSZ];
	int32_t *label_at;
	int cpu;
	bool fault;
};

static uint64_t vm_val(struct vm *m, struct ir_opnd o)
{
	if (o.kind == IR_O_REG)
		return m->r[o.reg];
	if (o.kind == IR_O_FP)
		return FZ_FP + (uint64_t)o.imm;
	return (uint64_t)o.imm;
}

static uint8_t *vm_mem(struct vm *m, uint64_t addr, unsigned size)
{
	if (addr >= FZ_FP - 512 && addr + size <= FZ_FP)
		return &m->stack[addr - (FZ_FP - 512)];
	if (addr >= FZ_CTX && addr + size <= FZ_CTX + sizeof(m->args))
		return (uint8_t *)m->args + (addr - FZ_CTX);
	if (addr >= FZ_VAL && addr + size <= FZ_VAL + FZ_VALSZ)
		return m->mapval + (addr - FZ_VAL);
	m->fault = true;
	return NULL;
}

static uint64_t vm_load(struct vm *m, uint64_t addr, unsigned size)
{
	uint64_t v = 0;
	uint8_t *p = vm_mem(m, addr, size);
	if (p)
		memcpy(&v, p, size); /* little-endian host, like the kernel */
	return v;
}

static void vm_store(struct vm *m, uint64_t addr, unsigned size, uint64_t v)
{
	uint8_t *p = vm_mem(m, addr, size);
	if (p)
		memcpy(p, &v, size);
}

static uint64_t vm_alu(const struct ir_insn *in, uint64_t a, uint64_t b)
{
	bool w = in->alu32;
	if (w)
		a = (uint32_t)a, b = (uint32_t)b;
	unsigned sh = (unsigned)(b & (w ? 31 : 63));
	uint64_t r;
	switch (in->code) {
	case BPF_ADD: r = a + b; break;
	case BPF_SUB: r = a - b; break;
	case BPF_MUL: r = a * b; break;
	case BPF_DIV: r = b ? a / b : 0; break;
	case BPF_MOD: r = b ? a % b : a; break;
	case BPF_OR: r = a | b; break;
	case BPF_AND: r = a & b; break;
	case BPF_XOR: r = a ^ b; break;
	case BPF_LSH: r = a << sh; break;
	case BPF_RSH: r = a >> sh; break;
	default: r = w ? (uint32_t)((int32_t)a >> sh) : (uint64_t)((int64_t)a >> sh); break;
	}
	return w ? (uint32_t)r : r;
}

static bool vm_cond(uint8_t code, uint64_t a, uint64_t b)
{
	switch (code) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSGT: return (int64_t)a > (int64_t)b;
	case BPF_JSGE: return (int64_t)a >= (int64_t)b;
	case BPF_JSLT: return (int64_t)a < (int64_t)b;
	case BPF_JSLE: return (int64_t)a <= (int64_t)b;
	default: return (a & b) != 0;
	}
}

static uint64_t vm_endian(const struct ir_insn *in, uint64_t a)
{
	if (in->code == BPF_TO_BE)
		return in->imm == 16 ? __builtin_bswap16((uint16_t)a)
		       : in->imm == 32 ? __builtin_bswap32((uint32_t)a) : __builtin_bswap64(a);
	return in->imm == 16 ? (uint16_t)a : in->imm == 32 ? (uint32_t)a : a;
}

static uint64_t vm_call(struct vm *m, const struct ir_insn *in)
{
	if (in->helper == BPF_FUNC_get_smp_processor_id)
		return (uint64_t)m->cpu;
	if (in->helper == BPF_FUNC_map_lookup_elem)
		return vm_load(m, vm_val(m, in->args[1]), 4) == 0 ? FZ_VAL : 0;
	if (in->helper == BPF_FUNC_probe_read_kernel) {
		uint64_t v = vm_load(m, vm_val(m, in->args[2]), 8);
		vm_store(m, vm_val(m, in->args[0]), 8, v);
	}
	return 0;
}

/* Executes one insn; returns the next pc, or -1 at exit. */
static long vm_step(struct vm *m, long pc, uint64_t *ret)
{
	const struct ir_insn *in = &m->f->insns[pc];
	uint64_t a = vm_val(m, in->a);
	switch (in->op) {
	case IR_MOV: m->r[in->dst] = in->alu32 ? (uint32_t)a : a; break;
	case IR_ALU: m->r[in->dst] = vm_alu(in, a, vm_val(m, in->b)); break;
	case IR_NEG: m->r[in->dst] = in->alu32 ? (uint32_t)-(uint32_t)a : -a; break;
	case IR_ENDIAN: m->r[in->dst] = vm_endian(in, a); break;
	case IR_LOAD: m->r[in->dst] = vm_load(m, a + (uint64_t)(int64_t)in->off, in->size); break;
	case IR_STORE: vm_store(m, a + (uint64_t)(int64_t)in->off, in->size, vm_val(m, in->b)); break;
	case IR_XADD: {
		uint64_t addr = a + (uint64_t)(int64_t)in->off;
		vm_store(m, addr, in->size, vm_load(m, addr, in->size) + vm_val(m, in->b));
		break;
	}
	case IR_CALL: {
		uint64_t r = vm_call(m, in);
		if (in->dst >= 0)
			m->r[in->dst] = r;
		break;
	}
	case IR_JMP: return m->label_at[in->label];
	case IR_JCC:
		if (vm_cond(in->code, a, vm_val(m, in->b)))
			return m->label_at[in->label];
		break;
	case IR_LDMAP: m->r[in->dst] = FZ_MAP; break;
	case IR_EXIT: *ret = a; return -1;
	default: break;
	}
	return pc + 1;
}

static bool vm_run(const struct ir_func *f, const uint64_t *args, int cpu, uint64_t *ret)
{
	struct vm m = {.f = f, .cpu = cpu};
	m.r = calloc((size_t)f->nvregs + 1, sizeof(*m.r));
	m.label_at = calloc((size_t)f->nlabels + 1, sizeof(*m.label_at));
	memcpy(m.args, args, 4 * sizeof(uint64_t));
	memcpy(m.mapval, FZ_MAPVAL, FZ_VALSZ);
	for (size_t i = 0; i < f->ninsns; i++) {
		if (f->insns[i].op == IR_LABEL)
			m.label_at[f->insns[i].label] = (int32_t)i;
	}
	m.r[f->ctx] = FZ_CTX;
	long pc = 0, steps = 0;
	while (pc >= 0 && (size_t)pc < f->ninsns && steps++ < 1000000 && !m.fault)
		pc = vm_step(&m, pc, ret);
	free(m.r);
	free(m.label_at);
	return pc < 0 && !m.fault;
}

/* Scratch registers the emitter may count on at insn i (see regalloc.c). */
static int guaranteed_free(const struct ra_func *ra, size_t i)
{
	const struct ir_insn *in = &ra->f->insns[i];
	int uses[8], nu = ra_insn_uses(in, uses), seen[9], ns = 0, inreg = 0;
	if (in->op == IR_CALL || in->op == IR_EXIT)
		return 0;
	if (in->dst >= 0)
		uses[nu++] = in->dst;
	for (int k = 0; k < nu; k++) {
		bool dup = false;
		for (int j = 0; j < ns; j++)
			dup |= seen[j] == uses[k];
		if (!dup) {
			seen[ns++] = uses[k];
			inreg += ra->v[uses[k]].reg >= 0;
		}
	}
	return ra_insn_demand(in) - inreg;
}

/* Re-emits f after spilling a random extra set of vregs, with every insn
 * left exactly the scratch registers the allocator guarantees (simulated
 * maximum pressure). Returns 0 and fills o, or -1 if it does not fit. */
static int emit_stressed(const struct ir_func *f, uint64_t seed, struct cg_output *o)
{
	struct ra_func ra;
	char err[200];
	int rc = ra_analyze(&ra, f, err, sizeof(err)) ?: ra_allocate(&ra, err, sizeof(err));
	uint64_t rng = seed | 1;
	for (int v = 0; !rc && v < f->nvregs; v++) {
		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		if (ra.v[v].reg >= 0 && ra.v[v].start <= ra.v[v].end && rng % 3 == 0) {
			ra.v[v].reg = -1;
			ra.stack += 8;
			ra.v[v].slot = (int16_t)-(int32_t)ra.stack;
		}
	}
	if (!rc && ra.stack > BPF_STACK_LIMIT)
		rc = -1;
	if (!rc) {
		ra_compute_busy(&ra);
		for (size_t i = 0; i < ra.n; i++) {
			unsigned freem = RA_ALL_REGS & ~(unsigned)ra.busy[i], keep = 0;
			for (int k = 0; k < guaranteed_free(&ra, i); k++) {
				keep |= freem & -freem;
				freem &= freem - 1;
			}
			ra.busy[i] = (uint16_t)(RA_ALL_REGS & ~keep);
		}
		rc = cg_emit_allocated(&ra, o, err, sizeof(err));
		if (rc) {
			test_fail(__FILE__, __LINE__, "stressed emit: %s", err);
			unsigned at = 0;
			if (sscanf(err, "internal error: no scratch register at IR insn %u", &at) == 1 &&
			    at < ra.n) {
				struct ir_func one = *f;
				one.insns = &f->insns[at];
				one.ninsns = 1;
				char *t = cgt_ir_text(&one);
				fprintf(stderr, "%s  busy %#x guaranteed %d\n", t, ra.busy[at],
					guaranteed_free(&ra, at));
				free(t);
			}
		}
	}
	ra_free(&ra);
	return rc;
}

/* Loads o with the fuzz map and returns the 64-bit result (selector in
 * args[0]); -1 on failure (already reported). */
static int run_output(const struct ir_func *f, const struct cg_output *o, int mapfd,
		      uint64_t *args, uint64_t *got)
{
	uint32_t lo = 0, hi = 0;
	int fd = cgt_load(f, o, BPF_PROG_TYPE_RAW_TRACEPOINT, &mapfd, 1);
	if (fd < 0)
		return -1;
	args[0] = 0;
	int bad = cgt_run(fd, args, 4, &lo);
	args[0] = 1;
	bad = bad ?: cgt_run(fd, args, 4, &hi);
	close(fd);
	*got = (uint64_t)hi << 32 | lo;
	return bad ? -1 : 0;
}

static int check_run(const struct ir_func *f, const struct cg_output *o, int mapfd,
		     uint64_t *args, uint64_t want, const char *what, uint64_t seed)
{
	uint64_t got = 0;
	if (run_output(f, o, mapfd, args, &got))
		return 1;
	if (got == want)
		return 0;
	test_fail(__FILE__, __LINE__, "seed %" PRIu64 " %s: got %#" PRIx64 " want %#" PRIx64,
		  seed, what, got, want);
	cgt_report(f, o, NULL);
	return 1;
}

static int fuzz_one(uint64_t seed, int cpu, int mapfd)
{
	struct ir_func f;
	struct fuzz z = {.f = &f, .rng = seed * 0x9e3779b97f4a7c15ull + 1};
	int failures = 0;
	ir_func_init(&f, "fuzz");
	int npool = 3 + (int)pick(&z, 28), nstmts = 5 + (int)pick(&z, 60);
	fz_build(&z, npool, nstmts);
	uint64_t args[4] = {0, rnd(&z), rnd(&z) % 1000, rnd(&z)}, want = 0;
	if (!vm_run(&f, args, cpu, &want)) {
		test_fail(__FILE__, __LINE__, "seed %" PRIu64 ": interpreter fault", seed);
		failures++;
	}
	struct ra_func ra;
	char err[200];
	if (ra_analyze(&ra, &f, err, sizeof(err)) || ra_allocate(&ra, err, sizeof(err))) {
		test_fail(__FILE__, __LINE__, "seed %" PRIu64 ": %s", seed, err);
		failures++;
	} else if (check_allocation(&ra)) {
		test_fail(__FILE__, __LINE__, "seed %" PRIu64 ": allocation invariants", seed);
		failures++;
	}
	ra_free(&ra);
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		failures += check_run(&f, &o, mapfd, args, want, "", seed);
		cg_output_free(&o);
	}
	if (!emit_stressed(&f, seed, &o)) {
		failures += check_run(&f, &o, mapfd, args, want, "stressed", seed);
		cg_output_free(&o);
	}
	ir_func_free(&f);
	return failures;
}

TEST(differential_fuzz)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	int mapfd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "sg_fuzz", 4, FZ_VALSZ, 1, NULL);
	uint32_t key = 0;
	CHECK(mapfd >= 0 && bpf_map_update_elem(mapfd, &key, FZ_MAPVAL, BPF_ANY) == 0);
	int failures = 0;
	const char *env = getenv("SG_FUZZ_ITERS");
	int iters = env ? atoi(env) : 300;
	for (int s = 1; s <= iters && failures < 3 && mapfd >= 0; s++)
		failures += fuzz_one((uint64_t)s, 0, mapfd);
	if (mapfd >= 0)
		close(mapfd);
}
