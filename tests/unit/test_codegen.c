/* Back-end tests that execute generated code in the kernel: every program
 * must pass the real verifier and compute the right value. */
#include <inttypes.h>
#include <sched.h>

#include "cgtest.h"
#include "codegen/emit.h"
#include "codegen/regalloc.h"

/* ---- basics ---- */

TEST(exit_constant)
{
	struct ir_func f;
	ir_func_init(&f, "t");
	ir_exit(&f, ir_imm(42));
	CHECK_INT(cgt_exec(&f, NULL, 0), 42);
	ir_func_free(&f);
}

TEST(exit_ctx_arg)
{
	struct ir_func f;
	ir_func_init(&f, "t");
	int v = ir_vreg(&f);
	ir_load(&f, v, ir_reg(f.ctx), 8, 8);
	ir_exit(&f, ir_reg(v));
	uint64_t args[2] = {1, 777};
	CHECK_INT(cgt_exec(&f, args, 2), 777);
	ir_func_free(&f);
}

/* ---- ALU: every op, register and immediate forms, 64 and 32 bit ---- */

static uint64_t ref_alu(uint8_t code, uint64_t a, uint64_t b, bool alu32)
{
	if (alu32)
		a = (uint32_t)a, b = (uint32_t)b;
	unsigned sh = (unsigned)(b & (alu32 ? 31 : 63));
	uint64_t r;
	switch (code) {
	case BPF_ADD: r = a + b; break;
	case BPF_SUB: r = a - b; break;
	case BPF_MUL: r = a * b; break;
	case BPF_DIV: r = b ? a / b : 0; break;
	case BPF_MOD: r = b ? a % b : a; break;
	case BPF_OR: r = a | b; break;
	case BPF_AND: r = a & b; break;
	case BPF_XOR: r = a ^ b; break;
	case BPF_LSH: r = a << sh; break;
	case BPF_RSH: r = alu32 ? (uint32_t)a >> sh : a >> sh; break;
	default: /* ARSH */
		r = alu32 ? (uint64_t)(uint32_t)((int32_t)a >> sh) : (uint64_t)((int64_t)a >> sh);
		break;
	}
	return alu32 ? (uint32_t)r : r;
}

static const uint8_t alu_ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_OR,
				  BPF_AND, BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH};

/* r = a op b with a, b from ctx args 1 and 2 (unknown to the verifier). */
static uint64_t run_alu_regs(uint8_t code, bool alu32, uint64_t a, uint64_t b)
{
	struct ir_func f;
	ir_func_init(&f, "alu");
	int va = ir_vreg(&f), vb = ir_vreg(&f), r = ir_vreg(&f);
	ir_load(&f, va, ir_reg(f.ctx), 8, 8);
	ir_load(&f, vb, ir_reg(f.ctx), 16, 8);
	if (code == BPF_LSH || code == BPF_RSH || code == BPF_ARSH)
		ir_alu(&f, BPF_AND, vb, ir_reg(vb), ir_imm(alu32 ? 31 : 63));
	ir_alu(&f, code, r, ir_reg(va), ir_reg(vb));
	f.insns[f.ninsns - 1].alu32 = alu32;
	cgt_exit64(&f, r);
	uint64_t args[3] = {0, a, b};
	uint64_t got = cgt_exec64(&f, args, 3);
	ir_func_free(&f);
	return got;
}

static uint64_t run_alu_imm(uint8_t code, bool alu32, uint64_t a, int64_t imm, bool imm_first)
{
	struct ir_func f;
	ir_func_init(&f, "alu_imm");
	int va = ir_vreg(&f), r = ir_vreg(&f);
	ir_load(&f, va, ir_reg(f.ctx), 8, 8);
	if (imm_first)
		ir_alu(&f, code, r, ir_imm(imm), ir_reg(va));
	else
		ir_alu(&f, code, r, ir_reg(va), ir_imm(imm));
	f.insns[f.ninsns - 1].alu32 = alu32;
	cgt_exit64(&f, r);
	uint64_t args[2] = {0, a};
	uint64_t got = cgt_exec64(&f, args, 2);
	ir_func_free(&f);
	return got;
}

static bool is_shift(uint8_t code)
{
	return code == BPF_LSH || code == BPF_RSH || code == BPF_ARSH;
}

static const uint64_t samples[][2] = {
	{0, 0},
	{7, 3},
	{0xffffffffffffffffull, 2},
	{0x8000000000000000ull, 0xffffffffffffffffull},
	{0x123456789abcdef0ull, 0x0fedcba987654321ull},
	{100, 0},
	{0xfffffffe, 0x80000001},
	{5, 64 + 3},
};

TEST(alu_register_forms)
{
	for (size_t k = 0; k < sizeof(alu_ops); k++) {
		for (int alu32 = 0; alu32 < 2; alu32++) {
			for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
				uint64_t a = samples[s][0], b = samples[s][1];
				uint64_t bb = is_shift(alu_ops[k]) ? b & (alu32 ? 31 : 63) : b;
				uint64_t want = ref_alu(alu_ops[k], a, bb, alu32);
				uint64_t got = run_alu_regs(alu_ops[k], alu32, a, b);
				if (got != want)
					test_fail(__FILE__, __LINE__,
						  "op 0x%x alu32=%d a=%#" PRIx64 " b=%#" PRIx64
						  ": got %#" PRIx64 " want %#" PRIx64,
						  alu_ops[k], alu32, a, b, got, want);
			}
		}
	}
}

static const int64_t imms[] = {0, 1, 3, -1, 31, 63, 0x7fffffff, -0x80000000ll, 0x80000000ll,
			       0xffffffffll, 0x123456789ll, -0x123456789ll,
			       (int64_t)0x8000000000000000ull};

static void check_alu_imm(uint8_t op, bool alu32, uint64_t a, int64_t imm, bool first)
{
	uint64_t b = (uint64_t)imm;
	if (is_shift(op) && (first || b > 63))
		return; /* shift counts stay in range */
	uint64_t want = first ? ref_alu(op, b, a, alu32) : ref_alu(op, a, b, alu32);
	uint64_t got = run_alu_imm(op, alu32, a, imm, first);
	if (got != want)
		test_fail(__FILE__, __LINE__,
			  "op 0x%x alu32=%d a=%#" PRIx64 " imm=%#" PRIx64 " first=%d: got %#" PRIx64
			  " want %#" PRIx64,
			  op, alu32, a, b, first, got, want);
}

TEST(alu_immediate_forms)
{
	const uint64_t as[] = {12345, 0xffffffffffffffffull, 0x876543210fedcba9ull};
	for (size_t k = 0; k < sizeof(alu_ops); k++) {
		for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
			for (int m = 0; m < 12; m++) /* alu32 x first x a */
				check_alu_imm(alu_ops[k], m & 1, as[m / 4], imms[i], (m >> 1) & 1);
		}
	}
}

/* ---- immediates ---- */

TEST(big_immediates)
{
	const int64_t vals[] = {0x123456789abcdef0ll, -2, 0xffffffffll, 0x80000000ll,
				-0x80000000ll, (int64_t)0xfedcba9876543210ull};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		struct ir_func f;
		ir_func_init(&f, "imm");
		int a = ir_vreg(&f), b = ir_vreg(&f), c = ir_vreg(&f), l = ir_label(&f);
		int32_t slot = ir_alloca(&f, 8, 8);
		ir_mov(&f, a, ir_imm(vals[i]));                  /* mov */
		ir_store(&f, ir_fp(), slot, ir_imm(vals[i]), 8); /* store imm */
		ir_load(&f, b, ir_fp(), slot, 8);
		ir_alu(&f, BPF_XOR, c, ir_reg(a), ir_reg(b)); /* 0 when both right */
		ir_jcc(&f, BPF_JNE, ir_reg(b), ir_imm(vals[i]), l); /* jcc imm */
		ir_alu(&f, BPF_ADD, c, ir_reg(c), ir_imm(vals[i])); /* alu imm */
		ir_place(&f, l);
		cgt_exit64(&f, c);
		uint64_t args[1];
		CHECK_INT(cgt_exec64(&f, args, 1), vals[i]);
		ir_func_free(&f);
	}
}

TEST(store_sizes_truncate_immediates)
{
	struct ir_func f;
	ir_func_init(&f, "st");
	int v = ir_vreg(&f);
	int32_t slot = ir_alloca(&f, 8, 8);
	ir_store(&f, ir_fp(), slot, ir_imm(-1), 8);
	ir_store(&f, ir_fp(), slot, ir_imm(0x1234), 1);     /* low byte 0x34 */
	ir_store(&f, ir_fp(), slot + 2, ir_imm(0xabcd5678), 2); /* 0x5678 */
	ir_store(&f, ir_fp(), slot + 4, ir_imm(0x1ffffffffll), 4);
	ir_load(&f, v, ir_fp(), slot, 8);
	cgt_exit64(&f, v);
	uint64_t args[1];
	CHECK_INT(cgt_exec64(&f, args, 1), 0xffffffff5678ff34ull);
	ir_func_free(&f);
}

/* ---- division and modulo, including by zero ---- */

TEST(division_and_modulo)
{
	const uint64_t pairs[][2] = {{100, 7}, {100, 0}, {0xffffffffffffffffull, 3},
				     {0x100000005ull, 0x100000000ull}, {5, 0xffffffff}};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		for (int alu32 = 0; alu32 < 2; alu32++) {
			uint64_t a = pairs[i][0], b = pairs[i][1];
			CHECK_INT(run_alu_regs(BPF_DIV, alu32, a, b), ref_alu(BPF_DIV, a, b, alu32));
			CHECK_INT(run_alu_regs(BPF_MOD, alu32, a, b), ref_alu(BPF_MOD, a, b, alu32));
			CHECK_INT(run_alu_imm(BPF_DIV, alu32, a, (int64_t)b, false),
				  ref_alu(BPF_DIV, a, b, alu32));
			CHECK_INT(run_alu_imm(BPF_MOD, alu32, a, (int64_t)b, false),
				  ref_alu(BPF_MOD, a, b, alu32));
		}
	}
}

/* ---- unary ops ---- */

TEST(neg_endian_and_mov32)
{
	struct ir_func f;
	ir_func_init(&f, "unary");
	int x = ir_vreg(&f), n = ir_vreg(&f), n32 = ir_vreg(&f), b16 = ir_vreg(&f),
	    b32 = ir_vreg(&f), b64 = ir_vreg(&f), l32 = ir_vreg(&f), m32 = ir_vreg(&f),
	    acc = ir_vreg(&f);
	ir_load(&f, x, ir_reg(f.ctx), 8, 8);
	ir_neg(&f, n, ir_reg(x));
	ir_neg(&f, n32, ir_reg(x));
	f.insns[f.ninsns - 1].alu32 = 1;
	ir_endian(&f, BPF_TO_BE, b16, ir_reg(x), 16);
	ir_endian(&f, BPF_TO_BE, b32, ir_reg(x), 32);
	ir_endian(&f, BPF_TO_BE, b64, ir_reg(x), 64);
	ir_endian(&f, BPF_TO_LE, l32, ir_reg(x), 32);
	ir_mov(&f, m32, ir_reg(x));
	f.insns[f.ninsns - 1].alu32 = 1;
	/* acc = n ^ n32*3 ^ b16*5 ^ b32*7 ^ b64 ^ l32*11 ^ m32*13 */
	ir_mov(&f, acc, ir_reg(n));
	const int parts[] = {n32, b16, b32, b64, l32, m32};
	const int mult[] = {3, 5, 7, 1, 11, 13};
	for (int i = 0; i < 6; i++) {
		int t = ir_vreg(&f);
		ir_alu(&f, BPF_MUL, t, ir_reg(parts[i]), ir_imm(mult[i]));
		ir_alu(&f, BPF_XOR, acc, ir_reg(acc), ir_reg(t));
	}
	cgt_exit64(&f, acc);
	uint64_t x0 = 0x0102030405060708ull, args[2] = {0, x0};
	uint64_t want = -x0 ^ (uint64_t)(uint32_t)-(uint32_t)x0 * 3 ^
			(uint64_t)__builtin_bswap16((uint16_t)x0) * 5 ^
			(uint64_t)__builtin_bswap32((uint32_t)x0) * 7 ^ __builtin_bswap64(x0) ^
			(uint64_t)(uint32_t)x0 * 11 ^ (uint64_t)(uint32_t)x0 * 13;
	CHECK_INT(cgt_exec64(&f, args, 2), want);
	ir_func_free(&f);
}

/* ---- control flow ---- */

/* sum of i*x for i in [0, n): a loop with a back edge and a forward exit. */
TEST(loop_with_back_edge)
{
	struct ir_func f;
	ir_func_init(&f, "loop");
	int x = ir_vreg(&f), i = ir_vreg(&f), sum = ir_vreg(&f), t = ir_vreg(&f),
	    keep = ir_vreg(&f);
	int head = ir_label(&f), done = ir_label(&f);
	ir_load(&f, x, ir_reg(f.ctx), 8, 8);
	ir_alu(&f, BPF_MUL, keep, ir_reg(x), ir_imm(1000)); /* live across the whole loop */
	ir_mov(&f, i, ir_imm(0));
	ir_mov(&f, sum, ir_imm(0));
	ir_place(&f, head);
	ir_jcc(&f, BPF_JGE, ir_reg(i), ir_imm(10), done);
	ir_alu(&f, BPF_MUL, t, ir_reg(i), ir_reg(x));
	ir_alu(&f, BPF_ADD, sum, ir_reg(sum), ir_reg(t));
	ir_alu(&f, BPF_ADD, i, ir_reg(i), ir_imm(1));
	ir_jmp(&f, head);
	ir_place(&f, done);
	ir_alu(&f, BPF_ADD, sum, ir_reg(sum), ir_reg(keep));
	cgt_exit64(&f, sum);
	uint64_t args[2] = {0, 3};
	CHECK_INT(cgt_exec64(&f, args, 2), 45 * 3 + 3000);
	ir_func_free(&f);
}

/* A loop whose body calls a helper: the counter, accumulator and a value
 * from before the loop must survive every call (r6-r9 or stack). */
TEST(loop_with_call_inside)
{
	struct ir_func f;
	ir_func_init(&f, "loopcall");
	int x = ir_vreg(&f), i = ir_vreg(&f), sum = ir_vreg(&f), t = ir_vreg(&f);
	int head = ir_label(&f);
	ir_load(&f, x, ir_reg(f.ctx), 8, 8);
	ir_mov(&f, i, ir_imm(0));
	ir_mov(&f, sum, ir_imm(7));
	ir_place(&f, head);
	ir_call(&f, t, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_alu(&f, BPF_AND, t, ir_reg(t), ir_imm(0)); /* t = 0 but unknown to codegen */
	ir_alu(&f, BPF_ADD, sum, ir_reg(sum), ir_reg(x));
	ir_alu(&f, BPF_ADD, sum, ir_reg(sum), ir_reg(t));
	ir_alu(&f, BPF_ADD, i, ir_reg(i), ir_imm(1));
	ir_jcc(&f, BPF_JLT, ir_reg(i), ir_imm(5), head); /* backward conditional jump */
	ir_alu(&f, BPF_MUL, sum, ir_reg(sum), ir_reg(i));
	cgt_exit64(&f, sum);
	uint64_t args[2] = {0, 11};
	CHECK_INT(cgt_exec64(&f, args, 2), (7 + 5 * 11) * 5);
	ir_func_free(&f);
}

/* Non-SSA merge: one vreg assigned on both arms of a diamond. */
TEST(diamond_assigns_same_vreg)
{
	for (uint64_t in = 0; in < 3; in++) {
		struct ir_func f;
		ir_func_init(&f, "diamond");
		int x = ir_vreg(&f), r = ir_vreg(&f), l_else = ir_label(&f), l_end = ir_label(&f);
		ir_load(&f, x, ir_reg(f.ctx), 8, 8);
		ir_jcc(&f, BPF_JEQ, ir_reg(x), ir_imm(1), l_else);
		ir_alu(&f, BPF_ADD, r, ir_reg(x), ir_imm(100));
		ir_jmp(&f, l_end);
		ir_place(&f, l_else);
		ir_mov(&f, r, ir_imm(-5));
		ir_place(&f, l_end);
		cgt_exit64(&f, r);
		uint64_t args[2] = {0, in};
		CHECK_INT(cgt_exec64(&f, args, 2), in == 1 ? (uint64_t)-5 : in + 100);
		ir_func_free(&f);
	}
}

static bool ref_cond(uint8_t code, uint64_t a, uint64_t b)
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

/* form 0: reg-reg, 1: reg-imm, 2: imm-reg. Returns 1 when the jump is taken. */
static int run_cond(uint8_t code, int form, int64_t av, int64_t bv)
{
	struct ir_func f;
	ir_func_init(&f, "cond");
	int a = ir_vreg(&f), b = ir_vreg(&f), taken = ir_label(&f);
	ir_load(&f, a, ir_reg(f.ctx), 8, 8);
	ir_load(&f, b, ir_reg(f.ctx), 16, 8);
	struct ir_opnd oa = form == 2 ? ir_imm(av) : ir_reg(a);
	struct ir_opnd ob = form == 1 ? ir_imm(bv) : ir_reg(b);
	ir_jcc(&f, code, oa, ob, taken);
	ir_exit(&f, ir_imm(0));
	ir_place(&f, taken);
	ir_exit(&f, ir_imm(1));
	uint64_t args[3] = {0, (uint64_t)av, (uint64_t)bv};
	int r = (int)cgt_exec(&f, args, 3);
	ir_func_free(&f);
	return r;
}

TEST(all_conditions)
{
	const uint8_t codes[] = {BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
				 BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET};
	const int64_t vals[] = {-1, 0, 5, 0x100000000ll};
	for (size_t c = 0; c < sizeof(codes); c++) {
		for (int form = 0; form < 3; form++) {
			for (size_t k = 0; k < 16; k++) {
				int64_t av = vals[k / 4], bv = vals[k % 4];
				int want = ref_cond(codes[c], (uint64_t)av, (uint64_t)bv);
				int got = run_cond(codes[c], form, av, bv);
				if (got != want)
					test_fail(__FILE__, __LINE__,
						  "cond 0x%x form %d a=%" PRId64 " b=%" PRId64
						  ": got %d want %d",
						  codes[c], form, av, bv, got, want);
			}
		}
	}
}

/* Conditions on two constants are folded; the dead arm must not be emitted
 * (the verifier rejects unreachable code). */
TEST(constant_conditions_fold)
{
	for (int taken = 0; taken < 2; taken++) {
		struct ir_func f;
		ir_func_init(&f, "fold");
		int l = ir_label(&f);
		ir_jcc(&f, BPF_JGT, ir_imm(taken ? 5 : 1), ir_imm(3), l);
		ir_exit(&f, ir_imm(10));
		ir_place(&f, l);
		ir_exit(&f, ir_imm(20));
		CHECK_INT(cgt_exec(&f, NULL, 0), taken ? 20 : 10);
		struct cg_output o;
		if (!cgt_compile(&f, &o)) {
			CHECK_INT(o.ninsns, 2); /* r0 = N; exit */
			cg_output_free(&o);
		}
		ir_func_free(&f);
	}
}

/* ---- helper calls ---- */

static void pin_cpu(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int last_cpu(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	int last = 0;
	for (int i = 0; i < CPU_SETSIZE; i++)
		last = CPU_ISSET(i, &set) ? i : last;
	return last;
}

/* Values computed before helper calls are used after them; the call results
 * are used too (the CPU number is known because the test is pinned). */
TEST(values_live_across_calls)
{
	int cpu = last_cpu();
	pin_cpu(cpu);
	struct ir_func f;
	ir_func_init(&f, "calls");
	int v[6], t0 = ir_vreg(&f), t1 = ir_vreg(&f), c = ir_vreg(&f), acc = ir_vreg(&f);
	for (int i = 0; i < 6; i++) {
		v[i] = ir_vreg(&f);
		ir_load(&f, v[i], ir_reg(f.ctx), 8, 8);
		ir_alu(&f, BPF_ADD, v[i], ir_reg(v[i]), ir_imm(i * 1000));
	}
	ir_call(&f, t0, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_call(&f, c, BPF_FUNC_get_smp_processor_id, 0, NULL);
	ir_call(&f, t1, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_alu(&f, BPF_SUB, t1, ir_reg(t1), ir_reg(t0)); /* elapsed >= 0 */
	ir_alu(&f, BPF_RSH, t1, ir_reg(t1), ir_imm(62)); /* 0 for any sane delay */
	ir_mov(&f, acc, ir_reg(c));
	ir_alu(&f, BPF_MUL, acc, ir_reg(acc), ir_imm(1000000));
	ir_alu(&f, BPF_ADD, acc, ir_reg(acc), ir_reg(t1));
	for (int i = 0; i < 6; i++)
		ir_alu(&f, BPF_ADD, acc, ir_reg(acc), ir_reg(v[i]));
	cgt_exit64(&f, acc);
	uint64_t args[2] = {0, 5};
	CHECK_INT(cgt_exec64(&f, args, 2), (uint64_t)cpu * 1000000 + 6 * 5 + 15000);
	ir_func_free(&f);
}

/* bpf_probe_read_kernel(dst, size, src) copies stack memory: a helper whose
 * result shows whether each argument reached the right register. */
static void build_probe_read(struct ir_func *f, int order)
{
	int32_t src = ir_alloca(f, 8, 8), dst = ir_alloca(f, 8, 8);
	int x = ir_vreg(f), pd = ir_vreg(f), ps = ir_vreg(f), sz = ir_vreg(f), r = ir_vreg(f),
	    out = ir_vreg(f);
	ir_load(f, x, ir_reg(f->ctx), 8, 8);
	ir_store(f, ir_fp(), src, ir_reg(x), 8);
	ir_store(f, ir_fp(), dst, ir_imm(0), 8);
	/* define the arguments in different orders */
	for (int k = 0; k < 3; k++) {
		switch ((order >> (2 * k)) & 3) {
		case 0: ir_alu(f, BPF_ADD, pd, ir_fp(), ir_imm(dst)); break;
		case 1: ir_alu(f, BPF_ADD, ps, ir_fp(), ir_imm(src)); break;
		default: ir_mov(f, sz, ir_imm(8)); break;
		}
	}
	struct ir_opnd args[3] = {ir_reg(pd), ir_reg(sz), ir_reg(ps)};
	ir_call(f, r, BPF_FUNC_probe_read_kernel, 3, args);
	ir_load(f, out, ir_fp(), dst, 8);
	ir_alu(f, BPF_ADD, out, ir_reg(out), ir_reg(r)); /* r == 0 */
	ir_exit(f, ir_reg(out));
}

TEST(call_arguments_in_any_definition_order)
{
	const int orders[] = {0x24, 0x18, 0x21, 0x09, 0x12, 0x06}; /* permutations of 0,1,2 */
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		struct ir_func f;
		ir_func_init(&f, "probe_read");
		build_probe_read(&f, orders[i]);
		uint64_t args[2] = {0, 0x5eed};
		CHECK_INT(cgt_exec(&f, args, 2), 0x5eed);
		ir_func_free(&f);
	}
}

/* Call arguments straight from immediates, fp+off and spilled vregs; a big
 * immediate argument (an invalid kernel address: the read fails cleanly). */
TEST(call_arguments_from_immediates_and_fp)
{
	struct ir_func f;
	ir_func_init(&f, "args");
	int32_t buf = ir_alloca(&f, 8, 8);
	int r = ir_vreg(&f), out = ir_vreg(&f);
	ir_store(&f, ir_fp(), buf, ir_imm(77), 8);
	struct ir_opnd args[3] = {ir_fp_off(buf), ir_imm(8), ir_imm((int64_t)0xffff000000000000ull)};
	ir_call(&f, r, BPF_FUNC_probe_read_kernel, 3, args);
	ir_load(&f, out, ir_fp(), buf, 8); /* zeroed on failure */
	ir_alu(&f, BPF_ADD, out, ir_reg(out), ir_reg(r));
	ir_exit(&f, ir_reg(out));
	/* The kernel answers -EFAULT or, for non-canonical addresses (newer
	 * kernels check copy_from_kernel_nofault_allowed first), -ERANGE. */
	int32_t got = (int32_t)cgt_exec(&f, NULL, 0);
	CHECK(got == -EFAULT || got == -ERANGE);
	ir_func_free(&f);
}

/* ---- maps ---- */

TEST(map_lookup_update_and_atomic_add)
{
	int mfd = bpf_map_create(BPF_MAP_TYPE_HASH, "sg_t", 8, 8, 16, NULL);
	CHECK(mfd >= 0);
	if (mfd < 0)
		return;
	struct ir_func f;
	ir_func_init(&f, "count");
	int m = ir_vreg(&f), p = ir_vreg(&f), m2 = ir_vreg(&f), x = ir_vreg(&f), k = ir_vreg(&f);
	int miss = ir_label(&f), done = ir_label(&f);
	int32_t key = ir_alloca(&f, 8, 8), val = ir_alloca(&f, 8, 8);
	ir_load(&f, k, ir_reg(f.ctx), 8, 8);
	ir_store(&f, ir_fp(), key, ir_reg(k), 8);
	ir_ldmap(&f, m, 0);
	struct ir_opnd la[2] = {ir_reg(m), ir_fp_off(key)};
	ir_call(&f, p, BPF_FUNC_map_lookup_elem, 2, la);
	ir_jcc(&f, BPF_JEQ, ir_reg(p), ir_imm(0), miss);
	ir_load(&f, x, ir_reg(f.ctx), 16, 8);
	ir_xadd(&f, ir_reg(p), 0, ir_reg(x), 8);
	ir_jmp(&f, done);
	ir_place(&f, miss);
	ir_load(&f, x, ir_reg(f.ctx), 16, 8);
	ir_store(&f, ir_fp(), val, ir_reg(x), 8);
	ir_ldmap(&f, m2, 0);
	struct ir_opnd ua[4] = {ir_reg(m2), ir_fp_off(key), ir_fp_off(val), ir_imm(BPF_ANY)};
	ir_call(&f, -1, BPF_FUNC_map_update_elem, 4, ua);
	ir_place(&f, done);
	ir_exit(&f, ir_imm(0));
	uint64_t args[3] = {0, 42, 5};
	for (int i = 0; i < 3; i++)
		CHECK_INT(cgt_exec_maps(&f, args, 3, &mfd, 1), 0);
	uint64_t kk = 42, vv = 0;
	CHECK_INT(bpf_map_lookup_elem(mfd, &kk, &vv), 0);
	CHECK_INT(vv, 15);
	ir_func_free(&f);
	close(mfd);
}

/* percpu_kaddr(): BPF_LD_IMM64 with BPF_PSEUDO_BTF_ID (the var's BTF id
 * in imm, 0 in the second half: vmlinux), then bpf_this_cpu_ptr. */
TEST(ldksym_encoding)
{
	struct ir_func f;
	ir_func_init(&f, "ksym");
	int v = ir_vreg(&f), p = ir_vreg(&f);
	ir_ldksym(&f, v, 4242);
	struct ir_opnd a[1] = {ir_reg(v)};
	ir_call(&f, p, BPF_FUNC_this_cpu_ptr, 1, a);
	cgt_exit64(&f, p);
	struct cg_output o;
	CHECK_INT(cgt_compile(&f, &o), 0);
	size_t ld = o.ninsns;
	for (size_t i = 0; i + 1 < o.ninsns; i++)
		if (o.insns[i].code == (BPF_LD | BPF_DW | BPF_IMM) && o.insns[i].src_reg == BPF_PSEUDO_BTF_ID)
			ld = i;
	CHECK(ld < o.ninsns);
	if (ld < o.ninsns) {
		CHECK_INT(o.insns[ld].imm, 4242);
		CHECK_INT(o.insns[ld + 1].imm, 0);
		CHECK_INT(o.insns[ld + 2].code, BPF_JMP | BPF_CALL);
		CHECK_INT(o.insns[ld + 2].imm, BPF_FUNC_this_cpu_ptr);
		CHECK_INT(o.insns[ld].dst_reg, 1); /* loaded straight into the argument */
	}
	cg_output_free(&o);
	ir_func_free(&f);
}

/* ---- register pressure ---- */

/* n values live at once (optionally across a call), summed at the end. */
static uint64_t run_pressure(int n, bool call, int *nspills)
{
	struct ir_func f;
	ir_func_init(&f, "pressure");
	int v[64], acc = ir_vreg(&f);
	for (int i = 0; i < n; i++) {
		v[i] = ir_vreg(&f);
		ir_load(&f, v[i], ir_reg(f.ctx), 8 * (1 + i % 3), 8);
		ir_alu(&f, BPF_MUL, v[i], ir_reg(v[i]), ir_imm(i + 1));
	}
	if (call)
		ir_call(&f, -1, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_mov(&f, acc, ir_imm(0));
	for (int i = 0; i < n; i++) {
		ir_alu(&f, BPF_XOR, acc, ir_reg(acc), ir_reg(v[i]));
		ir_alu(&f, BPF_MUL, acc, ir_reg(acc), ir_imm(3));
	}
	cgt_exit64(&f, acc);
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		*nspills = o.nspills;
		cg_output_free(&o);
	}
	uint64_t args[4] = {0, 0x1111, 0x2222222222ull, 0x333};
	uint64_t got = cgt_exec64(&f, args, 4);
	ir_func_free(&f);
	return got;
}

static uint64_t ref_pressure(int n)
{
	const uint64_t in[3] = {0x1111, 0x2222222222ull, 0x333};
	uint64_t acc = 0;
	for (int i = 0; i < n; i++)
		acc = (acc ^ in[i % 3] * (uint64_t)(i + 1)) * 3;
	return acc;
}

TEST(spilling_under_pressure)
{
	/* ctx is live to the end too: with a call, 3 values + ctx fill r6-r9 */
	const int sizes[] = {3, 5, 9, 10, 11, 20, 40};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (int call = 0; call < 2; call++) {
			int spills = -1;
			CHECK_INT(run_pressure(sizes[i], call, &spills), ref_pressure(sizes[i]));
			if (sizes[i] >= 20)
				CHECK(spills > 0);
			if (sizes[i] <= (call ? 3 : 5))
				CHECK_INT(spills, 0);
		}
	}
}

/* ---- stack limit ---- */

TEST(stack_overflow_is_e2big)
{
	struct ir_func f;
	ir_func_init(&f, "big");
	int32_t slot = ir_alloca(&f, 600, 8);
	ir_store(&f, ir_fp(), -8, ir_imm(1), 8);
	(void)slot;
	ir_exit(&f, ir_imm(0));
	struct cg_output o;
	char err[128];
	CHECK_INT(codegen_emit(&f, &o, err, sizeof(err)), -E2BIG);
	CHECK_STR(err, "program needs 600 bytes of stack, the BPF limit is 512");
	CHECK(o.insns == NULL);
	cg_output_free(&o);
	ir_func_free(&f);
}

/* Allocas that fit, plus spill slots that push the frame over the limit. */
TEST(spills_overflowing_the_stack_are_e2big)
{
	struct ir_func f;
	ir_func_init(&f, "big2");
	ir_alloca(&f, 504, 8);
	int v[16], acc = ir_vreg(&f);
	for (int i = 0; i < 16; i++) {
		v[i] = ir_vreg(&f);
		ir_load(&f, v[i], ir_reg(f.ctx), 0, 8);
	}
	ir_call(&f, -1, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_mov(&f, acc, ir_imm(0));
	for (int i = 0; i < 16; i++)
		ir_alu(&f, BPF_ADD, acc, ir_reg(acc), ir_reg(v[i]));
	ir_exit(&f, ir_reg(acc));
	struct cg_output o;
	char err[128];
	CHECK_INT(codegen_emit(&f, &o, err, sizeof(err)), -E2BIG);
	CHECK(strstr(err, "bytes of stack, the BPF limit is 512") != NULL);
	ir_func_free(&f);
}

/* ---- call arguments in permuted registers (hand-made allocations) ---- */

/* Emits f with vreg v in register regs[v] (every live vreg must be given
 * one); checks the allocation is valid first. Returns 0 or -1. */
static int emit_manual(const struct ir_func *f, const int *regs, struct cg_output *o)
{
	struct ra_func ra;
	char err[160];
	int rc = ra_analyze(&ra, f, err, sizeof(err));
	for (int a = 0; !rc && a < f->nvregs; a++) {
		ra.v[a].reg = (int8_t)regs[a];
		for (int b = 0; b < a; b++) {
			const struct ra_vreg *x = &ra.v[a], *y = &ra.v[b];
			if (x->start <= x->end && y->start <= y->end && x->start <= y->end &&
			    y->start <= x->end && regs[a] == regs[b])
				rc = -1; /* the test's own allocation is wrong */
		}
	}
	if (!rc) {
		ra.stack = ALIGN_UP(f->stack, 8);
		ra_compute_busy(&ra);
		rc = cg_emit_allocated(&ra, o, err, sizeof(err));
	}
	ra_free(&ra);
	return rc;
}

/* probe_read_kernel(dst, 8, src) with the three arguments in registers
 * rd, rs, rp: covers swaps, 3-cycles, and sources in r0 and r6-r9. */
static uint32_t run_permuted3(int rd, int rz, int rs)
{
	struct ir_func f;
	ir_func_init(&f, "perm3");
	int32_t src = ir_alloca(&f, 8, 8), dst = ir_alloca(&f, 8, 8);
	int x = ir_vreg(&f), pd = ir_vreg(&f), sz = ir_vreg(&f), ps = ir_vreg(&f),
	    r = ir_vreg(&f), out = ir_vreg(&f);
	ir_load(&f, x, ir_reg(f.ctx), 8, 8);
	ir_store(&f, ir_fp(), src, ir_reg(x), 8);
	ir_store(&f, ir_fp(), dst, ir_imm(0), 8);
	ir_mov(&f, pd, ir_fp_off(dst));
	ir_mov(&f, sz, ir_imm(8));
	ir_mov(&f, ps, ir_fp_off(src));
	struct ir_opnd args[3] = {ir_reg(pd), ir_reg(sz), ir_reg(ps)};
	ir_call(&f, r, BPF_FUNC_probe_read_kernel, 3, args);
	ir_load(&f, out, ir_fp(), dst, 8);
	ir_alu(&f, BPF_ADD, out, ir_reg(out), ir_reg(r));
	ir_exit(&f, ir_reg(out));
	int regs[8] = {[0] = 1, [1] = 2, [2] = rd, [3] = rz, [4] = rs, [5] = 0, [6] = 2};
	struct cg_output o;
	uint32_t ret = 0xdeadbeef;
	if (emit_manual(&f, regs, &o)) {
		test_fail(__FILE__, __LINE__, "emit_manual(r%d, r%d, r%d)", rd, rz, rs);
	} else {
		int fd = cgt_load(&f, &o, BPF_PROG_TYPE_RAW_TRACEPOINT, NULL, 0);
		uint64_t in[2] = {0, 0xabcdef12};
		if (fd >= 0 && cgt_run(fd, in, 2, &ret))
			cgt_report(&f, &o, NULL);
		if (fd >= 0)
			close(fd);
		cg_output_free(&o);
	}
	ir_func_free(&f);
	return ret;
}

TEST(call_args_permuted_three)
{
	const int set[] = {0, 1, 2, 3, 4, 5, 6, 9};
	for (int a = 0; a < 8; a++) {
		for (int b = 0; b < 8; b++) {
			for (int c = 0; c < 8; c++) {
				if (a == b || b == c || a == c)
					continue;
				uint32_t got = run_permuted3(set[a], set[b], set[c]);
				if (got != 0xabcdef12)
					test_fail(__FILE__, __LINE__, "args in r%d r%d r%d: got %#x",
						  set[a], set[b], set[c], got);
			}
		}
	}
}

/* bpf_csum_diff(from, from_size, to, to_size, seed): five arguments whose
 * result changes if any two are exchanged. Runs as a tc program. */
static void build_csum(struct ir_func *f)
{
	int a[5], r = -1;
	ir_store(f, ir_fp(), -8, ir_imm(0x1122334455667788ll), 8);
	ir_store(f, ir_fp(), -24, ir_imm(0x0f0e0d0c0b0a0908ll), 8);
	ir_store(f, ir_fp(), -16, ir_imm(0x7654321), 4);
	f->stack = 24;
	const struct ir_opnd vals[5] = {ir_fp_off(-8), ir_imm(8), ir_fp_off(-24), ir_imm(12),
					ir_imm(0x1234)};
	for (int k = 0; k < 5; k++) {
		a[k] = ir_vreg(f);
		ir_mov(f, a[k], vals[k]);
	}
	struct ir_opnd args[5];
	for (int k = 0; k < 5; k++)
		args[k] = ir_reg(a[k]);
	r = ir_vreg(f);
	ir_call(f, r, BPF_FUNC_csum_diff, 5, args);
	ir_exit(f, ir_reg(r));
}

static uint32_t run_tc(const struct ir_func *f, const struct cg_output *o)
{
	uint8_t pkt[64] = {0};
	uint32_t ret = 0xdeadbeef;
	int fd = cgt_load(f, o, BPF_PROG_TYPE_SCHED_CLS, NULL, 0);
	if (fd < 0)
		return ret;
	LIBBPF_OPTS(bpf_test_run_opts, r, .data_in = pkt, .data_size_in = sizeof(pkt));
	if (bpf_prog_test_run_opts(fd, &r))
		test_fail(__FILE__, __LINE__, "test_run: %s", strerror(errno));
	else
		ret = r.retval;
	close(fd);
	return ret;
}

TEST(call_args_permuted_five)
{
	struct ir_func f;
	ir_func_init(&f, "csum");
	build_csum(&f);
	struct cg_output o;
	if (cgt_compile(&f, &o)) {
		ir_func_free(&f);
		return;
	}
	uint32_t want = run_tc(&f, &o);
	cg_output_free(&o);
	/* all 120 orders of r1..r5, then random injective maps into r0..r9 */
	int perm[5] = {1, 2, 3, 4, 5}, regs[8] = {0};
	uint64_t rng = 12345;
	for (int n = 0; n < 120 + 200; n++) {
		if (n < 120) {
			int rest[5] = {1, 2, 3, 4, 5}, k = n;
			for (int i = 0; i < 5; i++) {
				int j = k % (5 - i);
				k /= 5 - i;
				perm[i] = rest[j];
				memmove(&rest[j], &rest[j + 1], sizeof(int) * (size_t)(4 - j));
			}
		} else {
			int pool[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
			for (int i = 0; i < 5; i++) {
				rng = rng * 6364136223846793005ull + 1442695040888963407ull;
				int j = i + (int)((rng >> 33) % (uint64_t)(10 - i));
				int t = pool[i];
				pool[i] = pool[j];
				pool[j] = t;
				perm[i] = pool[i];
			}
		}
		for (int k = 0; k < 5; k++)
			regs[1 + k] = perm[k];
		regs[6] = 0;
		if (emit_manual(&f, regs, &o)) {
			test_fail(__FILE__, __LINE__, "emit_manual %d", n);
			continue;
		}
		uint32_t got = run_tc(&f, &o);
		if (got != want)
			test_fail(__FILE__, __LINE__, "args in r%d r%d r%d r%d r%d: %#x != %#x",
				  perm[0], perm[1], perm[2], perm[3], perm[4], got, want);
		cg_output_free(&o);
	}
	ir_func_free(&f);
}

/* ---- code quality: exact output for common shapes ---- */

/* @[key] = count() as the lowering emits it: arguments are computed straight
 * into r1..r5, the lookup result stays in r0, no moves or spills. */
TEST(golden_map_count)
{
	struct ir_func f;
	ir_func_init(&f, "count");
	int m = ir_vreg(&f), p = ir_vreg(&f), x = ir_vreg(&f), m2 = ir_vreg(&f), k = ir_vreg(&f),
	    vv = ir_vreg(&f), l1 = ir_label(&f), l2 = ir_label(&f);
	int32_t key = ir_alloca(&f, 8, 8), val = ir_alloca(&f, 8, 8);
	ir_store(&f, ir_fp(), key, ir_imm(0), 8);
	ir_ldmap(&f, m, 0);
	ir_alu(&f, BPF_ADD, k, ir_fp(), ir_imm(key));
	struct ir_opnd a[2] = {ir_reg(m), ir_reg(k)};
	ir_call(&f, p, BPF_FUNC_map_lookup_elem, 2, a);
	ir_jcc(&f, BPF_JEQ, ir_reg(p), ir_imm(0), l1);
	ir_load(&f, x, ir_reg(p), 0, 8);
	ir_alu(&f, BPF_ADD, x, ir_reg(x), ir_imm(1));
	ir_store(&f, ir_reg(p), 0, ir_reg(x), 8);
	ir_jmp(&f, l2);
	ir_place(&f, l1);
	ir_store(&f, ir_fp(), val, ir_imm(1), 8);
	ir_ldmap(&f, m2, 0);
	ir_alu(&f, BPF_ADD, vv, ir_fp(), ir_imm(val));
	struct ir_opnd b[4] = {ir_reg(m2), ir_fp_off(key), ir_reg(vv), ir_imm(0)};
	ir_call(&f, -1, BPF_FUNC_map_update_elem, 4, b);
	ir_place(&f, l2);
	ir_exit(&f, ir_imm(0));
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		char *text = cgt_disasm(&o);
		CHECK_STR(text, "   0: *(u64 *)(r10 -8) = 0\n"
				"   1: r1 = map[0]\n"
				"   3: r2 = r10\n"
				"   4: r2 += -8\n"
				"   5: call bpf_map_lookup_elem#1\n"
				"   6: if r0 == 0x0 goto pc+4\n"
				"   7: r1 = *(u64 *)(r0 +0)\n"
				"   8: r1 += 1\n"
				"   9: *(u64 *)(r0 +0) = r1\n"
				"  10: goto pc+9\n"
				"  11: *(u64 *)(r10 -16) = 1\n"
				"  12: r1 = map[0]\n"
				"  14: r3 = r10\n"
				"  15: r3 += -16\n"
				"  16: r2 = r10\n"
				"  17: r2 += -8\n"
				"  18: r4 = 0\n"
				"  19: call bpf_map_update_elem#2\n"
				"  20: r0 = 0\n"
				"  21: exit\n");
		CHECK_INT(o.nspills, 0);
		CHECK_INT(o.stack_used, 16);
		free(text);
		cg_output_free(&o);
	}
	ir_func_free(&f);
}

/* Jump threading, jumps to the next insn and unreachable code. */
TEST(golden_jump_cleanup)
{
	struct ir_func f;
	ir_func_init(&f, "jumps");
	int x = ir_vreg(&f), l0 = ir_label(&f), l1 = ir_label(&f), l2 = ir_label(&f);
	ir_load(&f, x, ir_reg(f.ctx), 8, 8);
	ir_jcc(&f, BPF_JEQ, ir_reg(x), ir_imm(0), l0);
	ir_jmp(&f, l1);
	ir_place(&f, l0);
	ir_jmp(&f, l2);
	ir_place(&f, l1);
	ir_exit(&f, ir_imm(1));
	ir_place(&f, l2);
	ir_exit(&f, ir_imm(2));
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		char *text = cgt_disasm(&o);
		CHECK_STR(text, "   0: r0 = *(u64 *)(r1 +8)\n"
				"   1: if r0 == 0x0 goto pc+2\n"
				"   2: r0 = 1\n"
				"   3: exit\n"
				"   4: r0 = 2\n"
				"   5: exit\n");
		free(text);
		cg_output_free(&o);
	}
	uint64_t args[2] = {0, 0};
	CHECK_INT(cgt_exec(&f, args, 2), 2);
	args[1] = 9;
	CHECK_INT(cgt_exec(&f, args, 2), 1);
	ir_func_free(&f);
}

/* if (c) goto A; goto B; A: ...  becomes  if (!c) goto B; A: ... */
TEST(golden_branch_inversion)
{
	struct ir_func f;
	ir_func_init(&f, "invert");
	int x = ir_vreg(&f), then = ir_label(&f), end = ir_label(&f);
	ir_load(&f, x, ir_reg(f.ctx), 8, 8);
	ir_jcc(&f, BPF_JGT, ir_reg(x), ir_imm(10), then);
	ir_jmp(&f, end);
	ir_place(&f, then);
	ir_alu(&f, BPF_ADD, x, ir_reg(x), ir_imm(5));
	ir_place(&f, end);
	ir_exit(&f, ir_reg(x));
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		char *text = cgt_disasm(&o);
		CHECK_STR(text, "   0: r0 = *(u64 *)(r1 +8)\n"
				"   1: if r0 <= 0xa goto pc+1\n"
				"   2: r0 += 5\n"
				"   3: exit\n");
		free(text);
		cg_output_free(&o);
	}
	ir_func_free(&f);
}

/* A spilled vreg assigned twice in a row: the reloads right after the
 * stores become nothing and the first store is dropped. */
TEST(golden_spill_cleanup)
{
	struct ir_func f;
	ir_func_init(&f, "spill");
	int x = ir_vreg(&f);
	ir_load(&f, x, ir_reg(f.ctx), 8, 8);
	ir_alu(&f, BPF_ADD, x, ir_reg(x), ir_imm(1));
	ir_exit(&f, ir_reg(x));
	int regs[2] = {1, -1};
	struct ra_func ra;
	char err[128];
	CHECK_INT(ra_analyze(&ra, &f, err, sizeof(err)), 0);
	ra.v[0].reg = (int8_t)regs[0];
	ra.v[x].reg = -1;
	ra.v[x].slot = -8;
	ra.stack = 8;
	ra_compute_busy(&ra);
	struct cg_output o;
	CHECK_INT(cg_emit_allocated(&ra, &o, err, sizeof(err)), 0);
	char *text = cgt_disasm(&o);
	CHECK_STR(text, "   0: r0 = *(u64 *)(r1 +8)\n"
			"   1: r0 += 1\n"
			"   2: *(u64 *)(r10 -8) = r0\n"
			"   3: exit\n");
	free(text);
	uint64_t args[2] = {0, 41};
	uint32_t ret = 0;
	int fd = cgt_load(&f, &o, BPF_PROG_TYPE_RAW_TRACEPOINT, NULL, 0);
	if (fd >= 0) {
		CHECK_INT(cgt_run(fd, args, 2, &ret), 0);
		CHECK_INT(ret, 42);
		close(fd);
	}
	cg_output_free(&o);
	ra_free(&ra);
	ir_func_free(&f);
}

/* ---- more operand forms ---- */

TEST(pointer_stored_and_reloaded)
{
	struct ir_func f;
	ir_func_init(&f, "ptr");
	int32_t cell = ir_alloca(&f, 8, 8), pslot = ir_alloca(&f, 8, 8);
	int p = ir_vreg(&f), v = ir_vreg(&f);
	ir_store(&f, ir_fp(), cell, ir_imm(1000), 8);
	ir_store(&f, ir_fp(), pslot, ir_fp_off(cell), 8); /* store fp-8 itself */
	ir_load(&f, p, ir_fp(), pslot, 8);
	ir_xadd(&f, ir_reg(p), 0, ir_imm(23), 8); /* atomic add of an immediate */
	ir_xadd(&f, ir_reg(p), 0, ir_imm(0x100000000ll), 8);
	ir_load(&f, v, ir_reg(p), 0, 8);
	cgt_exit64(&f, v);
	uint64_t args[1];
	CHECK_INT(cgt_exec64(&f, args, 1), 0x100000000ull + 1023);
	ir_func_free(&f);
}
