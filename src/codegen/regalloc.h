/* Internal to codegen: IR validation, liveness (liveness.c) and linear-scan
 * register allocation (regalloc.c), consumed by the emitter (emit.c).
 *
 * Positions. Every IR insn i owns a "use" slot (operands are read) and a
 * "def" slot (the result is written); block boundaries get slots of their own
 * so a value that is live out of a block does not look live in the next insn
 * of the linear order. A live interval is [start, end] in slots; two intervals
 * may share a register iff they do not overlap, so a result may reuse the
 * register of an operand that dies in the same insn. */
#ifndef SG_REGALLOC_H
#define SG_REGALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir/ir.h"

#define RA_NREGS 10               /* r0..r9; r10 is the read-only frame pointer */
#define RA_ALL_REGS 0x3ffu
#define RA_CALLER_SAVED 0x03fu    /* r0-r5: clobbered by every helper call */
#define RA_CALLEE_SAVED 0x3c0u    /* r6-r9: preserved across helper calls */
#define RA_ENTRY_SLOT 1           /* where the context pointer (r1) is defined */

static inline int32_t ra_in_slot(size_t i) { return (int32_t)(4 * i + 3); }
static inline int32_t ra_use_slot(size_t i) { return (int32_t)(4 * i + 4); }
static inline int32_t ra_def_slot(size_t i) { return (int32_t)(4 * i + 5); }
static inline int32_t ra_out_slot(size_t i) { return (int32_t)(4 * i + 6); }
/* First / last insn whose slots an interval [start, end] overlaps. */
static inline int32_t ra_first_insn(int32_t start) { return start <= 5 ? 0 : (start - 2) / 4; }
static inline int32_t ra_last_insn(int32_t end) { return (end - 4) / 4; }

/* Per-insn flags. */
enum {
	RA_REACH = 1 << 0,  /* reachable from the entry; others are not emitted */
	RA_DEAD = 1 << 1,   /* pure insn whose result is never used: dropped */
	RA_NODST = 1 << 2,  /* call whose result is unused: no move from r0 */
	RA_TAKEN = 1 << 3,  /* JCC on two immediates that is always taken */
	RA_NEVER = 1 << 4,  /* JCC on two immediates that is never taken */
	RA_LATE_B = 1 << 5, /* ALU operand b is read after dst is written (2-address form) */
};

struct ra_vreg {
	int32_t start, end; /* live interval in slots; start > end when never live */
	uint32_t uses;      /* reads + writes (x8 per loop level), for the spill heuristic */
	bool crosses_call;  /* live across a helper call: needs r6-r9 or a stack slot */
	int8_t pref;        /* preferred register (call argument, call result), or -1 */
	int8_t reg;         /* allocated register, or -1 (spilled or never live) */
	int16_t slot;       /* r10-relative spill slot offset, 0 when not spilled */
};

struct ra_func {
	const struct ir_func *f;
	size_t n;           /* f->ninsns */
	struct ra_vreg *v;  /* [f->nvregs] */
	uint8_t *flags;     /* [n] RA_* */
	uint16_t *busy;     /* [n] registers holding values that overlap insn i */
	int nspills;        /* vregs given a stack slot */
	uint32_t stack;     /* allocas + spill slots, bytes */
};

/* Validates the IR, builds the CFG and computes liveness, live intervals,
 * call crossings and dead insns. -EINVAL with a reason for malformed IR. */
int ra_analyze(struct ra_func *ra, const struct ir_func *f, char *err, size_t errlen);
/* Assigns registers and spill slots; -E2BIG when the stack overflows. */
int ra_allocate(struct ra_func *ra, char *err, size_t errlen);
void ra_free(struct ra_func *ra);
/* Recomputes busy[] from the registers in v[] (ra_allocate does this). */
void ra_compute_busy(struct ra_func *ra);

/* Vregs read by an insn (may repeat); returns the count (at most 7). */
int ra_insn_uses(const struct ir_insn *in, int uses[8]);
/* True when the insn's only effect is writing dst. */
bool ra_insn_pure(const struct ir_insn *in);
bool ra_alu_commutes(uint8_t code);
/* Registers an insn needs for its operands and temporaries (spilled or not):
 * bounds how many other values may stay in registers across it. */
int ra_insn_demand(const struct ir_insn *in);

#endif
