/* IR: a linear list of eBPF-shaped instructions over unlimited virtual
 * registers. Lowering (src/codegen/lower*.c) builds it from the typed AST;
 * codegen (src/codegen/emit.c) allocates physical registers, spills to the
 * stack and emits struct bpf_insn. Virtual registers are not SSA: a vreg may
 * be assigned on several paths (e.g. a ternary's result). */
#ifndef SG_IR_H
#define SG_IR_H

#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/util.h"

enum ir_op {
	IR_MOV,   /* dst = a                                   */
	IR_ALU,   /* dst = a <code> b  (code: BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV,
		     BPF_MOD, BPF_OR, BPF_AND, BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH);
		     64-bit unless alu32. BPF_DIV/BPF_MOD are unsigned; signed
		     division is lowered to unsigned ops by the lowering. */
	IR_NEG,   /* dst = -a                                  */
	IR_LOAD,  /* dst = *(size *)(a + off)      a: REG or FP */
	IR_STORE, /* *(size *)(a + off) = b        a: REG or FP; b: REG or IMM */
	IR_XADD,  /* lock *(size *)(a + off) += b  size 4 or 8; b: REG */
	IR_LDMAP, /* dst = map pointer; imm = map index (BPF_PSEUDO_MAP_FD) */
	IR_CALL,  /* dst = helper(args...)  dst may be -1; helper: enum bpf_func_id */
	IR_JMP,   /* goto label                                */
	IR_JCC,   /* if (a <code> b) goto label  (code: BPF_JEQ, BPF_JNE, BPF_JGT,
		     BPF_JGE, BPF_JLT, BPF_JLE, BPF_JSGT, BPF_JSGE, BPF_JSLT,
		     BPF_JSLE, BPF_JSET); a: REG; b: REG or IMM */
	IR_LABEL, /* label:                                    */
	IR_EXIT,  /* return a (REG or IMM)                     */
	IR_ENDIAN,/* dst = bswap(a), size 16/32/64 bits in imm; code BPF_TO_BE/LE */
	IR_LDFUNC,/* dst = address of subprogram imm (index into the main
		     function's subs): BPF_LD_IMM64 with BPF_PSEUDO_FUNC, the
		     callback argument of bpf_loop / bpf_for_each_map_elem */
	IR_LDKSYM,/* dst = address of a kernel variable; imm = its vmlinux BTF id
		     (BPF_LD_IMM64 with BPF_PSEUDO_BTF_ID; percpu_kaddr()) */
};

enum ir_okind {
	IR_O_NONE,
	IR_O_REG, /* virtual register .reg */
	IR_O_IMM, /* 64-bit immediate .imm (codegen materialises > 32 bits) */
	IR_O_FP,  /* the frame pointer r10 (read-only); stack slots are FP + negative off.
		     .imm is an offset added to r10 (0 for plain fp), so a stack
		     address can be passed directly, e.g. as a helper argument. */
};

struct ir_opnd {
	enum ir_okind kind;
	int reg;
	int64_t imm;
};

#define IR_MAX_ARGS 5

struct ir_insn {
	enum ir_op op;
	uint8_t code;  /* ALU / JMP / ENDIAN op code */
	uint8_t size;  /* LOAD/STORE/XADD: 1, 2, 4, 8 */
	uint8_t alu32; /* IR_ALU/IR_MOV: 32-bit operation (zero-extends) */
	int dst;       /* vreg or -1 */
	struct ir_opnd a, b;
	int32_t off;
	int label;     /* JMP/JCC target, or LABEL id */
	int32_t helper;
	uint8_t nargs;
	struct ir_opnd args[IR_MAX_ARGS];
	int64_t imm;   /* LDMAP map index; ENDIAN width */
	struct srcloc loc;
};

struct ir_func {
	char *name;
	struct ir_insn *insns;
	size_t ninsns, cap;
	int nvregs;
	int nlabels;
	int ctx;        /* vreg that holds the context pointer (r1 at entry) */
	uint32_t stack; /* bytes of stack used by ir_alloca (below r10) */
	struct srcloc cur_loc;
	/* Callback subprograms (src/codegen/lower_cb.c): a subprogram has its
	 * own frame; codegen stores its arguments r1..r<nparams> at entry to
	 * fp-8, fp-16, ... (the first 8*nparams bytes of its stack, reserved by
	 * ir_func_init_sub), so the body reads them with plain loads. Only the
	 * main function has subs; they are emitted after it, in order. */
	int nparams;
	struct ir_func **subs;
	size_t nsubs;
};

#define BPF_STACK_LIMIT 512
/* The kernel's limits on one program (a privileged loader): instructions
 * (BPF_COMPLEXITY_LIMIT_INSNS) and distinct maps used (MAX_USED_MAPS). */
#define BPF_MAX_INSNS 1000000
#define BPF_MAX_USED_MAPS 64

static inline struct ir_opnd ir_reg(int v) { return (struct ir_opnd){.kind = IR_O_REG, .reg = v}; }
static inline struct ir_opnd ir_imm(int64_t i) { return (struct ir_opnd){.kind = IR_O_IMM, .imm = i}; }
static inline struct ir_opnd ir_fp(void) { return (struct ir_opnd){.kind = IR_O_FP}; }
/* The address r10 + off (off is usually an ir_alloca result). */
static inline struct ir_opnd ir_fp_off(int32_t off) { return (struct ir_opnd){.kind = IR_O_FP, .imm = off}; }

/* A new function: vreg f->ctx is defined at entry (r1). */
void ir_func_init(struct ir_func *f, const char *name);
void ir_func_free(struct ir_func *f); /* and its subs */
/* A new callback subprogram of main taking nparams (≤ 5) arguments;
 * returns it, *index gets its number for ir_ldfunc. */
struct ir_func *ir_func_add_sub(struct ir_func *main, int nparams, int *index);
int ir_vreg(struct ir_func *f);
int ir_label(struct ir_func *f);
/* Reserves size bytes of stack (aligned to align ≤ 8); returns the negative
 * offset from the frame pointer. Callers check f->stack against the limit. */
int32_t ir_alloca(struct ir_func *f, uint32_t size, uint32_t align);
void ir_set_loc(struct ir_func *f, struct srcloc loc);

/* Emitters; each appends one instruction tagged with f->cur_loc. */
void ir_mov(struct ir_func *f, int dst, struct ir_opnd a);
void ir_alu(struct ir_func *f, uint8_t code, int dst, struct ir_opnd a, struct ir_opnd b);
void ir_neg(struct ir_func *f, int dst, struct ir_opnd a);
void ir_load(struct ir_func *f, int dst, struct ir_opnd base, int32_t off, uint8_t size);
void ir_store(struct ir_func *f, struct ir_opnd base, int32_t off, struct ir_opnd val, uint8_t size);
void ir_xadd(struct ir_func *f, struct ir_opnd base, int32_t off, struct ir_opnd val, uint8_t size);
void ir_ldmap(struct ir_func *f, int dst, int map_index);
void ir_ldksym(struct ir_func *f, int dst, int32_t btf_id);
void ir_call(struct ir_func *f, int dst, int32_t helper, int nargs, const struct ir_opnd *args);
void ir_jmp(struct ir_func *f, int label);
void ir_jcc(struct ir_func *f, uint8_t code, struct ir_opnd a, struct ir_opnd b, int label);
void ir_place(struct ir_func *f, int label);
void ir_exit(struct ir_func *f, struct ir_opnd a);
void ir_endian(struct ir_func *f, uint8_t code, int dst, struct ir_opnd a, int bits);
void ir_ldfunc(struct ir_func *f, int dst, int sub_index);

/* Text form, one instruction per line (used by --dump=ir and tests):
 *   func NAME (ctx %0, stack 16)
 *     %3 = add %1, 8              %3 = add32 ..., mov, mov32, neg, be16, le64
 *     %4 = load.u64 [fp-16]       store.u32 [%2+4], 0     xadd.u64 [%2], %3
 *     %1 = ldmap #0               %0 = call map_lookup_elem(%5, fp-24)
 *     if %3 != 0 goto L2          goto L2      L2:      exit %0
 *     %2 = ldfunc #0
 * Subprograms follow the main function, each headed
 *   func NAME (ctx %0, stack 32, params 4)
 * Immediates print in signed decimal, fp+off as fp-24; no source locations. */
void ir_dump(const struct ir_func *f, FILE *out);

#endif
