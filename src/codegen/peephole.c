/* Clean-ups on emitted code, then jump resolution. Each round marks insns to
 * delete and compacts; rounds repeat until nothing changes. All rewrites keep
 * the verifier's view intact: only jumps and provably redundant moves/loads
 * are touched, and unreachable insns (which the verifier rejects) are dropped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/insn.h"
#include "codegen/emit.h"

void mcode_init(struct mcode *mc, int nlabels)
{
	memset(mc, 0, sizeof(*mc));
	mc->nlabels = nlabels;
	mc->label_pos = xmalloc(((size_t)nlabels + 1) * sizeof(*mc->label_pos));
	for (int l = 0; l < nlabels; l++)
		mc->label_pos[l] = -1;
}

void mcode_free(struct mcode *mc)
{
	if (!mc)
		return;
	free(mc->code);
	free(mc->label_pos);
	memset(mc, 0, sizeof(*mc));
}

void mcode_push(struct mcode *mc, struct bpf_insn insn, int32_t target, uint32_t ir)
{
	if (mc->len == mc->cap) {
		mc->cap = mc->cap ? mc->cap * 2 : 64;
		mc->code = xrealloc(mc->code, mc->cap * sizeof(*mc->code));
	}
	mc->code[mc->len++] = (struct minsn){insn, target, ir};
}

void mcode_place(struct mcode *mc, int label)
{
	mc->label_pos[label] = (int32_t)mc->len;
}

static bool is_ld64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_DW | BPF_IMM);
}

static bool is_ja(const struct minsn *m)
{
	return m->insn.code == (BPF_JMP | BPF_JA);
}

static bool is_jcc(const struct minsn *m)
{
	uint8_t op = BPF_OP(m->insn.code);
	return BPF_CLASS(m->insn.code) == BPF_JMP && op != BPF_JA && op != BPF_CALL &&
	       op != BPF_EXIT;
}

static int32_t target_pos(const struct mcode *mc, const struct minsn *m)
{
	return mc->label_pos[m->target];
}

/* goto L; ... L: goto M  →  goto M (bounded, in case of a cycle). */
static void thread_jumps(struct mcode *mc)
{
	for (size_t i = 0; i < mc->len; i++) {
		struct minsn *m = &mc->code[i];
		for (int step = 0; m->target >= 0 && step < 8; step++) {
			int32_t p = target_pos(mc, m);
			if (p < 0 || (size_t)p >= mc->len || !is_ja(&mc->code[p]) ||
			    mc->code[p].target == m->target)
				break;
			m->target = mc->code[p].target;
		}
	}
}

/* refs[p]: jumps landing on insn p. */
static void count_refs(const struct mcode *mc, uint32_t *refs)
{
	memset(refs, 0, (mc->len + 1) * sizeof(*refs));
	for (size_t i = 0; i < mc->len; i++) {
		if (mc->code[i].target >= 0)
			refs[target_pos(mc, &mc->code[i])]++;
	}
}

static uint8_t invert_jcc(uint8_t op)
{
	switch (op) {
	case BPF_JEQ: return BPF_JNE;
	case BPF_JNE: return BPF_JEQ;
	case BPF_JGT: return BPF_JLE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JGE: return BPF_JLT;
	case BPF_JLT: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGE;
	default: return 0; /* JSET has no inverse */
	}
}

/* if c goto L1; goto L2; L1:  →  if !c goto L2; L1: */
static bool invert_branches(struct mcode *mc, const uint32_t *refs, uint8_t *del)
{
	bool changed = false;
	for (size_t i = 0; i + 1 < mc->len; i++) {
		struct minsn *m = &mc->code[i], *n = &mc->code[i + 1];
		uint8_t inv = is_jcc(m) ? invert_jcc(BPF_OP(m->insn.code)) : 0;
		if (!inv || !is_ja(n) || refs[i + 1] || del[i + 1] ||
		    target_pos(mc, m) != (int32_t)(i + 2))
			continue;
		m->insn.code = (uint8_t)(BPF_CLASS(m->insn.code) | inv | BPF_SRC(m->insn.code));
		m->target = n->target;
		del[i + 1] = 1;
		changed = true;
	}
	return changed;
}

static bool drop_jumps_to_next(struct mcode *mc, uint8_t *del)
{
	bool changed = false;
	for (size_t i = 0; i < mc->len; i++) {
		const struct minsn *m = &mc->code[i];
		if (m->target >= 0 && !del[i] && target_pos(mc, m) == (int32_t)(i + 1)) {
			del[i] = 1;
			changed = true;
		}
	}
	return changed;
}

/* *(u64 *)(r10 + k) = rA; rB = *(u64 *)(r10 + k)  →  store; rB = rA. */
static bool forward_spills(struct mcode *mc, const uint32_t *refs, uint8_t *del)
{
	bool changed = false;
	for (size_t i = 0; i + 1 < mc->len; i++) {
		const struct bpf_insn *st = &mc->code[i].insn;
		struct bpf_insn *ld = &mc->code[i + 1].insn;
		if (st->code != (BPF_STX | BPF_MEM | BPF_DW) || st->dst_reg != BPF_REG_FP ||
		    ld->code != (BPF_LDX | BPF_MEM | BPF_DW) || ld->src_reg != BPF_REG_FP ||
		    ld->off != st->off || refs[i + 1] || del[i] || del[i + 1])
			continue;
		if (ld->dst_reg == st->src_reg)
			del[i + 1] = 1;
		else
			*ld = BPF_MOV64_REG(ld->dst_reg, st->src_reg);
		changed = true;
	}
	return changed;
}

static bool is_spill_store(const struct bpf_insn *in, int32_t spill_top)
{
	bool dw_store = in->code == (BPF_STX | BPF_MEM | BPF_DW) ||
			in->code == (BPF_ST | BPF_MEM | BPF_DW);
	return dw_store && in->dst_reg == BPF_REG_FP && in->off < spill_top;
}

/* A spill store overwritten by a later store to the same slot, with no read,
 * jump or label in between, is dead (a spilled vreg assigned twice in a row).
 * Only spill slots qualify: nothing but spill code addresses them. */
static bool drop_dead_spills(struct mcode *mc, const uint32_t *refs, uint8_t *del,
			     int32_t spill_top)
{
	bool changed = false;
	for (size_t i = 0; i < mc->len; i++) {
		const struct bpf_insn *st = &mc->code[i].insn;
		if (del[i] || !is_spill_store(st, spill_top))
			continue;
		for (size_t j = i + 1; j < mc->len && j < i + 16 && !refs[j]; j++) {
			const struct bpf_insn *in = &mc->code[j].insn;
			uint8_t cls = BPF_CLASS(in->code);
			if (del[j])
				continue;
			if (is_spill_store(in, spill_top) && in->off == st->off) {
				del[i] = 1;
				changed = true;
				break;
			}
			if (cls == BPF_JMP || cls == BPF_JMP32 || is_ld64(in) ||
			    (cls == BPF_LDX && in->src_reg == BPF_REG_FP && in->off == st->off))
				break;
		}
	}
	return changed;
}

/* Marks insns not reachable from the entry for deletion. */
static bool drop_unreachable(struct mcode *mc, uint8_t *del)
{
	uint8_t *seen = xcalloc(mc->len + 1, 1);
	size_t *stack = xmalloc((mc->len + 1) * sizeof(*stack)), sp = 0;
	bool changed = false;
	if (mc->len)
		stack[sp++] = 0, seen[0] = 1;
	while (sp) {
		size_t i = stack[--sp], next[2] = {i + 1, SIZE_MAX};
		const struct minsn *m = &mc->code[i];
		if (del[i]) /* deleted this round: falls through */
			;
		else if (is_ld64(&m->insn))
			seen[i + 1] = 1, next[0] = i + 2;
		else if (m->insn.code == (BPF_JMP | BPF_EXIT))
			next[0] = SIZE_MAX;
		if (!del[i] && m->target >= 0)
			next[is_ja(m) ? 0 : 1] = (size_t)target_pos(mc, m);
		for (int k = 0; k < 2; k++) {
			if (next[k] < mc->len && !seen[next[k]])
				seen[next[k]] = 1, stack[sp++] = next[k];
		}
	}
	for (size_t i = 0; i < mc->len; i++) {
		if (!seen[i] && !del[i])
			del[i] = 1, changed = true;
	}
	free(seen);
	free(stack);
	return changed;
}

static void compact(struct mcode *mc, const uint8_t *del)
{
	int32_t *newpos = xmalloc((mc->len + 1) * sizeof(*newpos));
	size_t k = 0;
	for (size_t i = 0; i < mc->len; i++) {
		newpos[i] = (int32_t)k;
		if (!del[i])
			mc->code[k++] = mc->code[i];
	}
	newpos[mc->len] = (int32_t)k;
	for (int l = 0; l < mc->nlabels; l++) {
		if (mc->label_pos[l] >= 0)
			mc->label_pos[l] = newpos[mc->label_pos[l]];
	}
	mc->len = k;
	free(newpos);
}

static void optimise(struct mcode *mc, int32_t spill_top)
{
	bool changed = true;
	for (int round = 0; changed && round < 16; round++) {
		uint32_t *refs = xmalloc((mc->len + 1) * sizeof(*refs));
		uint8_t *del = xcalloc(mc->len + 1, 1);
		thread_jumps(mc);
		count_refs(mc, refs);
		changed = invert_branches(mc, refs, del);
		changed |= forward_spills(mc, refs, del);
		changed |= drop_dead_spills(mc, refs, del, spill_top);
		changed |= drop_jumps_to_next(mc, del);
		changed |= drop_unreachable(mc, del);
		compact(mc, del);
		free(refs);
		free(del);
	}
}

int mcode_finish(struct mcode *mc, const struct ir_func *f, struct cg_output *out, char *err,
		 size_t errlen)
{
	optimise(mc, -(int32_t)ALIGN_UP(f->stack, 8));
	out->insns = xmalloc((mc->len + 1) * sizeof(*out->insns));
	out->lines = xmalloc((mc->len + 1) * sizeof(*out->lines));
	out->ninsns = mc->len;
	for (size_t i = 0; i < mc->len; i++) {
		const struct minsn *m = &mc->code[i];
		out->insns[i] = m->insn;
		out->lines[i] = f->insns[m->ir].loc;
		if (m->target < 0)
			continue;
		int64_t off = (int64_t)target_pos(mc, m) - (int64_t)(i + 1);
		if (off < INT16_MIN || off > INT16_MAX) {
			if (err && errlen)
				snprintf(err, errlen,
					 "program too large: a jump spans %lld instructions",
					 (long long)off);
			cg_output_free(out);
			return -E2BIG;
		}
		out->insns[i].off = (int16_t)off;
	}
	return 0;
}
