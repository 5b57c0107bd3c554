/* eBPF instruction encoding (same shapes as the kernel's filter.h macros,
 * which are not part of the UAPI headers). */
#ifndef SG_INSN_H
#define SG_INSN_H

#include <linux/bpf.h>
#include <stdint.h>

#define BPF_REG_FP BPF_REG_10

static inline struct bpf_insn bpf_insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (struct bpf_insn){.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

#define BPF_ALU64_REG(OP, DST, SRC) bpf_insn(BPF_ALU64 | BPF_OP(OP) | BPF_X, DST, SRC, 0, 0)
#define BPF_ALU32_REG(OP, DST, SRC) bpf_insn(BPF_ALU | BPF_OP(OP) | BPF_X, DST, SRC, 0, 0)
#define BPF_ALU64_IMM(OP, DST, IMM) bpf_insn(BPF_ALU64 | BPF_OP(OP) | BPF_K, DST, 0, 0, IMM)
#define BPF_ALU32_IMM(OP, DST, IMM) bpf_insn(BPF_ALU | BPF_OP(OP) | BPF_K, DST, 0, 0, IMM)
#define BPF_MOV64_REG(DST, SRC) bpf_insn(BPF_ALU64 | BPF_MOV | BPF_X, DST, SRC, 0, 0)
#define BPF_MOV32_REG(DST, SRC) bpf_insn(BPF_ALU | BPF_MOV | BPF_X, DST, SRC, 0, 0)
#define BPF_MOV64_IMM(DST, IMM) bpf_insn(BPF_ALU64 | BPF_MOV | BPF_K, DST, 0, 0, IMM)
#define BPF_MOV32_IMM(DST, IMM) bpf_insn(BPF_ALU | BPF_MOV | BPF_K, DST, 0, 0, IMM)
#define BPF_NEG64(DST) bpf_insn(BPF_ALU64 | BPF_NEG | BPF_K, DST, 0, 0, 0)
#define BPF_ENDIAN(TYPE, DST, LEN) bpf_insn(BPF_ALU | BPF_END | (TYPE), DST, 0, 0, LEN)
/* Two slots: the second carries the upper 32 bits. */
#define BPF_LD_IMM64_RAW(DST, SRC, IMM)                                         \
	bpf_insn(BPF_LD | BPF_DW | BPF_IMM, DST, SRC, 0, (int32_t)(uint32_t)(IMM)), \
	bpf_insn(0, 0, 0, 0, (int32_t)(uint32_t)((uint64_t)(IMM) >> 32))
#define BPF_LD_IMM64(DST, IMM) BPF_LD_IMM64_RAW(DST, 0, IMM)
#define BPF_LD_MAP_FD(DST, MAP) BPF_LD_IMM64_RAW(DST, BPF_PSEUDO_MAP_FD, MAP)
#define BPF_LDX_MEM(SIZE, DST, SRC, OFF) bpf_insn(BPF_LDX | BPF_SIZE(SIZE) | BPF_MEM, DST, SRC, OFF, 0)
#define BPF_STX_MEM(SIZE, DST, SRC, OFF) bpf_insn(BPF_STX | BPF_SIZE(SIZE) | BPF_MEM, DST, SRC, OFF, 0)
#define BPF_ST_MEM(SIZE, DST, OFF, IMM) bpf_insn(BPF_ST | BPF_SIZE(SIZE) | BPF_MEM, DST, 0, OFF, IMM)
#define BPF_ATOMIC_ADD(SIZE, DST, SRC, OFF) bpf_insn(BPF_STX | BPF_SIZE(SIZE) | BPF_ATOMIC, DST, SRC, OFF, BPF_ADD)
#define BPF_JMP_REG(OP, DST, SRC, OFF) bpf_insn(BPF_JMP | BPF_OP(OP) | BPF_X, DST, SRC, OFF, 0)
#define BPF_JMP_IMM(OP, DST, IMM, OFF) bpf_insn(BPF_JMP | BPF_OP(OP) | BPF_K, DST, 0, OFF, IMM)
#define BPF_JMP_A(OFF) bpf_insn(BPF_JMP | BPF_JA, 0, 0, OFF, 0)
#define BPF_CALL_HELPER(ID) bpf_insn(BPF_JMP | BPF_CALL, 0, 0, 0, ID)
#define BPF_EXIT_INSN() bpf_insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Size in bytes (1, 2, 4, 8) → BPF_B/H/W/DW; 0 on a bad size. */
static inline uint8_t bpf_size_code(unsigned bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	case 8: return BPF_DW;
	}
	return 0xff;
}

static inline int bpf_fits_imm32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

#endif
