/* Internal to codegen: machine code under construction. emit.c appends
 * instructions whose jumps still name IR labels; peephole.c cleans the code
 * up (jump threading, branch inversion, jumps to the next insn, unreachable
 * code, reloads right after spills) and resolves jump offsets. */
#ifndef SG_EMIT_H
#define SG_EMIT_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>

#include "codegen/codegen.h"
#include "codegen/regalloc.h"

struct minsn {
	struct bpf_insn insn;
	int32_t target; /* IR label for jumps, -1 otherwise */
	uint32_t ir;    /* IR insn it came from (for line info) */
};

struct mcode {
	struct minsn *code;
	size_t len, cap;
	int32_t *label_pos; /* [nlabels] index of the insn after the label, -1 */
	int nlabels;
};

void mcode_init(struct mcode *mc, int nlabels);
void mcode_free(struct mcode *mc);
void mcode_push(struct mcode *mc, struct bpf_insn insn, int32_t target, uint32_t ir);
void mcode_place(struct mcode *mc, int label);
/* Optimises, resolves jumps and fills out (insns, ninsns, lines). */
int mcode_finish(struct mcode *mc, const struct ir_func *f, struct cg_output *out, char *err,
		 size_t errlen);

/* Emits ra->f with the allocation in ra (ra_allocate, or one built by hand in
 * tests: regs, slots, stack and ra_compute_busy). */
/* Allocates and emits one function (not its subs); codegen_emit (link.c)
 * emits the main function and its subprograms and links them. */
int cg_emit_one(const struct ir_func *f, struct cg_output *out, char *err, size_t errlen);
int cg_emit_allocated(const struct ra_func *ra, struct cg_output *out, char *err, size_t errlen);

#endif
