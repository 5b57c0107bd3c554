/* Loops and jumps. Loops are plain bounded loops (a back edge), which the
 * verifier of this kernel accepts when it can walk every iteration. So that
 * it always can, each while / for loop carries a hidden iteration counter
 * with a compile-time cap: the verifier then sees a loop of at most `cap`
 * iterations even when the script's own bound is a runtime value.
 *
 * The cap follows the verifier's budgets: one iteration costs about the
 * body's instruction count (nested loops count fully), and the whole loop
 * must stay well below the 1M instructions the verifier processes; every
 * conditional jump with an unknown outcome leaves a pending state, and at
 * most 8192 may be pending, so the jumps of all iterations count too. A loop
 * whose body alone exceeds the budget is a compile-time error at the loop.
 * A `for` over a range with literal bounds is capped at its exact length
 * (an error when too long); other loops stop after `cap` iterations. */
#include <errno.h>
#include <string.h>

#include "codegen/lower_int.h"

#define LOOP_BUDGET 500000u   /* verifier instructions one outermost loop may cost */
#define LOOP_MAX_ITERS 100000u
#define LOOP_JMP_BUDGET 4000u  /* of the verifier's 8192 pending branch states */

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
	ir_jcc(l->f, BPF_JGE, ir_reg(lp->counter), ir_imm(LOOP_MAX_ITERS), end);
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

/* `$v < 1000`-style conditions: the verifier knows the outcome of each
 * test when $v starts known and moves by constants, leaving no pending
 * states, so the jump budget does not apply (when it cannot, the kernel
 * rejects the loop as bpftrace's would be). */
static bool literal_bound(const struct node *c)
{
	return c && c->kind == N_BINOP && c->op >= OP_EQ && c->op <= OP_GE &&
	       (c->r->kind == N_INT || c->r->kind == N_POSPARAM) && c->l->kind == N_VAR;
}

static int loop_leave(struct lower *l, struct loop *lp, struct node *n, uint64_t exact)
{
	uint64_t insns = l->f->ninsns - lp->start, njmp = cond_jumps(l->f, lp->start);
	uint64_t body = insns + l->loop_extra + 1, jmps = njmp + l->loop_extra_jmps + 1;
	uint64_t budget = LOOP_BUDGET >> (6 * l->loop_nest);
	uint64_t cap = budget / body, jbudget = LOOP_JMP_BUDGET >> (4 * l->loop_nest);
	if (exact == UINT64_MAX && !literal_bound(n->cond))
		cap = MIN(cap, jbudget / jmps);
	else if (jmps > 3) /* the loop's own two tests have known outcomes */
		cap = MIN(cap, jbudget / (jmps - 3));
	l->loop_break = lp->brk;
	l->loop_continue = lp->cont;
	if (exact != UINT64_MAX && exact > cap) {
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
	cap = exact != UINT64_MAX ? exact : MIN(cap, LOOP_MAX_ITERS);
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

static int stmt_while(struct lower *l, struct node *n)
{
	struct loop lp = {.counter = lower_vreg(l)};
	int head = ir_label(l->f), end = ir_label(l->f);
	ir_mov(l->f, lp.counter, ir_imm(0));
	ir_place(l->f, head);
	loop_enter(l, &lp, end, head);
	int err = lower_cond(l, n->cond, end);
	loop_counter(l, &lp, end);
	err = err ? err : loop_body(l, n->then);
	ir_jmp(l->f, head);
	ir_place(l->f, end);
	int e2 = loop_leave(l, &lp, n, UINT64_MAX);
	return err ? err : e2;
}

/* Iterations of a range with literal bounds, else UINT64_MAX. */
static uint64_t range_exact(const struct node *r)
{
	if (r->l->kind != N_INT || r->r->kind != N_INT)
		return UINT64_MAX;
	int64_t a = (int64_t)r->l->num, b = (int64_t)r->r->num;
	return b > a ? (uint64_t)b - (uint64_t)a : 0;
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
	int endv = lower_vreg(l);
	ir_mov(l->f, endv, b);
	v->vreg = lower_vreg(l);
	ir_mov(l->f, v->vreg, a);
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
			return lower_expr_into(l, n->r, lower_var_base(l, v), v->slot,
					       v->type.size, true);
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
	case N_FOR: return stmt_for(l, n);
	case N_UNROLL: return stmt_unroll(l, n);
	case N_BREAK: ir_jmp(l->f, l->loop_break); return 0;
	case N_CONTINUE: ir_jmp(l->f, l->loop_continue); return 0;
	case N_RETURN: ir_jmp(l->f, l->exit_label); return 0;
	default:
		diag_error(l->d, n->loc, "cannot lower %s statements", node_kind_name(n->kind));
		return -EINVAL;
	}
}
