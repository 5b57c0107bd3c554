/* eBPF disassembler. The text follows the kernel's kernel/bpf/disasm.c (what
 * the verifier log and `bpftool prog dump xlated` print) without the leading
 * "(code) " column, so users can compare our dumps with bpftool's. */
#include "bpf/disasm.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80 /* sign-extending load; newer than some installed headers */
#endif

/* Newer uapi headers pass FN(name, id, ...); older ones FN(name): accept both. */
#define SG_HELPER_NAME(x, ...) [BPF_FUNC_##x] = #x
static const char *const helper_names[] = {__BPF_FUNC_MAPPER(SG_HELPER_NAME)};
#undef SG_HELPER_NAME

const char *bpf_helper_name(int id)
{
	if (id <= 0 || (size_t)id >= sizeof(helper_names) / sizeof(helper_names[0]))
		return NULL;
	return helper_names[id];
}

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=",  [BPF_SUB >> 4] = "-=",  [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=",  [BPF_OR >> 4] = "|=",   [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=",  [BPF_XOR >> 4] = "^=",  [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const atomic_names[16] = {
	[BPF_ADD >> 4] = "add", [BPF_AND >> 4] = "and",
	[BPF_OR >> 4] = "or",   [BPF_XOR >> 4] = "xor",
};

static const char *const ldst_sizes[4] = {
	[BPF_W >> 3] = "u32", [BPF_H >> 3] = "u16", [BPF_B >> 3] = "u8", [BPF_DW >> 3] = "u64",
};

static const char *const ldsx_sizes[4] = {
	[BPF_W >> 3] = "s32", [BPF_H >> 3] = "s16", [BPF_B >> 3] = "s8", [BPF_DW >> 3] = "s64",
};

static const char *const jmp_ops[16] = {
	[BPF_JA >> 4] = "jmp",  [BPF_JEQ >> 4] = "==",  [BPF_JGT >> 4] = ">",
	[BPF_JLT >> 4] = "<",   [BPF_JGE >> 4] = ">=",  [BPF_JLE >> 4] = "<=",
	[BPF_JSET >> 4] = "&",  [BPF_JNE >> 4] = "!=",  [BPF_JSGT >> 4] = "s>",
	[BPF_JSLT >> 4] = "s<", [BPF_JSGE >> 4] = "s>=", [BPF_JSLE >> 4] = "s<=",
	[BPF_CALL >> 4] = "call", [BPF_EXIT >> 4] = "exit",
};

static const char *const class_names[8] = {
	[BPF_LD] = "ld",   [BPF_LDX] = "ldx", [BPF_ST] = "st",       [BPF_STX] = "stx",
	[BPF_ALU] = "alu", [BPF_JMP] = "jmp", [BPF_JMP32] = "jmp32", [BPF_ALU64] = "alu64",
};

/* Output cursor over a caller buffer; silently truncates. */
struct out {
	char *buf;
	size_t len, pos;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static const char *str_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

static void print_alu(struct out *o, const struct bpf_insn *in)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_ALU ? 'w' : 'r';
	const char *opname = str_or(alu_ops[op >> 4], "?");

	if (op == BPF_END) {
		if (cls == BPF_ALU64)
			put(o, "r%d = bswap%d r%d", in->dst_reg, in->imm, in->dst_reg);
		else
			put(o, "r%d = %s%d r%d", in->dst_reg,
			    BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm, in->dst_reg);
		return;
	}
	if (op == BPF_NEG) {
		put(o, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
		return;
	}
	if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
		opname = op == BPF_DIV ? "s/=" : "s%=";
	if (BPF_SRC(in->code) == BPF_K) {
		put(o, "%c%d %s %d", r, in->dst_reg, opname, in->imm);
		return;
	}
	if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == 1) {
		put(o, "r%d = addr_space_cast(r%d, %d, %d)", in->dst_reg, in->src_reg,
		    (int)((uint32_t)in->imm >> 16), (int)(uint16_t)in->imm);
		return;
	}
	const char *sx = "";
	if (op == BPF_MOV)
		sx = in->off == 8 ? "(s8)" : in->off == 16 ? "(s16)" : in->off == 32 ? "(s32)" : "";
	put(o, "%c%d %s %s%c%d", r, in->dst_reg, opname, sx, r, in->src_reg);
}

static void print_atomic(struct out *o, const struct bpf_insn *in)
{
	const char *sz = ldst_sizes[BPF_SIZE(in->code) >> 3];
	const char *w64 = BPF_SIZE(in->code) == BPF_DW ? "64" : "";
	int imm = in->imm, op = BPF_OP(imm);
	int basic = op == BPF_ADD || op == BPF_AND || op == BPF_OR || op == BPF_XOR;

	if (basic && imm == op)
		put(o, "lock *(%s *)(r%d %+d) %s r%d", sz, in->dst_reg, in->off, alu_ops[op >> 4],
		    in->src_reg);
	else if (basic && imm == (op | BPF_FETCH))
		put(o, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", in->src_reg, w64,
		    atomic_names[op >> 4], sz, in->dst_reg, in->off, in->src_reg);
	else if (imm == BPF_CMPXCHG)
		put(o, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", w64, sz, in->dst_reg,
		    in->off, in->src_reg);
	else if (imm == BPF_XCHG)
		put(o, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", in->src_reg, w64, sz,
		    in->dst_reg, in->off, in->src_reg);
	else
		put(o, "BUG_%02x", in->code);
}

static void print_store(struct out *o, const struct bpf_insn *in)
{
	const char *sz = ldst_sizes[BPF_SIZE(in->code) >> 3];
	uint8_t mode = BPF_MODE(in->code);

	if (BPF_CLASS(in->code) == BPF_STX) {
		if (mode == BPF_MEM)
			put(o, "*(%s *)(r%d %+d) = r%d", sz, in->dst_reg, in->off, in->src_reg);
		else if (mode == BPF_ATOMIC)
			print_atomic(o, in);
		else
			put(o, "BUG_%02x", in->code);
		return;
	}
	if (mode == BPF_MEM)
		put(o, "*(%s *)(r%d %+d) = %d", sz, in->dst_reg, in->off, in->imm);
	else if (mode == 0xc0) /* BPF_NOSPEC, not in the uapi header */
		put(o, "nospec");
	else
		put(o, "BUG_st_%02x", in->code);
}

static void print_map_ref(struct out *o, uint32_t idx, const char *const *names, size_t nnames)
{
	if (names && idx < nnames && names[idx])
		put(o, "map[%s]", names[idx]);
	else
		put(o, "map[%" PRIu32 "]", idx);
}

/* Returns the number of slots consumed (2 for a complete ld_imm64). */
static int print_ld(struct out *o, const struct bpf_insn *in, size_t left,
		    const char *const *names, size_t nnames)
{
	const char *sz = ldst_sizes[BPF_SIZE(in->code) >> 3];
	uint8_t mode = BPF_MODE(in->code);

	if (mode == BPF_ABS) {
		put(o, "r0 = *(%s *)skb[%d]", sz, in->imm);
		return 1;
	}
	if (mode == BPF_IND) {
		put(o, "r0 = *(%s *)skb[r%d + %d]", sz, in->src_reg, in->imm);
		return 1;
	}
	if (mode != BPF_IMM || BPF_SIZE(in->code) != BPF_DW || left < 2) {
		put(o, "BUG_ld_%02x", in->code);
		return 1;
	}
	uint64_t imm = ((uint64_t)(uint32_t)in[1].imm << 32) | (uint32_t)in->imm;
	put(o, "r%d = ", in->dst_reg);
	if (in->src_reg == BPF_PSEUDO_MAP_FD) {
		print_map_ref(o, (uint32_t)in->imm, names, nnames);
	} else if (in->src_reg == BPF_PSEUDO_MAP_VALUE) {
		print_map_ref(o, (uint32_t)in->imm, names, nnames);
		put(o, "[0]+%" PRIu32, (uint32_t)in[1].imm);
	} else if (in->src_reg == BPF_PSEUDO_FUNC) { /* callback address */
		put(o, "subprog[pc%+d]", in->imm);
	} else if (in->src_reg == BPF_PSEUDO_BTF_ID) { /* a kernel variable */
		put(o, "ksym[btf_id %d]", in->imm);
	} else {
		put(o, "0x%" PRIx64, imm);
	}
	return 2;
}

static void print_call(struct out *o, const struct bpf_insn *in)
{
	if (in->src_reg == BPF_PSEUDO_CALL) {
		put(o, "call pc%+d", in->imm);
		return;
	}
	const char *name = in->src_reg ? NULL : bpf_helper_name(in->imm);
	if (name)
		put(o, "call bpf_%s#%d", name, in->imm);
	else if (in->src_reg == BPF_PSEUDO_KFUNC_CALL)
		put(o, "call kernel-function#%d", in->imm);
	else
		put(o, "call unknown#%d", in->imm);
}

static void print_jmp(struct out *o, const struct bpf_insn *in)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_JMP32 ? 'w' : 'r';

	if (op == BPF_CALL)
		print_call(o, in);
	else if (in->code == (BPF_JMP | BPF_JA))
		put(o, "goto pc%+d", in->off);
	else if (in->code == (BPF_JMP32 | BPF_JA))
		put(o, "gotol pc%+d", in->imm);
	else if (in->code == (BPF_JMP | 0xe0) && in->src_reg == 0) /* BPF_JCOND may_goto */
		put(o, "may_goto pc%+d", in->off);
	else if (in->code == (BPF_JMP | BPF_EXIT))
		put(o, "exit");
	else if (BPF_SRC(in->code) == BPF_X)
		put(o, "if %c%d %s %c%d goto pc%+d", r, in->dst_reg, str_or(jmp_ops[op >> 4], "?"),
		    r, in->src_reg, in->off);
	else
		put(o, "if %c%d %s 0x%x goto pc%+d", r, in->dst_reg, str_or(jmp_ops[op >> 4], "?"),
		    (unsigned)in->imm, in->off);
}

int bpf_disasm_insn(const struct bpf_insn *insn, size_t left, const char *const *map_names,
		    size_t nmaps, char *buf, size_t buflen)
{
	struct out o = {buf, buflen, 0};
	uint8_t cls = BPF_CLASS(insn->code);
	int slots = 1;

	if (buflen)
		buf[0] = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64: print_alu(&o, insn); break;
	case BPF_ST:
	case BPF_STX: print_store(&o, insn); break;
	case BPF_LDX: {
		uint8_t mode = BPF_MODE(insn->code);
		if (mode != BPF_MEM && mode != BPF_MEMSX) {
			put(&o, "BUG_ldx_%02x", insn->code);
			break;
		}
		const char *const *sizes = mode == BPF_MEM ? ldst_sizes : ldsx_sizes;
		put(&o, "r%d = *(%s *)(r%d %+d)", insn->dst_reg, sizes[BPF_SIZE(insn->code) >> 3],
		    insn->src_reg, insn->off);
		break;
	}
	case BPF_LD: slots = print_ld(&o, insn, left, map_names, nmaps); break;
	case BPF_JMP:
	case BPF_JMP32: print_jmp(&o, insn); break;
	default: put(&o, "%s", class_names[cls]); break;
	}
	return slots;
}

void bpf_disasm(const struct bpf_insn *insns, size_t n, const char *const *map_names,
		size_t nmaps, FILE *out)
{
	char buf[160];
	for (size_t i = 0; i < n;) {
		int slots = bpf_disasm_insn(&insns[i], n - i, map_names, nmaps, buf, sizeof(buf));
		fprintf(out, "%4zu: %s\n", i, buf);
		i += (size_t)slots;
	}
}
