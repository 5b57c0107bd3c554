/* IR validation, control-flow graph and liveness for the register allocator.
 *
 * Liveness is solved with bitsets over "global" vregs only (those read in some
 * block before being written there); every other vreg lives within single
 * blocks and is handled by one backward scan, which keeps the cost near
 * linear for big functions where most values are short-lived temporaries.
 * The same scan drops pure insns whose result is unused and records which
 * values are live across helper calls. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/insn.h"
#include "codegen/regalloc.h"

struct cfg {
	size_t nblocks;
	uint32_t *first, *last; /* insn range of each block */
	int32_t (*succ)[2];     /* successor blocks, -1 = none */
	int32_t *label_block;   /* [nlabels] block that starts at the label */
	uint8_t *reach;         /* [nblocks] */
};

struct live_out {
	int32_t vreg, next; /* next entry of the same block's list, -1 */
};

struct live {
	int32_t nglobals;
	int32_t *gidx;           /* [nvregs] global index or -1 */
	int32_t *gvreg;          /* [nglobals] vreg */
	int32_t *out_head;       /* [nblocks] first live-out entry, -1 */
	VEC(struct live_out) out; /* live-out lists of all blocks */
};

__attribute__((format(printf, 4, 5))) static int fail(char *err, size_t errlen, int rc,
						       const char *fmt, ...)
{
	va_list ap;
	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* ---- operand helpers shared with regalloc.c and emit.c ---- */

bool ra_alu_commutes(uint8_t code)
{
	return code == BPF_ADD || code == BPF_MUL || code == BPF_OR || code == BPF_AND ||
	       code == BPF_XOR;
}

static void add_use(int uses[8], int *n, struct ir_opnd o)
{
	if (o.kind == IR_O_REG)
		uses[(*n)++] = o.reg;
}

int ra_insn_uses(const struct ir_insn *in, int uses[8])
{
	int n = 0;
	switch (in->op) {
	case IR_CALL:
		for (int i = 0; i < in->nargs && i < IR_MAX_ARGS; i++)
			add_use(uses, &n, in->args[i]);
		break;
	case IR_ALU:
	case IR_STORE:
	case IR_XADD:
	case IR_JCC:
		add_use(uses, &n, in->a);
		add_use(uses, &n, in->b);
		break;
	case IR_MOV:
	case IR_NEG:
	case IR_LOAD:
	case IR_EXIT:
	case IR_ENDIAN: add_use(uses, &n, in->a); break;
	default: break;
	}
	return n;
}

bool ra_insn_pure(const struct ir_insn *in)
{
	switch (in->op) {
	case IR_MOV:
	case IR_ALU:
	case IR_NEG:
	case IR_LOAD:
	case IR_LDMAP:
	case IR_LDFUNC:
	case IR_LDKSYM:
	case IR_ENDIAN: return true;
	default: return false;
	}
}

static int distinct(const struct ir_opnd *o[], int n, int dst)
{
	int regs[4], k = 0;
	if (dst >= 0)
		regs[k++] = dst;
	for (int i = 0; i < n; i++) {
		if (o[i]->kind != IR_O_REG)
			continue;
		int dup = 0;
		for (int j = 0; j < k; j++)
			dup |= regs[j] == o[i]->reg;
		if (!dup)
			regs[k++] = o[i]->reg;
	}
	return k;
}

/* An immediate or fp+off that must first be built in a scratch register. */
static int needs_temp(struct ir_opnd o, bool alu32)
{
	if (o.kind == IR_O_IMM)
		return !alu32 && !bpf_fits_imm32(o.imm);
	return o.kind == IR_O_FP && o.imm != 0;
}

int ra_insn_demand(const struct ir_insn *in)
{
	const struct ir_opnd *ab[2] = {&in->a, &in->b};
	switch (in->op) {
	case IR_MOV:
	case IR_NEG:
	case IR_ENDIAN:
	case IR_LOAD: return distinct(ab, 1, in->dst);
	case IR_LDMAP:
	case IR_LDFUNC:
	case IR_LDKSYM: return 1;
	case IR_ALU:
		/* A commutative op may swap a into b's place (see emit_alu). */
		return distinct(ab, 2, in->dst) + needs_temp(in->b, in->alu32) +
		       (ra_alu_commutes(in->code) && needs_temp(in->a, in->alu32)) +
		       (in->b.kind == IR_O_REG && in->b.reg == in->dst &&
			!ra_alu_commutes(in->code));
	case IR_STORE:
		return distinct(ab, 2, -1) +
		       (in->size == 8 ? needs_temp(in->b, false) : in->b.kind == IR_O_FP);
	case IR_XADD: return distinct(ab, 2, -1) + (in->b.kind != IR_O_REG);
	case IR_JCC:
		return distinct(ab, 2, -1) + (in->a.kind != IR_O_REG) + needs_temp(in->b, false);
	default: return 0;
	}
}

/* ---- validation ---- */

struct vctx {
	const struct ir_func *f;
	size_t i;
	char *err;
	size_t errlen;
};

static int bad(struct vctx *c, const char *what)
{
	return fail(c->err, c->errlen, -EINVAL, "internal error: malformed IR at insn %zu: %s",
		    c->i, what);
}

/* allow: bitmask of (1 << IR_O_*) kinds accepted for this operand. */
static int check_opnd(struct vctx *c, struct ir_opnd o, unsigned allow, const char *name)
{
	if ((unsigned)o.kind > IR_O_FP || !(allow & (1u << o.kind)))
		return bad(c, name);
	if (o.kind == IR_O_REG && (o.reg < 0 || o.reg >= c->f->nvregs))
		return bad(c, "virtual register out of range");
	/* Below the allocas are the spill slots: the IR must not address them. */
	if (o.kind == IR_O_FP && (o.imm < -(int64_t)c->f->stack || o.imm > 0))
		return bad(c, "frame pointer offset outside the allocated stack");
	return 0;
}

#define K_REG (1u << IR_O_REG)
#define K_IMM (1u << IR_O_IMM)
#define K_FP (1u << IR_O_FP)

static int check_dst(struct vctx *c, int dst, bool optional)
{
	if (dst == -1 && optional)
		return 0;
	if (dst < 0 || dst >= c->f->nvregs)
		return bad(c, "bad destination register");
	return 0;
}

static int check_mem(struct vctx *c, const struct ir_insn *in)
{
	int64_t off = in->off + (in->a.kind == IR_O_FP ? in->a.imm : 0);
	if (bpf_size_code(in->size) == 0xff)
		return bad(c, "bad access size");
	if (in->op == IR_XADD && in->size != 4 && in->size != 8)
		return bad(c, "atomic add must be 4 or 8 bytes");
	if (off < INT16_MIN || off > INT16_MAX)
		return bad(c, "memory offset out of range");
	if (in->a.kind == IR_O_FP && (off < -(int64_t)c->f->stack || off + in->size > 0))
		return bad(c, "stack access outside the allocated stack");
	int rc = check_opnd(c, in->a, K_REG | K_FP, "bad memory base");
	if (rc)
		return rc;
	if (in->op == IR_LOAD)
		return check_dst(c, in->dst, false);
	return check_opnd(c, in->b, K_REG | K_IMM | K_FP, "bad stored value");
}

static bool valid_alu(uint8_t code)
{
	switch (code) {
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_DIV: case BPF_MOD: case BPF_OR:
	case BPF_AND: case BPF_XOR: case BPF_LSH: case BPF_RSH: case BPF_ARSH: return true;
	}
	return false;
}

static bool valid_jcc(uint8_t code)
{
	switch (code) {
	case BPF_JEQ: case BPF_JNE: case BPF_JGT: case BPF_JGE: case BPF_JLT: case BPF_JLE:
	case BPF_JSGT: case BPF_JSGE: case BPF_JSLT: case BPF_JSLE: case BPF_JSET: return true;
	}
	return false;
}

static int check_call(struct vctx *c, const struct ir_insn *in)
{
	if (in->nargs > IR_MAX_ARGS)
		return bad(c, "too many helper arguments");
	if (in->helper <= 0)
		return bad(c, "bad helper id");
	for (int k = 0; k < in->nargs; k++) {
		int rc = check_opnd(c, in->args[k], K_REG | K_IMM | K_FP, "bad helper argument");
		if (rc)
			return rc;
	}
	return check_dst(c, in->dst, true);
}

static int check_label(struct vctx *c, int label)
{
	if (label < 0 || label >= c->f->nlabels)
		return bad(c, "label out of range");
	return 0;
}

/* MOV, ALU, NEG, ENDIAN: dst = f(operands). */
static int check_compute(struct vctx *c, const struct ir_insn *in)
{
	const unsigned val = K_REG | K_IMM | K_FP;
	int rc = 0;
	switch (in->op) {
	case IR_MOV: rc = check_opnd(c, in->a, val, "bad mov source"); break;
	case IR_ALU:
		if (!valid_alu(in->code))
			return bad(c, "bad ALU operation");
		rc = check_opnd(c, in->a, val, "bad ALU operand") ?:
		     check_opnd(c, in->b, val, "bad ALU operand");
		break;
	case IR_NEG: rc = check_opnd(c, in->a, K_REG | K_IMM, "bad neg operand"); break;
	default:
		if ((in->code != BPF_TO_BE && in->code != BPF_TO_LE) ||
		    (in->imm != 16 && in->imm != 32 && in->imm != 64))
			return bad(c, "bad byte swap");
		rc = check_opnd(c, in->a, K_REG | K_IMM, "bad byte swap operand");
		break;
	}
	return rc ?: check_dst(c, in->dst, false);
}

static int check_insn(struct vctx *c, const struct ir_insn *in)
{
	switch (in->op) {
	case IR_MOV:
	case IR_ALU:
	case IR_NEG:
	case IR_ENDIAN: return check_compute(c, in);
	case IR_LOAD:
	case IR_STORE:
	case IR_XADD: return check_mem(c, in);
	case IR_LDMAP:
		if (in->imm < 0 || in->imm > INT32_MAX)
			return bad(c, "bad map index");
		return check_dst(c, in->dst, false);
	case IR_LDFUNC:
		if (in->imm < 0 || in->imm > INT32_MAX) /* range: checked by codegen_emit */
			return bad(c, "bad subprogram index");
		return check_dst(c, in->dst, false);
	case IR_LDKSYM:
		if (in->imm <= 0 || in->imm > INT32_MAX)
			return bad(c, "bad BTF id");
		return check_dst(c, in->dst, false);
	case IR_CALL: return check_call(c, in);
	case IR_JCC:
		if (!valid_jcc(in->code))
			return bad(c, "bad jump condition");
		return check_opnd(c, in->a, K_REG | K_IMM, "bad jump operand") ?:
		       check_opnd(c, in->b, K_REG | K_IMM | K_FP, "bad jump operand") ?:
		       check_label(c, in->label);
	case IR_JMP:
	case IR_LABEL: return check_label(c, in->label);
	case IR_EXIT: return check_opnd(c, in->a, K_REG | K_IMM, "bad exit value");
	}
	return bad(c, "unknown opcode");
}

static int validate(const struct ir_func *f, char *err, size_t errlen)
{
	struct vctx c = {f, 0, err, errlen};
	if (f->ninsns == 0 || f->ninsns > (size_t)INT32_MAX / 8)
		return fail(err, errlen, -EINVAL, "internal error: function has %zu instructions",
			    f->ninsns);
	if (f->nvregs < 0 || f->nlabels < 0 || f->ctx < -1 || f->ctx >= f->nvregs ||
	    f->nparams < 0 || f->nparams > 5 || f->stack < 8u * (uint32_t)f->nparams)
		return fail(err, errlen, -EINVAL, "internal error: bad function header");
	for (c.i = 0; c.i < f->ninsns; c.i++) {
		int rc = check_insn(&c, &f->insns[c.i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- control-flow graph ---- */

static bool ends_block(const struct ir_insn *in)
{
	return in->op == IR_JMP || in->op == IR_JCC || in->op == IR_EXIT;
}

static bool jcc_const_taken(const struct ir_insn *in)
{
	uint64_t a = (uint64_t)in->a.imm, b = (uint64_t)in->b.imm;
	int64_t sa = in->a.imm, sb = in->b.imm;
	switch (in->code) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSGT: return sa > sb;
	case BPF_JSGE: return sa >= sb;
	case BPF_JSLT: return sa < sb;
	case BPF_JSLE: return sa <= sb;
	default: return (a & b) != 0;
	}
}

static void cfg_free(struct cfg *g)
{
	free(g->first);
	free(g->last);
	free(g->succ);
	free(g->label_block);
	free(g->reach);
}

static int cfg_blocks(struct cfg *g, const struct ir_func *f, char *err, size_t errlen)
{
	size_t n = f->ninsns, nb = 0;
	g->first = xmalloc(n * sizeof(*g->first));
	g->last = xmalloc(n * sizeof(*g->last));
	g->label_block = xmalloc(((size_t)f->nlabels + 1) * sizeof(*g->label_block));
	for (int l = 0; l < f->nlabels; l++)
		g->label_block[l] = -1;
	for (size_t i = 0; i < n; i++) {
		const struct ir_insn *in = &f->insns[i];
		if (i == 0 || in->op == IR_LABEL || ends_block(&f->insns[i - 1]))
			g->first[nb++] = (uint32_t)i;
		g->last[nb - 1] = (uint32_t)i;
		if (in->op != IR_LABEL)
			continue;
		if (g->label_block[in->label] >= 0)
			return fail(err, errlen, -EINVAL, "internal error: label L%d placed twice",
				    in->label);
		g->label_block[in->label] = (int32_t)nb - 1;
	}
	g->nblocks = nb;
	return 0;
}

static int cfg_edges(struct cfg *g, const struct ir_func *f, uint8_t *flags, char *err,
		     size_t errlen)
{
	g->succ = xmalloc(g->nblocks * sizeof(*g->succ));
	for (size_t b = 0; b < g->nblocks; b++) {
		const struct ir_insn *in = &f->insns[g->last[b]];
		int32_t next = b + 1 < g->nblocks ? (int32_t)b + 1 : -2, target = -1;
		if (in->op == IR_JMP || in->op == IR_JCC) {
			target = g->label_block[in->label];
			if (target < 0)
				return fail(err, errlen, -EINVAL, "internal error: jump to "
					    "label L%d that is never placed", in->label);
		}
		if (in->op == IR_JCC && in->a.kind == IR_O_IMM && in->b.kind == IR_O_IMM) {
			bool taken = jcc_const_taken(in);
			flags[g->last[b]] |= taken ? RA_TAKEN : RA_NEVER;
			if (taken)
				next = target;
			target = -1;
		} else if (in->op == IR_JMP || in->op == IR_EXIT) {
			next = in->op == IR_JMP ? target : -1;
			target = -1;
		}
		g->succ[b][0] = next;
		g->succ[b][1] = target;
	}
	return 0;
}

/* Marks reachable blocks; a reachable block that falls off the end is an error. */
static int cfg_reach(struct cfg *g, const struct ir_func *f, uint8_t *flags, char *err,
		     size_t errlen)
{
	int32_t *stack = xmalloc(g->nblocks * sizeof(*stack));
	size_t sp = 0;
	int rc = 0;
	g->reach = xcalloc(g->nblocks, 1);
	g->reach[0] = 1;
	stack[sp++] = 0;
	while (sp && !rc) {
		int32_t b = stack[--sp];
		for (uint32_t i = g->first[b]; i <= g->last[b]; i++)
			flags[i] |= RA_REACH;
		for (int k = 0; k < 2; k++) {
			int32_t s = g->succ[b][k];
			if (s == -2)
				rc = fail(err, errlen, -EINVAL, "internal error: control "
					  "reaches the end of %s without exit",
					  f->name ? f->name : "the function");
			else if (s >= 0 && !g->reach[s])
				g->reach[s] = 1, stack[sp++] = s;
		}
	}
	free(stack);
	return rc;
}

/* ---- global liveness ----
 *
 * Solved per global vreg, not with a bitset per block: from each block
 * that reads the vreg before writing it, walk predecessors backwards until
 * blocks that write it. The cost is the size of the live ranges, so a
 * program of 40 000 printf()s (as many blocks and globals) takes
 * milliseconds instead of gigabytes of bitsets. */

static void live_free(struct live *l)
{
	free(l->gidx);
	free(l->gvreg);
	free(l->out_head);
	vec_free(&l->out);
}

/* Globals: vregs read in some reachable block before that block writes them. */
static void find_globals(struct live *l, const struct ir_func *f, const struct cfg *g)
{
	int32_t *stamp = xmalloc(((size_t)f->nvregs + 1) * sizeof(*stamp)), ng = 0;
	l->gidx = xmalloc(((size_t)f->nvregs + 1) * sizeof(*l->gidx));
	l->gvreg = xmalloc(((size_t)f->nvregs + 1) * sizeof(*l->gvreg));
	for (int v = 0; v < f->nvregs; v++)
		stamp[v] = -1, l->gidx[v] = -1;
	for (size_t b = 0; b < g->nblocks; b++) {
		for (uint32_t i = g->first[b]; g->reach[b] && i <= g->last[b]; i++) {
			int uses[8], nu = ra_insn_uses(&f->insns[i], uses);
			for (int k = 0; k < nu; k++) {
				if (stamp[uses[k]] != (int32_t)b && l->gidx[uses[k]] < 0)
					l->gvreg[ng] = uses[k], l->gidx[uses[k]] = ng++;
			}
			if (f->insns[i].dst >= 0)
				stamp[f->insns[i].dst] = (int32_t)b;
		}
	}
	l->nglobals = ng;
	free(stamp);
}

/* (global, block) pairs grouped by global: start[g] .. start[g + 1]. */
struct by_global {
	uint32_t *start;
	int32_t *block;
};

static void by_global_free(struct by_global *x)
{
	free(x->start);
	free(x->block);
}

/* Per global: the blocks reading it before writing it (ue) and the blocks
 * writing it (def). One scan with per-vreg stamps, then a counting sort. */
struct pair {
	int32_t g, b;
};
typedef VEC(struct pair) pair_vec;

static void group(pair_vec *v, int32_t ng, struct by_global *out)
{
	out->start = xcalloc((size_t)ng + 2, sizeof(*out->start));
	out->block = xmalloc((v->len + 1) * sizeof(*out->block));
	for (size_t i = 0; i < v->len; i++)
		out->start[v->data[i].g + 2]++;
	for (int32_t k = 2; k < ng + 2; k++)
		out->start[k] += out->start[k - 1];
	for (size_t i = 0; i < v->len; i++)
		out->block[out->start[v->data[i].g + 1]++] = v->data[i].b;
	vec_free(v);
}

static void block_sets(const struct live *l, const struct ir_func *f, const struct cfg *g,
		       struct by_global *ue, struct by_global *def)
{
	int32_t *used = xmalloc(((size_t)l->nglobals + 1) * sizeof(int32_t));
	int32_t *defd = xmalloc(((size_t)l->nglobals + 1) * sizeof(int32_t));
	for (int32_t k = 0; k < l->nglobals; k++)
		used[k] = defd[k] = -1;
	pair_vec uv = {0}, dv = {0};
	for (int32_t b = 0; b < (int32_t)g->nblocks; b++) {
		for (uint32_t i = g->first[b]; g->reach[b] && i <= g->last[b]; i++) {
			int uses[8], nu = ra_insn_uses(&f->insns[i], uses);
			for (int k = 0; k < nu; k++) {
				int32_t gi = l->gidx[uses[k]];
				if (gi >= 0 && defd[gi] != b && used[gi] != b) {
					used[gi] = b;
					vec_push(&uv, ((struct pair){gi, b}));
				}
			}
			int d = f->insns[i].dst;
			if (d >= 0 && l->gidx[d] >= 0 && defd[l->gidx[d]] != b) {
				defd[l->gidx[d]] = b;
				vec_push(&dv, ((struct pair){l->gidx[d], b}));
			}
		}
	}
	group(&uv, l->nglobals, ue);
	group(&dv, l->nglobals, def);
	free(used);
	free(defd);
}

/* Reachable predecessors of every block, grouped like by_global. */
static void preds(const struct cfg *g, struct by_global *p)
{
	pair_vec v = {0};
	for (int32_t b = 0; b < (int32_t)g->nblocks; b++)
		for (int k = 0; g->reach[b] && k < 2; k++)
			if (g->succ[b][k] >= 0)
				vec_push(&v, ((struct pair){g->succ[b][k], b}));
	group(&v, (int32_t)g->nblocks, p);
}

struct solver {
	struct live *l;
	struct by_global ue, def, pred;
	int32_t *in, *out, *defs; /* [nblocks]: the global last marked there */
	VEC(int32_t) work;
};

static void mark_out(struct solver *s, int32_t b, int32_t gi)
{
	struct live *l = s->l;
	if (s->out[b] == gi)
		return;
	s->out[b] = gi;
	vec_push(&l->out, ((struct live_out){l->gvreg[gi], l->out_head[b]}));
	l->out_head[b] = (int32_t)l->out.len - 1;
	if (s->defs[b] != gi && s->in[b] != gi) {
		s->in[b] = gi;
		vec_push(&s->work, b);
	}
}

static void solve_global(struct solver *s, int32_t gi)
{
	for (uint32_t k = s->def.start[gi]; k < s->def.start[gi + 1]; k++)
		s->defs[s->def.block[k]] = gi;
	for (uint32_t k = s->ue.start[gi]; k < s->ue.start[gi + 1]; k++) {
		int32_t b = s->ue.block[k];
		if (s->in[b] != gi) {
			s->in[b] = gi;
			vec_push(&s->work, b);
		}
	}
	while (s->work.len) {
		int32_t b = s->work.data[--s->work.len];
		for (uint32_t k = s->pred.start[b]; k < s->pred.start[b + 1]; k++)
			mark_out(s, s->pred.block[k], gi);
	}
}

static void solve(struct live *l, const struct ir_func *f, const struct cfg *g)
{
	struct solver s = {.l = l};
	size_t nb = g->nblocks + 1;
	block_sets(l, f, g, &s.ue, &s.def);
	preds(g, &s.pred);
	s.in = xmalloc(nb * sizeof(int32_t));
	s.out = xmalloc(nb * sizeof(int32_t));
	s.defs = xmalloc(nb * sizeof(int32_t));
	l->out_head = xmalloc(nb * sizeof(int32_t));
	for (size_t b = 0; b < nb; b++)
		s.in[b] = s.out[b] = s.defs[b] = l->out_head[b] = -1;
	for (int32_t gi = 0; gi < l->nglobals; gi++)
		solve_global(&s, gi);
	by_global_free(&s.ue);
	by_global_free(&s.def);
	by_global_free(&s.pred);
	free(s.in);
	free(s.out);
	free(s.defs);
	vec_free(&s.work);
}

/* ---- final backward scan: intervals, call crossings, dead code ---- */

struct scan {
	struct ra_func *ra;
	uint8_t *live;      /* [nvregs] */
	int32_t *list, *pos; /* dense list of live vregs */
	size_t nlive;
	uint32_t *weight;   /* [n] spill cost of one use at insn i (loops count more) */
};

/* Each use costs 8^loop-depth: a backward jump from j to a label at l
 * makes [l, j] one level deeper (a difference array keeps this linear). */
static uint32_t *loop_weights(const struct ir_func *f, const struct cfg *g)
{
	size_t n = f->ninsns;
	int32_t *delta = xcalloc(n + 1, sizeof(*delta));
	uint32_t *w = xmalloc(n * sizeof(*w));
	for (size_t j = 0; j < n; j++) {
		const struct ir_insn *in = &f->insns[j];
		if (in->op != IR_JMP && in->op != IR_JCC)
			continue;
		uint32_t l = g->first[g->label_block[in->label]];
		if (l <= j)
			delta[l]++, delta[j + 1]--;
	}
	int32_t depth = 0;
	for (size_t i = 0; i < n; i++) {
		depth += delta[i];
		w[i] = 1u << (3 * MIN(depth, 5));
	}
	free(delta);
	return w;
}

static void extend(struct ra_vreg *v, int32_t slot)
{
	if (slot < v->start)
		v->start = slot;
	if (slot > v->end)
		v->end = slot;
}

static void add_weight(struct ra_vreg *v, uint32_t w)
{
	v->uses = v->uses > UINT32_MAX - w ? UINT32_MAX : v->uses + w;
}

static void live_add(struct scan *s, int v)
{
	if (s->live[v])
		return;
	s->live[v] = 1;
	s->pos[v] = (int32_t)s->nlive;
	s->list[s->nlive++] = v;
}

static void live_del(struct scan *s, int v)
{
	if (!s->live[v])
		return;
	int32_t last = s->list[--s->nlive];
	s->list[s->pos[v]] = last;
	s->pos[last] = s->pos[v];
	s->live[v] = 0;
}

static bool late_b(const struct ir_insn *in)
{
	return in->op == IR_ALU && in->b.kind == IR_O_REG && !ra_alu_commutes(in->code) &&
	       !(in->a.kind == IR_O_REG && in->a.reg == in->b.reg) && in->b.reg != in->dst;
}

static void scan_insn(struct scan *s, size_t i)
{
	const struct ir_insn *in = &s->ra->f->insns[i];
	struct ra_vreg *v = s->ra->v;
	int d = in->dst;
	if (ra_insn_pure(in) && !s->live[d]) {
		s->ra->flags[i] |= RA_DEAD;
		return;
	}
	if (in->op == IR_CALL) {
		for (size_t k = 0; k < s->nlive; k++)
			v[s->list[k]].crosses_call |= s->list[k] != d;
		if (d >= 0 && !s->live[d])
			s->ra->flags[i] |= RA_NODST;
	}
	if (d >= 0 && s->live[d]) {
		extend(&v[d], ra_def_slot(i));
		add_weight(&v[d], s->weight[i]);
		live_del(s, d);
	}
	if (late_b(in))
		s->ra->flags[i] |= RA_LATE_B;
	int uses[8], nu = ra_insn_uses(in, uses);
	for (int k = 0; k < nu; k++) {
		bool late = (s->ra->flags[i] & RA_LATE_B) && k == nu - 1;
		extend(&v[uses[k]], late ? ra_def_slot(i) : ra_use_slot(i));
		add_weight(&v[uses[k]], s->weight[i]);
		live_add(s, uses[k]);
	}
}

static int scan_block(struct scan *s, const struct live *l, const struct cfg *g, size_t b,
		      char *err, size_t errlen)
{
	uint32_t first = g->first[b], last = g->last[b];
	for (int32_t e = l->out_head[b]; e >= 0; e = l->out.data[e].next) {
		int v = l->out.data[e].vreg;
		extend(&s->ra->v[v], ra_out_slot(last));
		live_add(s, v);
	}
	for (uint32_t i = last + 1; i-- > first;)
		scan_insn(s, i);
	int rc = 0;
	while (s->nlive) {
		int v = s->list[s->nlive - 1];
		if (b == 0 && v != s->ra->f->ctx && !rc)
			rc = fail(err, errlen, -EINVAL,
				  "internal error: %%%d is used before it is assigned", v);
		extend(&s->ra->v[v], b == 0 ? RA_ENTRY_SLOT : ra_in_slot(first));
		live_del(s, v);
	}
	return rc;
}

static int intervals(struct ra_func *ra, const struct live *l, const struct cfg *g, char *err,
		     size_t errlen)
{
	size_t nv = (size_t)ra->f->nvregs + 1;
	struct scan s = {ra, xcalloc(nv, 1), xmalloc(nv * sizeof(int32_t)),
			 xmalloc(nv * sizeof(int32_t)), 0, loop_weights(ra->f, g)};
	int rc = 0;
	for (size_t b = g->nblocks; b-- > 0 && !rc;) {
		if (g->reach[b])
			rc = scan_block(&s, l, g, b, err, errlen);
	}
	free(s.live);
	free(s.list);
	free(s.pos);
	free(s.weight);
	return rc;
}

int ra_analyze(struct ra_func *ra, const struct ir_func *f, char *err, size_t errlen)
{
	struct cfg g = {0};
	struct live l = {0};
	memset(ra, 0, sizeof(*ra));
	ra->f = f;
	int rc = validate(f, err, errlen);
	if (rc)
		return rc;
	ra->n = f->ninsns;
	ra->flags = xcalloc(ra->n, 1);
	ra->busy = xcalloc(ra->n, sizeof(*ra->busy));
	ra->v = xcalloc((size_t)f->nvregs + 1, sizeof(*ra->v));
	for (int v = 0; v < f->nvregs; v++)
		ra->v[v] = (struct ra_vreg){.start = INT32_MAX, .end = -1, .pref = -1, .reg = -1};
	rc = cfg_blocks(&g, f, err, errlen);
	if (!rc)
		rc = cfg_edges(&g, f, ra->flags, err, errlen);
	if (!rc)
		rc = cfg_reach(&g, f, ra->flags, err, errlen);
	if (rc)
		goto cleanup;
	find_globals(&l, f, &g);
	solve(&l, f, &g);
	rc = intervals(ra, &l, &g, err, errlen);
cleanup:
	live_free(&l);
	cfg_free(&g);
	return rc;
}

void ra_free(struct ra_func *ra)
{
	if (!ra)
		return;
	free(ra->v);
	free(ra->flags);
	free(ra->busy);
	memset(ra, 0, sizeof(*ra));
}
