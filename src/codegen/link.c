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

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Distinct maps the program refers to (BPF_LD_IMM64 of a map). */
static size_t count_maps(const struct cg_output *out)
{
	int32_t *idx = xmalloc((out->ninsns + 1) * sizeof(*idx));
	size_t n = 0, distinct = 0;
	for (size_t i = 0; i + 1 < out->ninsns; i++) {
		const struct bpf_insn *in = &out->insns[i];
		if (in->code != (BPF_LD | BPF_DW | BPF_IMM))
			continue;
		if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE)
			idx[n++] = in->imm;
		i++; /* second half of the 16-byte insn */
	}
	qsort(idx, n, sizeof(*idx), cmp_i32);
	for (size_t i = 0; i < n; i++)
		distinct += i == 0 || idx[i] != idx[i - 1];
	free(idx);
	return distinct;
}

/* What the kernel would reject for its size, not for its logic: said here,
 * at the probe, instead of as a verifier failure after loading. */
static int check_kernel_limits(const struct cg_output *out, char *err, size_t errlen)
{
	size_t maps = count_maps(out);
	if (out->ninsns > BPF_MAX_INSNS) {
		if (err && errlen)
			snprintf(err, errlen, "program too large: %zu instructions, the kernel "
				 "accepts at most %d", out->ninsns, BPF_MAX_INSNS);
		return -E2BIG;
	}
	if (maps > BPF_MAX_USED_MAPS) {
		if (err && errlen)
			snprintf(err, errlen, "this probe uses %zu maps (with spyglass's own), a "
				 "BPF program may use at most %d", maps, BPF_MAX_USED_MAPS);
		return -E2BIG;
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
	if (!rc)
		rc = check_kernel_limits(out, err, errlen);
	if (rc)
		cg_output_free(out);
	return rc;
}
