/* Loops and jumps. Loops the verifier can walk in full are plain bounded
 * loops (a back edge): a `for` over a range with literal bounds. It carries
 * a hidden iteration counter capped at the range's exact length, and a range
 * too long for the verifier's budgets is a compile-time error: one iteration
 * costs about the body's instruction count (nested loops count fully), and
 * the whole loop must stay well below the 1M instructions the verifier
 * processes; every conditional jump with an unknown outcome leaves a pending
 * state, and at most 8192 may be pending, so the jumps of all iterations
 * count too.
 *
 * Loops whose trip count the verifier cannot know (while, ranges with
 * runtime bounds) are bpf_loop callbacks (lower_cb.c): the verifier checks
 * the body once, and the loop runs until its condition ends it, up to the
 * kernel's BPF_LOOP_MAX (8M) iterations; no hidden smaller cap. */
#include <errno.h>
#include <string.h>

#include "codegen/lower_cb.h"

#define LOOP_BUDGET 500000u   /* verifier instructions one outermost loop may cost */
#define LOOP_JMP_BUDGET 4000u  /* of the verifier's 8192 pending branch states */
#define BPF_LOOP_MAX (1u << 23) /* the kernel's BPF_MAX_LOOPS: bpf_loop's limit */

struct loop {
	int brk, cont;          /* the enclosing loop's labels, restored after */
	size_t start;           /* first insn of the body */
	uint64_t extra;         /* enclosing loop's nested-loop cost, restored after */
	size_t cap_insn;        /* the counter compare whose immediate is the cap */
	uint64_t extra_jmps;    /* enclosing loop's nested-loop jumps, restored after */
	int counter;
};

static void loop_enter(struct lower *l, struct loop *lp, int brk, int cont)
{
	lp->brk = l->loop_break;
	lp->cont = l->loop_continue;
	lp->extra = l->loop_extra;
	lp->extra_jmps = l->loop_extra_jmps;
	l->loop_break = brk;
	l->loop_continue = cont;
	l->loop_extra = 0;
	l->loop_extra_jmps = 0;
	lp->start = l->f->ninsns;
}

/* if (counter >= cap) goto end; counter++  (cap patched by loop_leave) */
static void loop_counter(struct lower *l, struct loop *lp, int end)
{
	ir_jcc(l->f, BPF_JGE, ir_reg(lp->counter), ir_imm(0), end);
	lp->cap_insn = l->f->ninsns - 1;
	ir_alu(l->f, BPF_ADD, lp->counter, ir_reg(lp->counter), ir_imm(1));
}

static uint64_t cond_jumps(const struct ir_func *f, size_t from)
{
	uint64_t n = 0;
	for (size_t i = from; i < f->ninsns; i++)
		n += f->insns[i].op == IR_JCC;
	return n;
}

static int loop_leave(struct lower *l, struct loop *lp, struct node *n, uint64_t exact)
{
	uint64_t insns = l->f->ninsns - lp->start, njmp = cond_jumps(l->f, lp->start);
	uint64_t body = insns + l->loop_extra + 1, jmps = njmp + l->loop_extra_jmps + 1;
	uint64_t budget = LOOP_BUDGET >> (6 * l->loop_nest);
	uint64_t cap = budget / body, jbudget = LOOP_JMP_BUDGET >> (4 * l->loop_nest);
	if (jmps > 3) /* the loop's own two tests have known outcomes */
		cap = MIN(cap, jbudget / (jmps - 3));
	l->loop_break = lp->brk;
	l->loop_continue = lp->cont;
	if (exact > cap) {
		diag_error(l->d, n->loc, "this loop runs %llu times; the BPF verifier can check "
			   "at most %llu iterations of this body", (unsigned long long)exact,
			   (unsigned long long)cap);
		return -E2BIG;
	}
	if (cap < 1) {
		diag_error(l->d, n->loc, "loop body too large for the BPF verifier to prove the "
			   "loop bounded (about %llu instructions per iteration)",
			   (unsigned long long)body);
		return -E2BIG;
	}
	cap = exact;
	l->f->insns[lp->cap_insn].b.imm = (int64_t)cap;
	l->loop_extra = lp->extra + cap * body - insns;
	l->loop_extra_jmps = lp->extra_jmps + cap * jmps - njmp;
	return 0;
}

static int loop_body(struct lower *l, struct node *body)
{
	l->loop_nest++;
	int err = lower_stmt(l, body);
	l->loop_nest--;
	return err;
}

/* while (cond) { body }: a bpf_loop callback that returns 1 (stop) when
 * cond is false; the verifier checks the body once, whatever the number of
 * iterations, which may be up to the kernel's limit of BPF_LOOP_MAX. */
static int stmt_while(struct lower *l, struct node *n)
{
	struct lower_cb cb;
	lower_cb_block(l, &cb);
	lower_cb_begin(l, &cb, 2, 1);
	int err = lower_cond(l, n->cond, cb.brk);
	err = err ? err : lower_stmt(l, n->then);
	lower_cb_end(l, &cb);
	struct ir_opnd args[4] = {ir_imm(BPF_LOOP_MAX), lower_cb_func(l, &cb),
				  lower_cb_block_addr(l, &cb), ir_imm(0)};
	lower_cb_call(l, &cb, BPF_FUNC_loop, 4, args);
	return err;
}

/* Iterations of a range with literal bounds, else UINT64_MAX. */
static uint64_t range_exact(const struct node *r)
{
	if (r->l->kind != N_INT || r->r->kind != N_INT)
		return UINT64_MAX;
	int64_t a = (int64_t)r->l->num, b = (int64_t)r->r->num;
	return b > a ? (uint64_t)b - (uint64_t)a : 0;
}

/* for ($i : a..b) with runtime bounds: bpf_loop(clamp(b - a), cb) where
 * the callback sets $i = a + index (a passed in the block). */
static int for_range_loop(struct lower *l, struct node *n, struct ir_opnd a, struct ir_opnd b)
{
	struct sema_var *v = n->l->res.var;
	int cnt = lower_vreg(l), ok = ir_label(l->f), big = ir_label(l->f);
	ir_alu(l->f, BPF_SUB, cnt, b, a);
	ir_jcc(l->f, BPF_JSGT, ir_reg(cnt), ir_imm(BPF_LOOP_MAX), big);
	ir_jcc(l->f, BPF_JSGE, ir_reg(cnt), ir_imm(0), ok);
	ir_mov(l->f, cnt, ir_imm(0));
	ir_jmp(l->f, ok);
	ir_place(l->f, big);
	ir_mov(l->f, cnt, ir_imm(BPF_LOOP_MAX));
	ir_place(l->f, ok);
	struct lower_cb cb;
	lower_cb_block(l, &cb);
	lower_cb_set_arg(l, &cb, a);
	lower_cb_begin(l, &cb, 2, 1);
	ir_alu(l->f, BPF_ADD, v->vreg, lower_cb_arg(l, &cb), lower_cb_param(l, 0));
	int err = lower_stmt(l, n->then);
	lower_cb_end(l, &cb);
	struct ir_opnd args[4] = {ir_reg(cnt), lower_cb_func(l, &cb), lower_cb_block_addr(l, &cb),
				  ir_imm(0)};
	lower_cb_call(l, &cb, BPF_FUNC_loop, 4, args);
	return err;
}

/* for ($i : a..b): a inclusive, b exclusive, b evaluated once. */
static int stmt_for(struct lower *l, struct node *n)
{
	struct sema_var *v = n->l->res.var;
	struct ir_opnd a, b;
	int err = lower_int(l, n->r->l, &a);
	err = err ? err : lower_int(l, n->r->r, &b);
	if (err)
		return err;
	if (range_exact(n->r) == UINT64_MAX)
		return for_range_loop(l, n, a, b);
	int endv = lower_vreg(l);
	ir_mov(l->f, endv, b);
	ir_mov(l->f, v->vreg, a); /* its vreg is defined at entry: callbacks copy it */
	struct loop lp = {.counter = lower_vreg(l)};
	int head = ir_label(l->f), step = ir_label(l->f), end = ir_label(l->f);
	ir_mov(l->f, lp.counter, ir_imm(0));
	ir_place(l->f, head);
	loop_enter(l, &lp, end, step);
	ir_jcc(l->f, BPF_JSGE, ir_reg(v->vreg), ir_reg(endv), end);
	loop_counter(l, &lp, end);
	err = loop_body(l, n->then);
	ir_place(l->f, step);
	ir_alu(l->f, BPF_ADD, v->vreg, ir_reg(v->vreg), ir_imm(1));
	ir_jmp(l->f, head);
	ir_place(l->f, end);
	int e2 = loop_leave(l, &lp, n, range_exact(n->r));
	return err ? err : e2;
}

/* unroll(N): N copies of the body; continue skips to the next copy. */
static int stmt_unroll(struct lower *l, struct node *n)
{
	int brk = l->loop_break, cont = l->loop_continue;
	int end = ir_label(l->f), err = 0;
	l->loop_break = end;
	for (uint64_t i = 0; i < n->l->num && !err; i++) {
		int next = ir_label(l->f);
		l->loop_continue = next;
		err = lower_stmt(l, n->then);
		ir_place(l->f, next);
	}
	ir_place(l->f, end);
	l->loop_break = brk;
	l->loop_continue = cont;
	return err;
}

/* let $x [= v]: (re)initialises $x each time the declaration runs. */
static int stmt_let(struct lower *l, struct node *n)
{
	struct sema_var *v = n->l->res.var;
	if (v->type.kind == T_STR || (v->type.kind != T_INT && v->type.kind != T_NONE)) {
		if (n->r)
			return lower_tuple_into(l, n->r, &v->type, lower_var_base(l, v), v->slot,
						v->type.size);
		lower_zero(l, lower_var_base(l, v), v->slot, v->type.size);
		return 0;
	}
	struct ir_opnd val = ir_imm(0);
	int err = n->r ? lower_int(l, n->r, &val) : 0;
	if (!err)
		lower_var_set(l, v, val);
	return err;
}

int lower_stmt_ext(struct lower *l, struct node *n)
{
	switch (n->kind) {
	case N_LET: return stmt_let(l, n);
	case N_WHILE: return stmt_while(l, n);
	case N_FOR: return n->r->kind == N_MAP ? lower_for_map(l, n) : stmt_for(l, n);
	case N_UNROLL: return stmt_unroll(l, n);
	case N_BREAK: ir_jmp(l->f, l->loop_break); return 0;
	case N_CONTINUE: ir_jmp(l->f, l->loop_continue); return 0;
	case N_RETURN: ir_jmp(l->f, l->exit_label); return 0;
	default:
		diag_error(l->d, n->loc, "cannot lower %s statements", node_kind_name(n->kind));
		return -EINVAL;
	}
}
