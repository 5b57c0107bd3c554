/* IR → eBPF: register allocation (linear scan over liveness intervals, spilling
 * to the stack) and instruction emission. */
#ifndef SG_CODEGEN_H
#define SG_CODEGEN_H

#include <linux/bpf.h>
#include <stddef.h>

#include "ir/ir.h"

struct cg_output {
	struct bpf_insn *insns;
	size_t ninsns;
	struct srcloc *lines; /* per emitted insn: the IR insn's loc */
	uint32_t stack_used;  /* allocas + spill slots, bytes */
	int nspills;          /* vregs that were given a stack slot */
	/* Where each function starts: [0] = 0 (main), then each subprogram,
	 * in the order of ir_func.subs; nfuncs = 1 + nsubs. */
	uint32_t *func_starts;
	size_t nfuncs;
};

/* Emits f followed by its subprograms (each allocated separately, with
 * its own frame), with every ldfunc resolved to its subprogram's offset.
 * Returns 0, or -errno with a one-line reason in err:
 * -E2BIG when allocas + spills exceed the 512-byte BPF stack. */
int codegen_emit(const struct ir_func *f, struct cg_output *out, char *err, size_t errlen);
void cg_output_free(struct cg_output *o);

#endif
