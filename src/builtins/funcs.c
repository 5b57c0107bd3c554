/* Functions: one table entry each (check + lowering). Aggregations are in agg.c. */
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>

#include "builtins/funcs_int.h"
#include "codegen/lower.h"
#include "sema/btf.h"
#include "sema/probes.h"
#include "sema/sema_int.h"

static int check_args(struct sema *s, struct node *call)
{
	int err = 0;
	for (struct node *a = call->args; a; a = a->next) {
		int e = sema_expr(s, a);
		err = err ? err : e;
	}
	return err;
}

static int void_result(struct node *call)
{
	call->type = type_void();
	return 0;
}

/* ---- printf / print(value) records ---- */

struct rec_fill {
	struct node *args;
	struct sg_value_desc *desc;
};

/* Lays out values as record fields after the u64 event id. */
static uint32_t layout(struct node *args, struct sg_value_desc *tuple)
{
	uint32_t off = 8, n = (uint32_t)node_list_len(args), i = 0;
	tuple->kind = SG_V_TUPLE;
	tuple->nelems = n;
	tuple->elems = n ? xcalloc(n, sizeof(*tuple->elems)) : NULL;
	for (struct node *a = args; a; a = a->next, i++) {
		/* print(true) shows "true", printf("%s", SOME_ENUMERATOR) its name */
		struct type t = a->type.kind == T_INT ? type_int_widened(&a->type) : a->type;
		type_to_desc(&t, off, &tuple->elems[i]);
		off += ALIGN_UP(t.size, 8);
	}
	return off;
}

static int fill_record(struct lower *l, int rec, void *arg)
{
	struct rec_fill *rf = arg;
	uint32_t i = 0;
	for (struct node *a = rf->args; a; a = a->next, i++) {
		const struct sg_value_desc *d = &rf->desc->elems[i];
		int err = lower_expr_into(l, a, ir_reg(rec), (int32_t)d->offset, d->size, false);
		if (err)
			return err;
	}
	return 0;
}

static int record_event(struct lower *l, struct node *call, enum sg_action act,
			struct node *args, const char *fmt)
{
	int id = lower_add_event(l, act, &call->loc);
	struct sg_event *ev = &l->b->events[id];
	ev->fmt = fmt ? xstrdup(fmt) : NULL;
	uint32_t size = layout(args, &ev->args);
	struct rec_fill rf = {.args = args, .desc = &l->b->events[id].args};
	return lower_event(l, id, size, fill_record, &rf);
}

int funcs_record_event(struct lower *l, struct node *call, enum sg_action act,
		       struct node *args, const char *fmt)
{
	return record_event(l, call, act, args, fmt);
}

static int check_printf(struct sema *s, struct node *call)
{
	int err = check_args(s, call);
	if (err)
		return err;
	struct node *fmt = call->args;
	if (fmt->kind != N_STR)
		return sema_err(s, fmt->loc, "printf: the format must be a string literal");
	s->needs_events = true;
	err = printf_check_format(s, call, fmt, fmt->next);
	return err ? err : void_result(call);
}

static int lower_printf(struct lower *l, struct node *call, struct val *out)
{
	return record_event(l, call, SG_ACT_PRINTF, call->args->next, call->args->str);
}

/* ---- print / clear / zero: actions on a whole map, done in user space ---- */

static int check_whole_map(struct sema *s, struct node *call)
{
	struct node *m = call->args;
	if (m->kind != N_MAP || m->args)
		return sema_err(s, m->loc, "%s() expects a map without a key, e.g. %s(@m)",
				call->name, call->name);
	m->res.map = sema_map_get(s, m->name, m->loc);
	s->needs_events = true;
	return void_result(call);
}

static int map_action(struct lower *l, struct node *call, enum sg_action act)
{
	int id = lower_add_event(l, act, &call->loc);
	l->b->events[id].map = call->args->res.map->index;
	return lower_event(l, id, 8, NULL, NULL);
}

/* print(args): the probe's arguments as one record { .f = v, ... }, built
 * like a tuple of args.f reads (an N_TUPLE marked as a record, see
 * sema_tuple_expr), so that it prints with its field names. */
static void args_record(struct node *call)
{
	struct node *a = call->args, *rec = node_new(N_TUPLE, a->loc), **tail = &rec->args;
	rec->post = 1;
	for (uint32_t i = 0; a->type.rec && i < a->type.rec->nfields; i++) {
		struct node *f = node_new(N_FIELD, a->loc), *args = node_new(N_BUILTIN, a->loc);
		args->name = xstrdup(a->name);
		f->l = args;
		f->name = xstrdup(a->type.rec->fields[i].name);
		*tail = f;
		tail = &f->next;
	}
	rec->next = a->next;
	a->next = NULL;
	node_free(a);
	call->args = rec;
}

static int check_print(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	if (a->kind == N_MAP && !a->args) {
		/* print(@m, top, div): like bpftrace, integer literals only. */
		for (struct node *x = a->next; x; x = x->next)
			if (x->kind != N_INT || x->num > UINT32_MAX)
				return sema_err(s, x->loc, "print(@map, top, div) expects "
					       "non-negative integer literals");
		return check_whole_map(s, call);
	}
	if (a->next)
		return sema_err(s, a->next->loc, "print(value) takes one argument");
	int err = sema_expr(s, a);
	s->needs_events = true;
	if (!err && a->type.kind == T_CTX) {
		args_record(call);
		a = call->args;
		err = sema_expr(s, a);
	}
	if (!err && (a->type.kind == T_RECORD || a->type.kind == T_ARRAY || a->type.kind == T_TUPLE))
		err = sema_btf_value(s, a->loc, &a->type);
	return err ? err : void_result(call);
}

static int lower_print(struct lower *l, struct node *call, struct val *out)
{
	struct node *a = call->args;
	if (a->kind == N_MAP && !a->args) {
		int id = lower_add_event(l, SG_ACT_PRINT_MAP, &call->loc);
		struct sg_event *ev = &l->b->events[id];
		ev->map = a->res.map->index;
		if (a->next)
			ev->top = (uint32_t)a->next->num;
		if (a->next && a->next->next)
			ev->div = (uint32_t)a->next->next->num;
		return lower_event(l, id, 8, NULL, NULL);
	}
	return record_event(l, call, SG_ACT_PRINT_VALUE, a, NULL);
}

static int lower_clear(struct lower *l, struct node *call, struct val *out)
{
	return map_action(l, call, SG_ACT_CLEAR_MAP);
}

static int lower_zero_map(struct lower *l, struct node *call, struct val *out)
{
	return map_action(l, call, SG_ACT_ZERO_MAP);
}

/* ---- delete(@m[k]) and delete(@m, k) ---- */

/* delete(@m, (k1, k2)) of a map written @m[k1, k2]: newest bpftrace's
 * multi-key maps are keyed by that tuple; a map keyed by one tuple stays. */
static void splat_tuple_key(struct sema *s, struct node *m)
{
	struct node *k = m->args;
	const struct sema_map *sm = sema_map_get(s, m->name, m->loc);
	if (k->kind != N_TUPLE || (sm->key_known && sm->nkeys == 1))
		return;
	m->args = k->args;
	k->args = NULL;
	node_free(k);
}

static int check_delete(struct sema *s, struct node *call)
{
	struct node *m = call->args;
	if (m->kind != N_MAP)
		return sema_err(s, m->loc, "delete() expects a map element: delete(@m[key]) or delete(@m, key)");
	if (m->next) {
		if (m->args)
			return sema_err(s, m->next->loc, "delete(@m[key]) takes no second argument");
		/* delete(@m, key): the same as delete(@m[key]). */
		m->args = m->next;
		m->next = NULL;
		splat_tuple_key(s, m);
	}
	int err = sema_map_keys(s, m);
	if (!err && m->res.map)
		m->res.map->needs_hash = true;
	return err ? err : void_result(call);
}

static int lower_delete(struct lower *l, struct node *call, struct val *out)
{
	return lower_map_delete(l, call->args, call->loc);
}

/* ---- exit([code]) ---- */

static int check_exit(struct sema *s, struct node *call)
{
	int err = check_args(s, call);
	if (!err && call->args && call->args->type.kind != T_INT)
		return sema_err(s, call->args->loc, "exit() takes an integer exit code");
	s->needs_events = true;
	return err ? err : void_result(call);
}

static int lower_exit(struct lower *l, struct node *call, struct val *out)
{
	struct node code = {.kind = N_INT, .loc = call->loc, .type = type_int(8, true)};
	struct node *arg = call->args ? call->args : &code;
	struct node *next = arg->next;
	arg->next = NULL;
	int err = record_event(l, call, SG_ACT_EXIT, arg, NULL);
	arg->next = next;
	/* Like bpftrace, exit() also ends this probe's run. */
	ir_jmp(l->f, l->exit_label);
	return err;
}

/* ---- str(ptr[, len]) ---- */

static int check_str(struct sema *s, struct node *call)
{
	int err = check_args(s, call);
	if (err)
		return err;
	struct node *p = call->args, *len = p->next;
	if (p->kind == N_POSPARAM && !p->name)
		return funcs_str_param_check(s, call);
	char b[64];
	/* Like bpftrace (newest too), not a char array: that already is a string. */
	if (p->type.kind == T_STR)
		return sema_err(s, p->loc, "str() expects an integer or a pointer, not %s: a char "
				"array is a string already, use it without str()",
				type_name(&p->type, b, sizeof(b)));
	if (p->type.kind != T_INT && p->type.kind != T_PTR && p->type.kind != T_NONE)
		return sema_err(s, p->loc, "str() expects an integer or a pointer, not %s",
				type_name(&p->type, b, sizeof(b)));
	uint32_t size = s->opts.max_strlen;
	if (len && len->kind == N_INT && len->num + 1 < size)
		size = (uint32_t)len->num + 1;
	else if (len && len->type.kind != T_INT)
		return sema_err(s, len->loc, "str() length must be an integer");
	call->type = type_str(size);
	return 0;
}

/* Which probe-read flavour a pointer needs: its own address space (also
 * kept by a pointer stored in a map), else the probe's. */
static int32_t read_str_helper(const struct lower *l, const struct node *p)
{
	/* An address marked by uptr()/kptr() (or read from such memory) says. */
	bool user = p->type.as != AS_NONE ? p->type.as == AS_USER : l->p->prov->user_ctx;
	return user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str;
}

static int lower_str(struct lower *l, struct node *call, struct val *out)
{
	struct node *p = call->args, *len = p->next;
	if (p->kind == N_POSPARAM && !p->name)
		return funcs_str_param_lower(l, call, out);
	uint32_t tsize = call->type.size;
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, tsize, &off);
	uint32_t size = out->want_dst ? MIN(out->dst_size, tsize) : tsize;
	struct ir_opnd ptr, n = ir_imm(size);
	int err = lower_int(l, p, &ptr);
	if (!err && len && len->kind != N_INT) {
		struct ir_opnd lv;
		err = lower_int(l, len, &lv);
		int r = lower_vreg(l), ok = ir_label(l->f);
		ir_alu(l->f, BPF_ADD, r, lv, ir_imm(1));
		ir_jcc(l->f, BPF_JLE, ir_reg(r), ir_imm(size), ok);
		ir_mov(l->f, r, ir_imm(size));
		ir_place(l->f, ok);
		n = ir_reg(r);
	}
	if (err)
		return err;
	if (out->pad)
		lower_zero(l, base, off, out->want_dst ? out->dst_size : tsize);
	int dst = lower_addr(l, base, off);
	lower_call(l, read_str_helper(l, p), 3, ir_reg(dst), n, ptr);
	return 0;
}

static const struct sg_func funcs[] = {
	{.name = "printf", .min_args = 1, .max_args = 16, .check = check_printf, .lower = lower_printf},
	{.name = "print", .min_args = 1, .max_args = 3, .check = check_print, .lower = lower_print},
	{.name = "clear", .min_args = 1, .max_args = 1, .check = check_whole_map, .lower = lower_clear},
	{.name = "zero", .min_args = 1, .max_args = 1, .check = check_whole_map, .lower = lower_zero_map},
	{.name = "delete", .min_args = 1, .max_args = 2, .check = check_delete, .lower = lower_delete},
	{.name = "exit", .min_args = 0, .max_args = 1, .check = check_exit, .lower = lower_exit},
	{.name = "str", .min_args = 1, .max_args = 2, .check = check_str, .lower = lower_str},
	{.name = "count", .max_args = 0, .is_agg = true, .agg = SG_AGG_COUNT,
	 .check_agg = agg_check, .lower_agg = agg_lower},
	{.name = "sum", .min_args = 1, .max_args = 1, .is_agg = true, .agg = SG_AGG_SUM,
	 .check_agg = agg_check, .lower_agg = agg_lower},
	{.name = "min", .min_args = 1, .max_args = 1, .is_agg = true, .agg = SG_AGG_MIN,
	 .check_agg = agg_check, .lower_agg = agg_lower},
	{.name = "max", .min_args = 1, .max_args = 1, .is_agg = true, .agg = SG_AGG_MAX,
	 .check_agg = agg_check, .lower_agg = agg_lower},
	{.name = "avg", .min_args = 1, .max_args = 1, .is_agg = true, .agg = SG_AGG_AVG,
	 .check_agg = agg_check, .lower_agg = agg_lower},
	{.name = "stats", .min_args = 1, .max_args = 1, .is_agg = true, .agg = SG_AGG_STATS,
	 .check_agg = agg_check, .lower_agg = agg_lower},
	{.name = "hist", .min_args = 1, .max_args = 2, .is_agg = true, .agg = SG_AGG_HIST,
	 .check_agg = agg_check, .lower_agg = agg_lower},
	{.name = "lhist", .min_args = 4, .max_args = 4, .is_agg = true, .agg = SG_AGG_LHIST,
	 .check_agg = agg_check, .lower_agg = agg_lower},
};

/* The other function files' tables (funcs_*.c), each NULL-name terminated. */
static const struct sg_func *const more_funcs[] = {funcs_str, funcs_sys, funcs_net, funcs_sym,
					      funcs_stack, funcs_map, funcs_misc, funcs_debug,
					      funcs_percpu};

const struct sg_func *func_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(funcs); i++)
		if (strcmp(funcs[i].name, name) == 0)
			return &funcs[i];
	for (size_t t = 0; t < ARRAY_SIZE(more_funcs); t++)
		for (const struct sg_func *f = more_funcs[t]; f->name; f++)
			if (strcmp(f->name, name) == 0)
				return f;
	return NULL;
}

const char *func_suggest(const char *name)
{
	const char *best = NULL;
	int bestd = 3;
	for (size_t i = 0; i < ARRAY_SIZE(funcs); i++) {
		int d = edit_distance(name, funcs[i].name, bestd);
		if (d < bestd) {
			bestd = d;
			best = funcs[i].name;
		}
	}
	for (size_t t = 0; t < ARRAY_SIZE(more_funcs); t++)
		for (const struct sg_func *f = more_funcs[t]; f->name; f++) {
			int d = edit_distance(name, f->name, bestd);
			if (d < bestd) {
				bestd = d;
				best = f->name;
			}
		}
	return best;
}
