/* Disassembler: the kernel's syntax for every instruction class, and a
 * golden comparison against `bpftool prog dump xlated` for loaded programs. */
#include <ctype.h>

#include "bpf/insn.h"
#include "cgtest.h"

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80
#endif

static char *dis1(struct bpf_insn a, struct bpf_insn b, const char *const *names, size_t n,
		  int *slots, char out[160])
{
	struct bpf_insn pair[2] = {a, b};
	*slots = bpf_disasm_insn(pair, 2, names, n, out, 160);
	return out;
}

#define DIS(insn, want)                                                            \
	do {                                                                       \
		int slots_;                                                        \
		char buf_[160];                                                    \
		CHECK_STR(dis1(insn, bpf_insn(0, 0, 0, 0, 0), NULL, 0, &slots_, buf_), want); \
		CHECK_INT(slots_, 1);                                              \
	} while (0)

TEST(alu_syntax)
{
	DIS(BPF_MOV64_REG(1, 2), "r1 = r2");
	DIS(BPF_MOV32_REG(1, 2), "w1 = w2");
	DIS(BPF_MOV64_IMM(0, -1), "r0 = -1");
	DIS(BPF_MOV32_IMM(3, 7), "w3 = 7");
	DIS(BPF_ALU64_IMM(BPF_ADD, 0, 1), "r0 += 1");
	DIS(BPF_ALU64_IMM(BPF_SUB, 0, -3), "r0 -= -3");
	DIS(BPF_ALU32_IMM(BPF_ARSH, 3, 5), "w3 s>>= 5");
	DIS(BPF_ALU64_REG(BPF_MOD, 1, 2), "r1 %= r2");
	DIS(BPF_ALU64_REG(BPF_MUL, 9, 10), "r9 *= r10");
	DIS(BPF_ALU64_REG(BPF_LSH, 1, 2), "r1 <<= r2");
	DIS(BPF_ALU64_REG(BPF_RSH, 1, 2), "r1 >>= r2");
	DIS(BPF_ALU32_REG(BPF_XOR, 4, 5), "w4 ^= w5");
	DIS(BPF_ALU32_REG(BPF_OR, 4, 5), "w4 |= w5");
	DIS(BPF_ALU64_IMM(BPF_AND, 4, 255), "r4 &= 255");
	DIS(bpf_insn(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0), "r1 s/= r2");
	DIS(bpf_insn(BPF_ALU | BPF_MOD | BPF_K, 1, 0, 1, 3), "w1 s%= 3");
	DIS(bpf_insn(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0), "r1 = (s8)r2");
	DIS(bpf_insn(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 16, 0), "w1 = (s16)w2");
	DIS(BPF_NEG64(1), "r1 = -r1");
	DIS(bpf_insn(BPF_ALU | BPF_NEG, 2, 0, 0, 0), "w2 = -w2");
	DIS(BPF_ENDIAN(BPF_TO_BE, 1, 16), "r1 = be16 r1");
	DIS(BPF_ENDIAN(BPF_TO_LE, 6, 64), "r6 = le64 r6");
	DIS(bpf_insn(BPF_ALU64 | BPF_END | BPF_TO_LE, 1, 0, 0, 32), "r1 = bswap32 r1");
}

TEST(memory_syntax)
{
	DIS(BPF_LDX_MEM(BPF_DW, 1, 10, -8), "r1 = *(u64 *)(r10 -8)");
	DIS(BPF_LDX_MEM(BPF_B, 0, 1, 4), "r0 = *(u8 *)(r1 +4)");
	DIS(BPF_LDX_MEM(BPF_H, 0, 1, 0), "r0 = *(u16 *)(r1 +0)");
	DIS(bpf_insn(BPF_LDX | BPF_MEMSX | BPF_H, 0, 1, 2, 0), "r0 = *(s16 *)(r1 +2)");
	DIS(BPF_STX_MEM(BPF_W, 1, 2, 4), "*(u32 *)(r1 +4) = r2");
	DIS(BPF_ST_MEM(BPF_DW, 10, -16, 0), "*(u64 *)(r10 -16) = 0");
	DIS(BPF_ST_MEM(BPF_B, 10, -1, -1), "*(u8 *)(r10 -1) = -1");
	DIS(BPF_ATOMIC_ADD(BPF_DW, 0, 1, 0), "lock *(u64 *)(r0 +0) += r1");
	DIS(bpf_insn(BPF_STX | BPF_ATOMIC | BPF_W, 2, 3, 8, BPF_AND), "lock *(u32 *)(r2 +8) &= r3");
	DIS(bpf_insn(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD | BPF_FETCH),
	    "r1 = atomic64_fetch_add((u64 *)(r0 +0), r1)");
	DIS(bpf_insn(BPF_STX | BPF_ATOMIC | BPF_W, 0, 1, -4, BPF_XOR | BPF_FETCH),
	    "r1 = atomic_fetch_xor((u32 *)(r0 -4), r1)");
	DIS(bpf_insn(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_XCHG),
	    "r1 = atomic64_xchg((u64 *)(r0 +0), r1)");
	DIS(bpf_insn(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 1, 0, BPF_CMPXCHG),
	    "r0 = atomic64_cmpxchg((u64 *)(r2 +0), r0, r1)");
	DIS(bpf_insn(BPF_LD | BPF_ABS | BPF_H, 0, 0, 0, 12), "r0 = *(u16 *)skb[12]");
	DIS(bpf_insn(BPF_LD | BPF_IND | BPF_W, 0, 3, 0, 4), "r0 = *(u32 *)skb[r3 + 4]");
}

TEST(jump_syntax)
{
	DIS(BPF_JMP_IMM(BPF_JEQ, 1, 0, 3), "if r1 == 0x0 goto pc+3");
	DIS(BPF_JMP_IMM(BPF_JNE, 1, -1, -5), "if r1 != 0xffffffff goto pc-5");
	DIS(BPF_JMP_REG(BPF_JSGT, 1, 2, 0), "if r1 s> r2 goto pc+0");
	DIS(BPF_JMP_REG(BPF_JSET, 1, 2, 1), "if r1 & r2 goto pc+1");
	DIS(BPF_JMP_IMM(BPF_JSLE, 4, 10, 2), "if r4 s<= 0xa goto pc+2");
	DIS(bpf_insn(BPF_JMP32 | BPF_JLT | BPF_X, 1, 2, 1, 0), "if w1 < w2 goto pc+1");
	DIS(bpf_insn(BPF_JMP32 | BPF_JGE | BPF_K, 1, 0, 1, 7), "if w1 >= 0x7 goto pc+1");
	DIS(BPF_JMP_A(-5), "goto pc-5");
	DIS(bpf_insn(BPF_JMP32 | BPF_JA, 0, 0, 0, 70000), "gotol pc+70000");
	DIS(BPF_CALL_HELPER(BPF_FUNC_map_lookup_elem), "call bpf_map_lookup_elem#1");
	DIS(BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns), "call bpf_ktime_get_ns#5");
	DIS(BPF_CALL_HELPER(100000), "call unknown#100000");
	DIS(bpf_insn(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 4), "call pc+4");
	DIS(BPF_EXIT_INSN(), "exit");
}

TEST(ld_imm64_and_maps)
{
	const char *const names[] = {"@counts", "@"};
	struct bpf_insn imm[2] = {BPF_LD_IMM64(1, 0x1234567890ll)};
	struct bpf_insn map[2] = {BPF_LD_MAP_FD(2, 1)};
	struct bpf_insn far[2] = {BPF_LD_MAP_FD(2, 7)};
	struct bpf_insn val[2] = {BPF_LD_IMM64_RAW(3, BPF_PSEUDO_MAP_VALUE, 0)};
	val[1].imm = 16;
	int slots;
	char buf[160];
	CHECK_STR(dis1(imm[0], imm[1], NULL, 0, &slots, buf), "r1 = 0x1234567890");
	CHECK_INT(slots, 2);
	CHECK_STR(dis1(map[0], map[1], names, 2, &slots, buf), "r2 = map[@]");
	CHECK_STR(dis1(map[0], map[1], NULL, 0, &slots, buf), "r2 = map[1]");
	CHECK_STR(dis1(far[0], far[1], names, 2, &slots, buf), "r2 = map[7]");
	CHECK_STR(dis1(val[0], val[1], names, 2, &slots, buf), "r3 = map[@counts][0]+16");
	CHECK_INT(bpf_disasm_insn(imm, 1, NULL, 0, buf, sizeof(buf)), 1); /* truncated pair */
	CHECK_STR(buf, "BUG_ld_18");
}

TEST(listing_and_truncation)
{
	struct bpf_insn prog[] = {BPF_LD_IMM64(1, -1), BPF_MOV64_IMM(0, 0), BPF_EXIT_INSN()};
	struct cgt_dis d = {prog, 4, NULL, 0};
	char *text = test_capture(cgt_dis_fn, &d);
	CHECK_STR(text, "   0: r1 = 0xffffffffffffffff\n   2: r0 = 0\n   3: exit\n");
	free(text);
	char small[6];
	memset(small, 'x', sizeof(small));
	bpf_disasm_insn(&prog[0], 3, NULL, 0, small, sizeof(small));
	CHECK_STR(small, "r1 = ");
}

TEST(helper_names)
{
	CHECK_STR(bpf_helper_name(BPF_FUNC_map_lookup_elem), "map_lookup_elem");
	CHECK_STR(bpf_helper_name(BPF_FUNC_probe_read_kernel), "probe_read_kernel");
	CHECK_STR(bpf_helper_name(BPF_FUNC_get_current_pid_tgid), "get_current_pid_tgid");
	CHECK(bpf_helper_name(__BPF_FUNC_MAX_ID - 1) != NULL);
	CHECK(bpf_helper_name(0) == NULL);
	CHECK(bpf_helper_name(-1) == NULL);
	CHECK(bpf_helper_name(__BPF_FUNC_MAX_ID) == NULL);
	for (int id = 1; id < __BPF_FUNC_MAX_ID; id++)
		CHECK(bpf_helper_name(id) != NULL);
}

/* ---- golden comparison with bpftool ---- */

/* bpftool's listing of a loaded program, with the "(code) " column removed. */
static char *bpftool_xlated(int fd)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return NULL;
	char cmd[96];
	snprintf(cmd, sizeof(cmd), "bpftool prog dump xlated id %u 2>/dev/null", info.id);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	char line[256], *out = NULL;
	size_t outlen = 0;
	FILE *mem = open_memstream(&out, &outlen);
	while (fgets(line, sizeof(line), p)) {
		char *paren = strstr(line, ": (");
		char *close_paren = paren ? strchr(paren, ')') : NULL;
		if (!close_paren)
			continue;
		fwrite(line, 1, (size_t)(paren - line) + 2, mem);
		fputs(close_paren + 2, mem);
	}
	pclose(p);
	fclose(mem);
	return out;
}

static void compare_with_bpftool(const struct bpf_insn *insns, size_t n)
{
	if (system("command -v bpftool >/dev/null 2>&1") != 0) {
		fprintf(stderr, "  (bpftool not installed: golden comparison skipped)\n");
		return;
	}
	struct cg_output o = {.insns = (struct bpf_insn *)insns, .ninsns = n};
	int fd = cgt_load(NULL, &o, BPF_PROG_TYPE_RAW_TRACEPOINT, NULL, 0);
	if (fd < 0)
		return;
	char *theirs = bpftool_xlated(fd);
	char *ours = cgt_disasm(&o);
	CHECK(theirs && *theirs);
	if (theirs)
		CHECK_STR(ours, theirs);
	free(theirs);
	free(ours);
	close(fd);
}

TEST(matches_bpftool_hand_written)
{
	struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_DW, 2, 1, 0),
		BPF_LDX_MEM(BPF_DW, 3, 1, 8),
		BPF_LD_IMM64(4, 0x1234567890ll),
		BPF_ALU64_REG(BPF_ADD, 2, 4),
		BPF_ALU32_IMM(BPF_MUL, 3, 7),
		BPF_ALU64_IMM(BPF_LSH, 2, 3),
		BPF_ALU64_IMM(BPF_ARSH, 2, 1),
		BPF_ALU32_REG(BPF_XOR, 3, 2),
		BPF_ENDIAN(BPF_TO_BE, 3, 32),
		BPF_NEG64(2),
		BPF_STX_MEM(BPF_DW, 10, 2, -8),
		BPF_ST_MEM(BPF_W, 10, -16, -7),
		BPF_STX_MEM(BPF_W, 10, 3, -12),
		BPF_MOV64_IMM(5, 1),
		BPF_ATOMIC_ADD(BPF_DW, 10, 5, -8),
		BPF_LDX_MEM(BPF_W, 0, 10, -12),
		BPF_JMP_IMM(BPF_JGT, 0, 100, 2),
		BPF_JMP_REG(BPF_JSLE, 0, 3, 1),
		BPF_MOV32_REG(0, 3),
		BPF_JMP_IMM(BPF_JSET, 0, 0x10, 0),
		BPF_EXIT_INSN(),
	};
	compare_with_bpftool(prog, sizeof(prog) / sizeof(prog[0]));
}

/* A program produced by the code generator (loop, spills, big constants). */
TEST(matches_bpftool_generated)
{
	struct ir_func f;
	ir_func_init(&f, "golden");
	int x = ir_vreg(&f), i = ir_vreg(&f), s = ir_vreg(&f), head = ir_label(&f);
	int32_t slot = ir_alloca(&f, 8, 8);
	ir_load(&f, x, ir_reg(f.ctx), 0, 8);
	ir_mov(&f, i, ir_imm(0));
	ir_mov(&f, s, ir_imm(0x123456789abcll));
	ir_place(&f, head);
	ir_alu(&f, BPF_XOR, s, ir_reg(s), ir_reg(x));
	ir_alu(&f, BPF_ADD, i, ir_reg(i), ir_imm(1));
	ir_jcc(&f, BPF_JLT, ir_reg(i), ir_imm(4), head);
	ir_store(&f, ir_fp(), slot, ir_reg(s), 8);
	ir_xadd(&f, ir_fp(), slot, ir_reg(i), 8);
	ir_load(&f, s, ir_fp(), slot, 4);
	ir_exit(&f, ir_reg(s));
	struct cg_output o;
	if (!cgt_compile(&f, &o)) {
		compare_with_bpftool(o.insns, o.ninsns);
		cg_output_free(&o);
	}
	ir_func_free(&f);
}
