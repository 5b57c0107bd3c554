/* Callback subprograms: loop bodies run by bpf_loop / bpf_for_each_map_elem.
 *
 * A callback is a separate ir_func (ir_func_add_sub on the probe's main
 * function) with its own frame, so it cannot see the caller's vregs or
 * stack slots directly. The caller passes a context block on its stack:
 *
 *   [0]  address of the frame holding memory variables (the probe's fp)
 *   [8]  scratch map value (big variables), when the probe has one
 *   [16] the probe's context pointer (args, cookie, ...)
 *   [24] set to 1 by `return` / exit() inside the callback
 *   [32 + 8k] integer variable k (all of the probe's, in list order)
 *
 *   [32] the integer variables' area (below)
 *   [40] a value for the loop kind's own use (lower_cb_set_arg)
 *
 * Integer variables are passed in a per-CPU map value, `.loopvars` (8 bytes
 * per variable, in the probe's list order), not on the stack: values read
 * from a map are unknown to the verifier, so it checks a bpf_loop body once
 * instead of walking iterations whose `$i` differ ("the sequence of 8193
 * jumps is too complex"). The caller stores them there before the helper
 * call and reloads them after; the callback loads them into its own vregs
 * at entry and stores them back on every way out, so the body reads and
 * writes the enclosing scope's variables. Memory variables are accessed in
 * place through [0] (the verifier allows reaching a caller's stack through
 * a pointer).
 * Exits: continue / end of body return 0, break returns 1 (stop). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/lower_cb.h"

#define CB_VARBASE 0
#define CB_SCRATCH 8
#define CB_PCTX 16
#define CB_RET 24
#define CB_VARS 32
#define CB_ARG 40
#define CB_SIZE 48

static bool int_var(const struct sema_var *v)
{
	return v->type.kind == T_INT || v->type.kind == T_NONE;
}

static size_t count_ints(const struct lower *l)
{
	size_t n = 0;
	for (const struct sema_var *v = l->p->vars; v; v = v->next)
		n += int_var(v);
	return n;
}

/* Copies the integer variables between their vregs and the area at vars. */
static void sync_ints(struct lower *l, int vars, bool to_area)
{
	int32_t at = 0;
	for (struct sema_var *v = l->p->vars; v; v = v->next) {
		if (!int_var(v))
			continue;
		if (to_area)
			ir_store(l->f, ir_reg(vars), at, ir_reg(v->vreg), 8);
		else
			ir_load(l->f, v->vreg, ir_reg(vars), at, 8);
		at += 8;
	}
}

/* The `.loopvars` map, created on first use after the script's maps (room
 * left by lower_maps), big enough for any probe's integer variables. */
static int loopvars_map(struct lower *l)
{
	struct sg_bundle *b = l->b;
	const struct sg_map *have = sg_bundle_map(b, ".loopvars");
	if (have)
		return (int)(have - b->maps);
	size_t most = 1;
	for (size_t i = 0; i < l->s->probes.len; i++) {
		size_t n = 0;
		for (const struct sema_var *v = l->s->probes.data[i]->vars; v; v = v->next)
			n += int_var(v);
		most = MAX(most, n);
	}
	struct sg_map *m = &b->maps[b->nmaps];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(".loopvars");
	m->type = SG_MAP_PERCPU_ARRAY;
	m->key_size = 4;
	m->value_size = (uint32_t)(8 * most);
	m->max_entries = 1;
	return (int)b->nmaps++;
}

/* The variables' area: in a callback, the one it was given; in the probe,
 * looked up (a per-CPU array always has key 0; NULL only skips the probe). */
static int vars_area(struct lower *l)
{
	if (l->cb_vars >= 0)
		return l->cb_vars;
	int32_t key = lower_alloca(l, 4);
	ir_store(l->f, ir_fp(), key, ir_imm(0), 4);
	int p = lower_map_lookup(l, loopvars_map(l), key);
	ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), l->exit_label);
	return p;
}

void lower_cb_block(struct lower *l, struct lower_cb *cb)
{
	memset(cb, 0, sizeof(*cb));
	cb->nints = count_ints(l);
	cb->block = lower_alloca(l, CB_SIZE);
	struct ir_opnd fp = ir_fp();
	int base = l->var_base >= 0 ? l->var_base : lower_addr(l, fp, 0);
	ir_store(l->f, fp, cb->block + CB_VARBASE, ir_reg(base), 8);
	if (l->scratch_reg >= 0)
		ir_store(l->f, fp, cb->block + CB_SCRATCH, ir_reg(l->scratch_reg), 8);
	ir_store(l->f, fp, cb->block + CB_PCTX, ir_reg(l->f->ctx), 8);
	ir_store(l->f, fp, cb->block + CB_RET, ir_imm(0), 8);
	cb->vars = vars_area(l);
	ir_store(l->f, fp, cb->block + CB_VARS, ir_reg(cb->vars), 8);
	sync_ints(l, cb->vars, true);
}

static void save_state(struct lower *l, struct lower_cb *cb)
{
	cb->saved_f = l->f;
	cb->saved_sp = l->sp;
	cb->saved_exit = l->exit_label;
	cb->saved_brk = l->loop_break;
	cb->saved_cont = l->loop_continue;
	cb->saved_scratch = l->scratch_reg;
	cb->saved_base = l->var_base;
	cb->saved_nest = l->loop_nest;
	cb->saved_extra = l->loop_extra;
	cb->saved_jmps = l->loop_extra_jmps;
	cb->saved_vars = l->cb_vars;
	cb->saved_vregs = xcalloc(cb->nints + 1, sizeof(int));
	size_t k = 0;
	for (struct sema_var *v = l->p->vars; v; v = v->next)
		if (int_var(v))
			cb->saved_vregs[k++] = v->vreg;
}

void lower_cb_begin(struct lower *l, struct lower_cb *cb, int nparams, int ctx_param)
{
	save_state(l, cb);
	struct ir_func *f = ir_func_add_sub(l->main_f, nparams, &cb->index);
	ir_set_loc(f, l->f->cur_loc);
	l->f = f;
	l->sp = f->stack;
	l->loop_nest = 0;
	l->loop_extra = l->loop_extra_jmps = 0;
	cb->ctx = lower_vreg(l);
	ir_load(f, cb->ctx, ir_fp(), -8 * (ctx_param + 1), 8);
	l->var_base = lower_vreg(l);
	ir_load(f, l->var_base, ir_reg(cb->ctx), CB_VARBASE, 8);
	if (cb->saved_scratch >= 0) {
		l->scratch_reg = lower_vreg(l);
		ir_load(f, l->scratch_reg, ir_reg(cb->ctx), CB_SCRATCH, 8);
	}
	f->ctx = lower_vreg(l); /* builtins read the probe's context through f->ctx */
	ir_load(f, f->ctx, ir_reg(cb->ctx), CB_PCTX, 8);
	l->cb_vars = lower_vreg(l);
	ir_load(f, l->cb_vars, ir_reg(cb->ctx), CB_VARS, 8);
	for (struct sema_var *v = l->p->vars; v; v = v->next)
		if (int_var(v))
			v->vreg = lower_vreg(l);
	sync_ints(l, l->cb_vars, false);
	cb->brk = ir_label(f);
	cb->cont = ir_label(f);
	cb->ret = ir_label(f);
	l->loop_break = cb->brk;
	l->loop_continue = cb->cont;
	l->exit_label = cb->ret;
}

void lower_cb_set_arg(struct lower *l, const struct lower_cb *cb, struct ir_opnd v)
{
	ir_store(l->f, ir_fp(), cb->block + CB_ARG, v, 8);
}

struct ir_opnd lower_cb_arg(struct lower *l, const struct lower_cb *cb)
{
	int r = lower_vreg(l);
	ir_load(l->f, r, ir_reg(cb->ctx), CB_ARG, 8);
	return ir_reg(r);
}

struct ir_opnd lower_cb_param(struct lower *l, int param)
{
	int r = lower_vreg(l);
	ir_load(l->f, r, ir_fp(), -8 * (param + 1), 8);
	return ir_reg(r);
}

void lower_cb_end(struct lower *l, struct lower_cb *cb)
{
	struct ir_func *f = l->f;
	ir_place(f, cb->cont);
	sync_ints(l, l->cb_vars, true);
	ir_exit(f, ir_imm(0));
	ir_place(f, cb->ret);
	ir_store(f, ir_reg(cb->ctx), CB_RET, ir_imm(1), 8);
	ir_place(f, cb->brk);
	sync_ints(l, l->cb_vars, true);
	ir_exit(f, ir_imm(1));
	l->f = cb->saved_f;
	l->sp = cb->saved_sp;
	l->exit_label = cb->saved_exit;
	l->loop_break = cb->saved_brk;
	l->loop_continue = cb->saved_cont;
	l->scratch_reg = cb->saved_scratch;
	l->var_base = cb->saved_base;
	l->loop_nest = cb->saved_nest;
	l->loop_extra = cb->saved_extra;
	l->loop_extra_jmps = cb->saved_jmps;
	l->cb_vars = cb->saved_vars;
	size_t k = 0;
	for (struct sema_var *v = l->p->vars; v; v = v->next)
		if (int_var(v))
			v->vreg = cb->saved_vregs[k++];
	free(cb->saved_vregs);
	cb->saved_vregs = NULL;
}

int lower_cb_call(struct lower *l, struct lower_cb *cb, int32_t helper, int nargs,
		  const struct ir_opnd *args)
{
	int r = lower_vreg(l);
	ir_call(l->f, r, helper, nargs, args);
	sync_ints(l, cb->vars, false);
	int t = lower_vreg(l);
	ir_load(l->f, t, ir_fp(), cb->block + CB_RET, 8);
	ir_jcc(l->f, BPF_JNE, ir_reg(t), ir_imm(0), l->exit_label);
	return r;
}

struct ir_opnd lower_cb_func(struct lower *l, const struct lower_cb *cb)
{
	int r = lower_vreg(l);
	ir_ldfunc(l->f, r, cb->index);
	return ir_reg(r);
}

struct ir_opnd lower_cb_block_addr(struct lower *l, const struct lower_cb *cb)
{
	return ir_fp_off(cb->block);
}
