/* Linear-scan register allocation over the live intervals from liveness.c.
 *
 * Each vreg lives either in one register or in one 8-byte stack slot for its
 * whole interval (no splitting), so no fix-up moves are needed on CFG edges.
 * Constraints and heuristics:
 *  - values live across a helper call may only use r6-r9 (r0-r5 are clobbered);
 *  - preferences: call arguments want r1..r5, call results and exit values r0,
 *    a result wants the register of an operand that dies in the same insn (so
 *    2-address ALU code needs no move); a register that an upcoming interval
 *    prefers is avoided when choosing for another value;
 *  - spilled operands are reloaded into scratch registers at each use, so the
 *    number of values kept in registers *across* an insn is capped at
 *    10 - (registers the insn itself may need). This guarantees the emitter
 *    always finds free scratch registers without reserving any globally;
 *  - when something must give, the interval with the lowest use density
 *    (uses per slot) is spilled. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/insn.h"
#include "codegen/regalloc.h"

struct pref_start {
	int32_t start, v;
};

struct ls {
	struct ra_func *ra;
	int owner[RA_NREGS];        /* vreg currently in each register, or -1 */
	uint8_t *cap, *through;     /* per insn: limit and count of values held across */
	struct pref_start *pl[RA_NREGS]; /* upcoming intervals preferring each register */
	size_t pn[RA_NREGS], pp[RA_NREGS];
};

static bool is_operand(const struct ir_insn *in, int v)
{
	int uses[8], n = ra_insn_uses(in, uses);
	if (in->dst == v)
		return true;
	for (int k = 0; k < n; k++) {
		if (uses[k] == v)
			return true;
	}
	return false;
}

/* ---- preferences ---- */

static void pref_if_unset(struct ra_vreg *v, int reg)
{
	if (v->pref < 0)
		v->pref = (int8_t)reg;
}

/* Backward so a copy chain ending in a call argument prefers that register. */
static void set_prefs(struct ra_func *ra)
{
	const struct ir_func *f = ra->f;
	struct ra_vreg *V = ra->v;
	for (size_t i = ra->n; i-- > 0;) {
		const struct ir_insn *in = &f->insns[i];
		if (!(ra->flags[i] & RA_REACH) || (ra->flags[i] & RA_DEAD))
			continue;
		if (in->op == IR_CALL) {
			for (int k = 0; k < in->nargs; k++) {
				if (in->args[k].kind == IR_O_REG)
					pref_if_unset(&V[in->args[k].reg], k + 1);
			}
		} else if (in->op == IR_EXIT && in->a.kind == IR_O_REG) {
			pref_if_unset(&V[in->a.reg], BPF_REG_0);
		} else if (ra_insn_pure(in) && in->op != IR_LOAD && in->a.kind == IR_O_REG &&
			   V[in->a.reg].end == ra_use_slot(i) && V[in->dst].pref >= 0) {
			pref_if_unset(&V[in->a.reg], V[in->dst].pref);
		}
	}
	for (size_t i = 0; i < ra->n; i++) {
		const struct ir_insn *in = &f->insns[i];
		if (in->op == IR_CALL && in->dst >= 0 && (ra->flags[i] & RA_REACH) &&
		    !(ra->flags[i] & RA_NODST))
			pref_if_unset(&V[in->dst], BPF_REG_0);
	}
	if (f->ctx >= 0)
		pref_if_unset(&V[f->ctx], BPF_REG_1);
	for (int v = 0; v < f->nvregs; v++) {
		if (V[v].crosses_call)
			V[v].pref = -1;
	}
}

static void build_pref_lists(struct ls *ls, const int32_t *order, size_t norder)
{
	for (size_t k = 0; k < norder; k++) {
		const struct ra_vreg *v = &ls->ra->v[order[k]];
		if (v->pref < 0)
			continue;
		int r = v->pref;
		if ((ls->pn[r] & (ls->pn[r] - 1)) == 0) /* grow at powers of two */
			ls->pl[r] = xrealloc(ls->pl[r], (ls->pn[r] ? ls->pn[r] * 2 : 4) *
							     sizeof(*ls->pl[r]));
		ls->pl[r][ls->pn[r]++] = (struct pref_start){v->start, order[k]};
	}
}

/* Does another interval that prefers reg r start within v's interval? */
static bool pref_conflict(struct ls *ls, int r, int vi)
{
	const struct ra_vreg *v = &ls->ra->v[vi];
	while (ls->pp[r] < ls->pn[r] && ls->pl[r][ls->pp[r]].start < v->start)
		ls->pp[r]++;
	for (size_t j = ls->pp[r]; j < ls->pn[r] && ls->pl[r][j].start <= v->end; j++) {
		if (ls->pl[r][j].v != vi)
			return true;
	}
	return false;
}

/* ---- per-insn pressure ---- */

static int32_t ifirst(const struct ra_vreg *v) { return ra_first_insn(v->start); }
static int32_t ilast(const struct ls *ls, const struct ra_vreg *v)
{
	int32_t last = ra_last_insn(v->end);
	return last >= (int32_t)ls->ra->n ? (int32_t)ls->ra->n - 1 : last;
}

/* First insn where keeping v in a register would leave too few scratch
 * registers, or -1. */
static int32_t violation(struct ls *ls, int vi)
{
	const struct ra_vreg *v = &ls->ra->v[vi];
	for (int32_t i = ifirst(v), last = ilast(ls, v); i <= last; i++) {
		if (ls->cap[i] < RA_NREGS && ls->through[i] >= ls->cap[i] &&
		    !is_operand(&ls->ra->f->insns[i], vi))
			return i;
	}
	return -1;
}

static void add_through(struct ls *ls, int vi, int delta)
{
	const struct ra_vreg *v = &ls->ra->v[vi];
	for (int32_t i = ifirst(v), last = ilast(ls, v); i <= last; i++) {
		if (ls->cap[i] < RA_NREGS && !is_operand(&ls->ra->f->insns[i], vi))
			ls->through[i] = (uint8_t)(ls->through[i] + delta);
	}
}

/* ---- choosing registers and victims ---- */

/* a is a better spill candidate than b: fewer uses per slot of lifetime. */
static bool spill_before(const struct ra_vreg *a, const struct ra_vreg *b)
{
	uint64_t la = (uint64_t)(a->end - a->start) + 1, lb = (uint64_t)(b->end - b->start) + 1;
	uint64_t wa = (uint64_t)a->uses * lb, wb = (uint64_t)b->uses * la;
	return wa != wb ? wa < wb : a->end > b->end;
}

static void evict(struct ls *ls, int w)
{
	struct ra_vreg *v = &ls->ra->v[w];
	add_through(ls, w, -1);
	ls->owner[v->reg] = -1;
	v->reg = -1;
}

/* Cheapest value held in a register of `mask` (and, if p >= 0, held across insn
 * p) that is a better spill candidate than vi; -1 if none. */
static int pick_victim(struct ls *ls, int vi, unsigned mask, int32_t p)
{
	const struct ra_vreg *V = ls->ra->v;
	int best = -1;
	for (int r = 0; r < RA_NREGS; r++) {
		int w = ls->owner[r];
		if (w < 0 || !(mask & (1u << r)) || !spill_before(&V[w], &V[vi]))
			continue;
		if (p >= 0 && (V[w].end < ra_use_slot((size_t)p) ||
			       is_operand(&ls->ra->f->insns[p], w)))
			continue;
		if (best < 0 || spill_before(&V[w], &V[best]))
			best = w;
	}
	return best;
}

/* The register of an operand that dies where vi is defined (saves a move). */
static int coalesce_reg(struct ls *ls, int vi)
{
	const struct ra_vreg *V = ls->ra->v;
	int32_t s = V[vi].start;
	if (s < 5 || (s - 5) % 4)
		return -1;
	size_t i = (size_t)(s - 5) / 4;
	const struct ir_insn *in = &ls->ra->f->insns[i];
	if (in->dst != vi || !ra_insn_pure(in) || in->op == IR_LOAD || in->op == IR_LDMAP ||
	    in->op == IR_LDFUNC || in->op == IR_LDKSYM)
		return -1;
	if (in->a.kind == IR_O_REG && V[in->a.reg].end == ra_use_slot(i) && V[in->a.reg].reg >= 0)
		return V[in->a.reg].reg;
	if (in->op == IR_ALU && ra_alu_commutes(in->code) && in->b.kind == IR_O_REG &&
	    V[in->b.reg].end == ra_use_slot(i) && V[in->b.reg].reg >= 0)
		return V[in->b.reg].reg;
	return -1;
}

static int choose(struct ls *ls, int vi, unsigned freem)
{
	const struct ra_vreg *v = &ls->ra->v[vi];
	if (!freem)
		return -1;
	if (v->pref >= 0 && (freem & (1u << v->pref)))
		return v->pref;
	int c = coalesce_reg(ls, vi);
	if (c >= 0 && (freem & (1u << c)))
		return c;
	for (int r = 0; r < RA_NREGS; r++) {
		if ((freem & (1u << r)) && !pref_conflict(ls, r, vi))
			return r;
	}
	return __builtin_ctz(freem);
}

static void allocate_one(struct ls *ls, int vi)
{
	struct ra_vreg *v = &ls->ra->v[vi];
	int32_t p;
	while ((p = violation(ls, vi)) >= 0) {
		int w = pick_victim(ls, vi, RA_ALL_REGS, p);
		if (w < 0)
			return; /* v itself is the cheapest to keep on the stack */
		evict(ls, w);
	}
	unsigned mask = v->crosses_call ? RA_CALLEE_SAVED : RA_ALL_REGS, freem = 0;
	for (int r = 0; r < RA_NREGS; r++) {
		if ((mask & (1u << r)) && ls->owner[r] < 0)
			freem |= 1u << r;
	}
	int r = choose(ls, vi, freem);
	if (r < 0) {
		int w = pick_victim(ls, vi, mask, -1);
		if (w < 0)
			return;
		r = ls->ra->v[w].reg;
		evict(ls, w);
	}
	v->reg = (int8_t)r;
	ls->owner[r] = vi;
	add_through(ls, vi, +1);
}

/* ---- driver ---- */

static int by_start(const void *pa, const void *pb)
{
	const struct pref_start *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->v < b->v ? -1 : a->v > b->v;
}

/* Live vregs sorted by interval start (ties by number, for determinism). */
static int32_t *sorted_vregs(const struct ra_func *ra, size_t *n)
{
	struct pref_start *tmp = xmalloc(((size_t)ra->f->nvregs + 1) * sizeof(*tmp));
	size_t k = 0;
	for (int v = 0; v < ra->f->nvregs; v++) {
		if (ra->v[v].start <= ra->v[v].end)
			tmp[k++] = (struct pref_start){ra->v[v].start, v};
	}
	qsort(tmp, k, sizeof(*tmp), by_start);
	int32_t *order = xmalloc((k + 1) * sizeof(*order));
	for (size_t j = 0; j < k; j++)
		order[j] = tmp[j].v;
	free(tmp);
	*n = k;
	return order;
}

static void linear_scan(struct ra_func *ra, const int32_t *order, size_t norder)
{
	struct ls ls = {.ra = ra};
	ls.cap = xmalloc(ra->n);
	ls.through = xcalloc(ra->n, 1);
	for (size_t i = 0; i < ra->n; i++) {
		bool live = (ra->flags[i] & RA_REACH) && !(ra->flags[i] & RA_DEAD);
		ls.cap[i] = (uint8_t)(RA_NREGS - (live ? ra_insn_demand(&ra->f->insns[i]) : 0));
	}
	for (int r = 0; r < RA_NREGS; r++)
		ls.owner[r] = -1;
	build_pref_lists(&ls, order, norder);
	for (size_t k = 0; k < norder; k++) {
		int32_t start = ra->v[order[k]].start;
		for (int r = 0; r < RA_NREGS; r++) {
			if (ls.owner[r] >= 0 && ra->v[ls.owner[r]].end < start)
				ls.owner[r] = -1;
		}
		allocate_one(&ls, order[k]);
	}
	for (int r = 0; r < RA_NREGS; r++)
		free(ls.pl[r]);
	free(ls.cap);
	free(ls.through);
}

/* Spilled intervals that do not overlap share a slot. */
static uint32_t assign_slots(struct ra_func *ra, const int32_t *order, size_t norder,
			     uint32_t base)
{
	VEC(int32_t) slot_end = {0};
	for (size_t k = 0; k < norder; k++) {
		struct ra_vreg *v = &ra->v[order[k]];
		if (v->reg >= 0)
			continue;
		size_t s = 0;
		while (s < slot_end.len && slot_end.data[s] >= v->start)
			s++;
		if (s == slot_end.len)
			vec_push(&slot_end, 0);
		slot_end.data[s] = v->end;
		uint32_t off = base + 8 * (uint32_t)(s + 1);
		v->slot = (int16_t)(off > 32768 ? -32768 : -(int32_t)off);
		ra->nspills++;
	}
	uint32_t total = base + 8 * (uint32_t)slot_end.len;
	vec_free(&slot_end);
	return total;
}

void ra_compute_busy(struct ra_func *ra)
{
	memset(ra->busy, 0, ra->n * sizeof(*ra->busy));
	for (int vi = 0; vi < ra->f->nvregs; vi++) {
		const struct ra_vreg *v = &ra->v[vi];
		if (v->reg < 0)
			continue;
		int32_t last = ra_last_insn(v->end);
		if (last >= (int32_t)ra->n)
			last = (int32_t)ra->n - 1;
		for (int32_t i = ra_first_insn(v->start); i <= last; i++)
			ra->busy[i] |= (uint16_t)(1u << v->reg);
	}
}

int ra_allocate(struct ra_func *ra, char *err, size_t errlen)
{
	size_t norder;
	uint32_t base = ALIGN_UP(ra->f->stack, 8);
	set_prefs(ra);
	int32_t *order = sorted_vregs(ra, &norder);
	linear_scan(ra, order, norder);
	ra->stack = assign_slots(ra, order, norder, base);
	free(order);
	ra_compute_busy(ra);
	if (ra->stack > BPF_STACK_LIMIT) {
		if (err && errlen)
			snprintf(err, errlen,
				 "program needs %u bytes of stack, the BPF limit is %d", ra->stack,
				 BPF_STACK_LIMIT);
		return -E2BIG;
	}
	return 0;
}
