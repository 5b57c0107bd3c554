/* IR builder and the ir_dump text format. */
#include <stdlib.h>

#include "bpf/insn.h"
#include "cgtest.h"

TEST(numbering_and_ctx)
{
	struct ir_func f;
	ir_func_init(&f, "kprobe:do_sys_open");
	CHECK_STR(f.name, "kprobe:do_sys_open");
	CHECK_INT(f.ctx, 0);
	CHECK_INT(ir_vreg(&f), 1);
	CHECK_INT(ir_vreg(&f), 2);
	CHECK_INT(f.nvregs, 3);
	CHECK_INT(ir_label(&f), 0);
	CHECK_INT(ir_label(&f), 1);
	CHECK_INT(f.nlabels, 2);
	CHECK_INT(f.ninsns, 0);
	CHECK_INT(f.stack, 0);
	ir_func_free(&f);
	ir_func_free(&f); /* idempotent */
	ir_func_free(NULL);
}

TEST(alloca_alignment)
{
	struct ir_func f;
	ir_func_init(&f, NULL);
	CHECK_STR(f.name, "");
	CHECK_INT(ir_alloca(&f, 4, 4), -4);
	CHECK_INT(ir_alloca(&f, 8, 8), -16);
	CHECK_INT(ir_alloca(&f, 1, 1), -17);
	CHECK_INT(ir_alloca(&f, 2, 2), -20);
	CHECK_INT(ir_alloca(&f, 3, 0), -24); /* bad alignment: 8 */
	CHECK_INT(ir_alloca(&f, 16, 16), -40);
	CHECK_INT(f.stack, 40);
	ir_func_free(&f);
}

TEST(locations_are_tagged)
{
	struct ir_func f;
	ir_func_init(&f, "t");
	struct srcloc a = {.line = 1, .col = 5, .len = 3}, b = {.line = 2, .col = 1, .len = 4};
	ir_set_loc(&f, a);
	ir_mov(&f, ir_vreg(&f), ir_imm(1));
	ir_set_loc(&f, b);
	ir_exit(&f, ir_imm(0));
	CHECK_INT(f.insns[0].loc.line, 1);
	CHECK_INT(f.insns[0].loc.col, 5);
	CHECK_INT(f.insns[1].loc.line, 2);
	CHECK_INT(f.insns[1].dst, -1);
	CHECK_INT(f.insns[1].label, -1);
	/* the locations flow to the emitted code */
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		CHECK_INT(o.ninsns, 2);
		CHECK_INT(o.lines[0].line, 2); /* the dead mov is gone: r0 = 0; exit */
		CHECK_INT(o.lines[1].line, 2);
		cg_output_free(&o);
	}
	ir_func_free(&f);
}

TEST(many_insns_grow)
{
	struct ir_func f;
	ir_func_init(&f, "big");
	int v = ir_vreg(&f);
	ir_mov(&f, v, ir_imm(0));
	for (int i = 0; i < 10000; i++)
		ir_alu(&f, BPF_ADD, v, ir_reg(v), ir_imm(1));
	ir_exit(&f, ir_reg(v));
	CHECK_INT(f.ninsns, 10002);
	CHECK_INT(cgt_exec(&f, NULL, 0), 10000);
	ir_func_free(&f);
}

static void build_all_ops(struct ir_func *f)
{
	int m = ir_vreg(f), p = ir_vreg(f), x = ir_vreg(f), y = ir_vreg(f), z = ir_vreg(f);
	int l0 = ir_label(f), l1 = ir_label(f);
	int32_t key = ir_alloca(f, 8, 8);
	ir_store(f, ir_fp(), key, ir_imm(0), 8);
	ir_ldmap(f, m, 2);
	struct ir_opnd args[2] = {ir_reg(m), ir_fp_off(key)};
	ir_call(f, p, BPF_FUNC_map_lookup_elem, 2, args);
	ir_jcc(f, BPF_JEQ, ir_reg(p), ir_imm(0), l0);
	ir_load(f, x, ir_reg(p), 16, 8);
	ir_alu(f, BPF_ADD, y, ir_reg(x), ir_imm(8));
	ir_alu(f, BPF_LSH, y, ir_reg(y), ir_reg(x));
	f->insns[f->ninsns - 1].alu32 = 1;
	ir_neg(f, z, ir_reg(y));
	ir_endian(f, BPF_TO_BE, z, ir_reg(z), 16);
	ir_mov(f, z, ir_fp());
	ir_mov(f, y, ir_imm(-5));
	f->insns[f->ninsns - 1].alu32 = 1;
	ir_store(f, ir_reg(p), 4, ir_imm(0), 4);
	ir_store(f, ir_reg(p), -2, ir_reg(y), 2);
	ir_xadd(f, ir_reg(p), 0, ir_reg(x), 8);
	ir_load(f, x, ir_fp(), -16, 1);
	ir_jcc(f, BPF_JSGT, ir_reg(x), ir_reg(y), l1);
	ir_call(f, -1, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_call(f, -1, 9999, 1, (struct ir_opnd[]){ir_imm(1)});
	ir_jmp(f, l1);
	ir_place(f, l0);
	ir_endian(f, BPF_TO_LE, x, ir_imm(1), 64);
	ir_place(f, l1);
	ir_exit(f, ir_reg(x));
}

TEST(dump_golden)
{
	struct ir_func f;
	ir_func_init(&f, "kprobe:f");
	build_all_ops(&f);
	char *text = cgt_ir_text(&f);
	CHECK_STR(text, "func kprobe:f (ctx %0, stack 8)\n"
			"  store.u64 [fp-8], 0\n"
			"  %1 = ldmap #2\n"
			"  %2 = call map_lookup_elem(%1, fp-8)\n"
			"  if %2 == 0 goto L0\n"
			"  %3 = load.u64 [%2+16]\n"
			"  %4 = add %3, 8\n"
			"  %4 = lsh32 %4, %3\n"
			"  %5 = neg %4\n"
			"  %5 = be16 %5\n"
			"  %5 = mov fp\n"
			"  %4 = mov32 -5\n"
			"  store.u32 [%2+4], 0\n"
			"  store.u16 [%2-2], %4\n"
			"  xadd.u64 [%2], %3\n"
			"  %3 = load.u8 [fp-16]\n"
			"  if %3 s> %4 goto L1\n"
			"  call ktime_get_ns()\n"
			"  call helper#9999(1)\n"
			"  goto L1\n"
			"L0:\n"
			"  %3 = le64 1\n"
			"L1:\n"
			"  exit %3\n");
	free(text);
	ir_func_free(&f);
}

TEST(dump_every_condition_and_alu)
{
	const uint8_t alu[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_OR,
			       BPF_AND, BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH};
	const uint8_t jcc[] = {BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
			       BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET};
	struct ir_func f;
	ir_func_init(&f, "ops");
	int v = ir_vreg(&f), l = ir_label(&f);
	for (size_t i = 0; i < sizeof(alu); i++)
		ir_alu(&f, alu[i], v, ir_reg(v), ir_imm(-(int64_t)i));
	for (size_t i = 0; i < sizeof(jcc); i++)
		ir_jcc(&f, jcc[i], ir_reg(v), ir_imm(0x100000000ll), l);
	char *text = cgt_ir_text(&f);
	CHECK_STR(text, "func ops (ctx %0, stack 0)\n"
			"  %1 = add %1, 0\n  %1 = sub %1, -1\n  %1 = mul %1, -2\n"
			"  %1 = div %1, -3\n  %1 = mod %1, -4\n  %1 = or %1, -5\n"
			"  %1 = and %1, -6\n  %1 = xor %1, -7\n  %1 = lsh %1, -8\n"
			"  %1 = rsh %1, -9\n  %1 = arsh %1, -10\n"
			"  if %1 == 4294967296 goto L0\n  if %1 != 4294967296 goto L0\n"
			"  if %1 > 4294967296 goto L0\n  if %1 >= 4294967296 goto L0\n"
			"  if %1 < 4294967296 goto L0\n  if %1 <= 4294967296 goto L0\n"
			"  if %1 s> 4294967296 goto L0\n  if %1 s>= 4294967296 goto L0\n"
			"  if %1 s< 4294967296 goto L0\n  if %1 s<= 4294967296 goto L0\n"
			"  if %1 & 4294967296 goto L0\n");
	free(text);
	ir_func_free(&f);
}

/* Malformed instructions still dump (codegen is what rejects them). */
TEST(dump_malformed)
{
	struct ir_func f;
	ir_func_init(&f, "bad");
	ir_alu(&f, 0xf0, 1, ir_reg(1), (struct ir_opnd){.kind = 7});
	ir_jcc(&f, 0x00, ir_reg(1), ir_imm(0), 3);
	ir_load(&f, 1, ir_reg(1), 0, 3);
	char *text = cgt_ir_text(&f);
	CHECK_STR(text, "func bad (ctx %0, stack 0)\n"
			"  %1 = alu?240 %1, ?\n"
			"  if %1 jcc?0 0 goto L3\n"
			"  %1 = load.u? [%1]\n");
	free(text);
	ir_func_free(&f);
}
