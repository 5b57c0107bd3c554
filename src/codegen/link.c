/* Linking a main function with its callback subprograms: each function is
 * allocated and emitted on its own (its own frame, arguments in r1-r5), the
 * results are concatenated main first, and each ldfunc (BPF_LD_IMM64 with
 * BPF_PSEUDO_FUNC, imm = subprogram index) gets the kernel's encoding: imm
 * = start of the subprogram - (insn index + 1). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/insn.h"
#include "codegen/codegen.h"
#include "codegen/emit.h"

static void append(struct cg_output *out, const struct cg_output *part)
{
	size_t n = out->ninsns + part->ninsns;
	out->insns = xrealloc(out->insns, (n + 1) * sizeof(*out->insns));
	out->lines = xrealloc(out->lines, (n + 1) * sizeof(*out->lines));
	memcpy(out->insns + out->ninsns, part->insns, part->ninsns * sizeof(*out->insns));
	memcpy(out->lines + out->ninsns, part->lines, part->ninsns * sizeof(*out->lines));
	out->ninsns = n;
}

static bool is_ldfunc(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_DW | BPF_IMM) && in->src_reg == BPF_PSEUDO_FUNC;
}

static int resolve(struct cg_output *out, char *err, size_t errlen)
{
	for (size_t i = 0; i + 1 < out->ninsns; i++) {
		struct bpf_insn *in = &out->insns[i];
		if (in->code != (BPF_LD | BPF_DW | BPF_IMM))
			continue;
		if (is_ldfunc(in)) {
			size_t sub = (uint32_t)in->imm;
			if (sub + 1 >= out->nfuncs) {
				if (err && errlen)
					snprintf(err, errlen, "internal error: ldfunc of subprogram "
						 "%zu of %zu", sub, out->nfuncs - 1);
				return -EINVAL;
			}
			in->imm = (int32_t)((int64_t)out->func_starts[sub + 1] - (int64_t)i - 1);
		}
		i++; /* second half of the 16-byte insn */
	}
	return 0;
}

int codegen_emit(const struct ir_func *f, struct cg_output *out, char *err, size_t errlen)
{
	int rc = cg_emit_one(f, out, err, errlen);
	if (rc || !f)
		return rc;
	out->nfuncs = 1 + f->nsubs;
	out->func_starts = xcalloc(out->nfuncs, sizeof(*out->func_starts));
	for (size_t s = 0; s < f->nsubs && !rc; s++) {
		struct cg_output part;
		rc = cg_emit_one(f->subs[s], &part, err, errlen);
		if (!rc) {
			out->func_starts[s + 1] = (uint32_t)out->ninsns;
			append(out, &part);
			out->stack_used = MAX(out->stack_used, part.stack_used);
			out->nspills += part.nspills;
		}
		cg_output_free(&part);
	}
	if (!rc)
		rc = resolve(out, err, errlen);
	if (rc)
		cg_output_free(out);
	return rc;
}
