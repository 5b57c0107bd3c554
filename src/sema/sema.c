/* Semantic analysis driver: probe setup, statements, maps, and the fixpoint
 * loop. Types flow between probes through maps (a map read in END may be
 * typed by an assignment in a later probe), so the whole program is analysed
 * repeatedly with errors muted until map types stop changing, then once more
 * with errors reported. */
#include "sema/sema.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/builtin.h"
#include "sema/btf.h"
#include "sema/enums.h"
#include "sema/probes.h"
#include "sema/sema_int.h"

/* A probe compiled into several programs is analysed once per program: an
 * error in its shared code must be reported once, not once per program. */
static bool reported_before(struct sema *s, struct srcloc loc)
{
	if (!loc.line)
		return false;
	for (size_t i = 0; i < s->err_locs.len; i++)
		if (memcmp(&s->err_locs.data[i], &loc, sizeof(loc)) == 0)
			return true;
	vec_push(&s->err_locs, loc);
	return false;
}

int sema_err(struct sema *s, struct srcloc loc, const char *fmt, ...)
{
	if (!s->final)
		return -EINVAL;
	s->muted = reported_before(s, loc);
	if (s->muted)
		return -EINVAL;
	va_list ap;
	va_start(ap, fmt);
	diag_verror(s->d, loc, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void sema_note(struct sema *s, const char *fmt, ...)
{
	if (!s->final || s->muted)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) >= 0)
		diag_note(s->d, "%s", msg);
	free(msg);
	va_end(ap);
}

bool sema_is_string_type(const struct type *t)
{
	return t->kind == T_STR;
}

int sema_check_nargs(struct sema *s, struct node *call, int min, int max)
{
	int n = node_list_len(call->args);
	if (n >= min && n <= max)
		return 0;
	if (min == max)
		return sema_err(s, call->loc, "%s() takes %d argument%s, %d given", call->name,
				min, min == 1 ? "" : "s", n);
	return sema_err(s, call->loc, "%s() takes %d to %d arguments, %d given", call->name,
			min, max, n);
}

/* Probe ids are looked up once per attach point: a wildcard over every
 * kernel function has ~100k of them, so this must not be a linear search. */
int sema_probe_name_id(struct sema *s, const char *name)
{
	uintptr_t id = (uintptr_t)name_table_get(&s->probe_ids, name);
	if (id)
		return (int)id - 1;
	vec_push(&s->probe_names, xstrdup(name));
	name_table_put(&s->probe_ids, s->probe_names.data[s->probe_names.len - 1],
		       (void *)(uintptr_t)s->probe_names.len);
	return (int)s->probe_names.len - 1;
}

/* ---- scratch variables ---- */

/* Variables are found through a name table (a probe may have 100 000 of
 * them); same-named ones (a `let` per block) are chained newest first. */
struct sema_var *sema_var_find(struct sema *s, const char *name)
{
	for (struct sema_var *v = name_table_get(&s->cur->var_names, name); v; v = v->shadowed)
		if (!v->hidden)
			return v;
	return NULL;
}

int sema_undefined_var(struct sema *s, struct node *n)
{
	for (struct sema_var *v = name_table_get(&s->cur->var_names, n->name); v; v = v->shadowed)
		if (v->hidden) {
			int err = sema_err(s, n->loc, "variable $%s is not in scope here", n->name);
			sema_note(s, "it was declared inside a block at line %d, which has ended",
				  v->loc.line);
			return err;
		}
	return sema_err(s, n->loc, "undefined variable $%s", n->name);
}

/* The same variable in the previous pass: same name, declared at the same
 * place (macro expansions have distinct sites), not matched before. */
static const struct type *prior_type(struct sema *s, const char *name, struct srcloc loc)
{
	for (struct sema_var *v = name_table_get(&s->cur->prev_names, name); v; v = v->shadowed)
		if (!v->claimed && !memcmp(&v->loc, &loc, sizeof(loc))) {
			v->claimed = true;
			return &v->type;
		}
	return NULL;
}

struct type sema_var_widened(struct sema *s, const struct sema_var *v, const struct type *t)
{
	struct type w = *t;
	if (v->prior.kind != t->kind)
		return w;
	if (t->kind == T_STR && v->prior.size > t->size)
		w.size = v->prior.size;
	else if (t->kind == T_TUPLE && !sema_tuple_merge(s, &w, &v->prior))
		w = *t;
	return w;
}

struct sema_var *sema_var_new(struct sema *s, const char *name, const struct type *t,
			      struct srcloc loc, int depth)
{
	struct sema_var *v = xcalloc(1, sizeof(*v));
	v->name = xstrdup(name);
	const struct type *prior = prior_type(s, name, loc);
	v->prior = prior ? *prior : (struct type){.kind = T_NONE};
	v->type = sema_var_widened(s, v, t);
	v->loc = loc;
	v->depth = depth;
	v->next = s->cur->vars;
	s->cur->vars = v;
	v->shadowed = name_table_get(&s->cur->var_names, v->name);
	name_table_put(&s->cur->var_names, v->name, v);
	return v;
}

static void vars_free(struct sema_var *v)
{
	while (v) {
		struct sema_var *next = v->next;
		free(v->name);
		free(v);
		v = next;
	}
}

/* $t = (..): string fields widen to the longest value assigned. */
static int tuple_var(struct sema *s, struct sema_var *v, struct node *lhs, struct node *rhs)
{
	uint32_t old = v->type.size;
	if (!sema_tuple_merge(s, &v->type, &rhs->type)) {
		char a[96], b[96];
		return sema_err(s, rhs->loc, "type mismatch for $%s: trying to assign %s, "
				"variable has type %s", lhs->name, type_name(&rhs->type, a, sizeof(a)),
				type_name(&v->type, b, sizeof(b)));
	}
	if (v->type.size != old)
		s->changed = true;
	lhs->type = v->type; /* lowering writes rhs in this layout (lower_tuple_into) */
	lhs->res.var = v;
	return 0;
}

/* Assignment to $x: declares it, or checks the new value fits its type. */
int sema_assign_var(struct sema *s, struct node *lhs, struct node *rhs)
{
	struct sema_var *v = sema_var_find(s, lhs->name);
	const struct type *t = &rhs->type;
	if (t->kind == T_VOID || t->kind == T_NONE)
		return t->kind == T_NONE ? 0 :
			sema_err(s, rhs->loc, "expression has no value to assign to $%s", lhs->name);
	struct type stored = *t;
	if (stored.kind == T_INT)
		stored = type_int_widened(t);
	if (stored.size > SG_VALUE_MAX) {
		char a[64];
		return sema_err(s, rhs->loc, "%s is %u bytes, too big for a value (at most %u bytes)",
				type_name(t, a, sizeof(a)), stored.size, SG_VALUE_MAX);
	}
	if (!v) {
		v = sema_var_new(s, lhs->name, &stored, lhs->loc, 0);
		if (stored.kind == T_TUPLE)
			return tuple_var(s, v, lhs, rhs);
	} else if (v->type.kind == T_NONE) {
		v->type = sema_var_widened(s, v, &stored); /* `let $x;` typed by its first assignment */
		if (!type_equal(&v->type, &v->prior))
			s->changed = true;
		if (stored.kind == T_TUPLE)
			return tuple_var(s, v, lhs, rhs);
	} else if (v->type.kind != stored.kind ||
		   ((stored.kind == T_RECORD || stored.kind == T_ARRAY) &&
		    !type_equal(&stored, &v->type))) {
		char a[64], b[64];
		return sema_err(s, rhs->loc, "type mismatch for $%s: trying to assign %s, variable has type %s",
				lhs->name, type_name(t, a, sizeof(a)), type_name(&v->type, b, sizeof(b)));
	} else if (stored.kind == T_STR && stored.size > v->type.size) {
		v->type.size = stored.size;
	} else if (stored.kind == T_TUPLE) {
		return tuple_var(s, v, lhs, rhs);
	}
	lhs->type = v->type;
	lhs->res.var = v;
	return 0;
}

/* ---- statements ---- */

static int stmt(struct sema *s, struct node *n);

static int block(struct sema *s, struct node *list)
{
	int err = 0;
	for (struct node *n = list; n; n = n->next) {
		int e = stmt(s, n);
		err = err ? err : e;
	}
	return err;
}

/* The end of a block's scope: its `let` variables are no longer visible.
 * before: the head of the variable list when the block began (the list
 * grows at its head, so only what came since needs looking at). */
static void scope_end(struct sema *s, const struct sema_var *before)
{
	for (struct sema_var *v = s->cur->vars; v != before; v = v->next)
		if (v->depth >= s->scope_depth)
			v->hidden = true;
	s->scope_depth--;
}

/* A { } block: `let` variables declared inside end with it. */
int sema_scoped_block(struct sema *s, struct node *list)
{
	struct sema_var *before = s->cur->vars; /* the list grows at its head */
	s->scope_depth++;
	int err = block(s, list);
	scope_end(s, before);
	return err;
}

/* { stmts; expr } as an expression (newest bpftrace; macro expansions are
 * such blocks): the value of its last expression, or void when the block
 * ends with ';'. */
int sema_block_expr(struct sema *s, struct node *n)
{
	int err = 0;
	const struct sema_var *before = s->cur->vars;
	n->type = type_void();
	s->scope_depth++;
	for (struct node *st = n->args; st; st = st->next) {
		int e = stmt(s, st);
		err = err ? err : e;
		if (n->post && !st->next && st->kind == N_EXPRSTMT)
			n->type = st->l->type;
	}
	scope_end(s, before);
	return err;
}

static int assign_map(struct sema *s, struct node *n)
{
	struct node *rhs = n->r;
	if (rhs->kind == N_CALL && !n->op) {
		const struct sg_func *f = func_find(rhs->name);
		if (f && f->is_agg) {
			rhs->res.func = f;
			int err = sema_map_keys(s, n->l);
			int e2 = f->check_agg(s, n->l, rhs);
			return err ? err : e2;
		}
	}
	int err = sema_expr(s, rhs);
	int e2 = sema_map_keys(s, n->l);
	if (err || e2)
		return err ? err : e2;
	if (n->op && rhs->type.kind != T_INT)
		return sema_err(s, rhs->loc, "compound assignment needs an integer value");
	/* a narrower tuple is written in the map's layout (lower_tuple_into) */
	return sema_map_value(s, n->l, &rhs->type, SG_AGG_NONE);
}

static int assign(struct sema *s, struct node *n)
{
	if (n->l->kind == N_MAP)
		return assign_map(s, n);
	if (n->l->kind != N_VAR)
		return sema_err(s, n->l->loc, "can only assign to a map or a $variable");
	int err = sema_expr(s, n->r);
	if (err) {
		/* A typed value with an error ($x = $a[5] out of bounds) still
		 * declares $x: later uses must not report it undefined too. */
		if (!n->op && n->r->type.kind > T_VOID && !sema_var_find(s, n->l->name))
			sema_assign_var(s, n->l, n->r);
		return err;
	}
	if (n->op) {
		struct sema_var *v = sema_var_find(s, n->l->name);
		if (!v)
			return sema_err(s, n->l->loc, "undefined variable $%s", n->l->name);
		if ((v->type.kind != T_INT && v->type.kind != T_NONE) || n->r->type.kind != T_INT)
			return sema_err(s, n->loc, "compound assignment needs integers");
	}
	return sema_assign_var(s, n->l, n->r);
}

int sema_cond(struct sema *s, struct node *c)
{
	int err = sema_expr(s, c);
	if (err)
		return err;
	if (c->type.kind != T_INT && c->type.kind != T_PTR && c->type.kind != T_NONE) {
		char b[64];
		return sema_err(s, c->loc, "condition must be an integer, not %s",
				type_name(&c->type, b, sizeof(b)));
	}
	return 0;
}

static int stmt(struct sema *s, struct node *n)
{
	switch (n->kind) {
	case N_EXPRSTMT:
		return sema_expr(s, n->l);
	case N_ASSIGN:
		return assign(s, n);
	case N_BLOCK:
		return sema_scoped_block(s, n->args);
	case N_IF: {
		int err = sema_cond(s, n->cond);
		int e2 = block(s, n->then);
		int e3 = n->els ? stmt(s, n->els) : 0;
		return err ? err : e2 ? e2 : e3;
	}
	default:
		return sema_stmt_ext(s, n);
	}
}

int sema_stmt(struct sema *s, struct node *n)
{
	return stmt(s, n);
}

/* ---- probes ---- */

/* Attach points of one probe are grouped by provider: each group becomes a
 * program (one BPF program type per program). */
static int probe_setup(struct sema *s, struct probe *ast)
{
	int err = 0;
	size_t first = s->probes.len;
	for (struct attach_point *ap = ast->aps; ap; ap = ap->next) {
		const struct provider *prov = provider_find(ap->parts[0]);
		if (!prov) {
			err = sema_err(s, ap->loc, "unknown probe type '%s'", ap->parts[0]);
			continue;
		}
		struct sema_probe *p = NULL;
		for (size_t i = first; i < s->probes.len; i++)
			if (s->probes.data[i]->prov == prov && !prov->once)
				p = s->probes.data[i];
		if (!p)
			p = probe_new(s, ast, prov, s->probes.len > first);
		s->cur = p;
		size_t before = s->nattach;
		int e = prov->expand(s, p, ap);
		if (before <= sema_max_probes(s) && s->nattach > sema_max_probes(s))
			s->over_loc = ap->loc;
		err = err ? err : e;
	}
	for (size_t i = first, end = s->probes.len; i < end && !err; i++)
		err = probe_split_by_args(s, s->probes.data[i]);
	return err;
}

uint32_t sema_max_probes(const struct sema *s)
{
	return s->opts.max_probes ? s->opts.max_probes : SG_MAX_PROBES_DEFAULT;
}

static int probes_setup(struct sema *s)
{
	int err = 0;
	if (!s->prog->probes) {
		diag_error(s->d, diag_end_loc(s->d->src), "no probes: a program needs at least one probe");
		return -EINVAL;
	}
	for (struct probe *p = s->prog->probes; p; p = p->next) {
		int e = probe_setup(s, p);
		err = err ? err : e;
	}
	if (!err && s->nattach > sema_max_probes(s))
		err = sema_err(s, s->over_loc, "cannot attach to %zu probes: more than the "
			       "limit of %u (raise it with config = { max_probes = N } or "
			       "BPFTRACE_MAX_PROBES)", s->nattach, sema_max_probes(s));
	for (size_t i = 0; i < s->probes.len; i++) {
		struct sema_probe *p = s->probes.data[i];
		p->name = xstrdup(p->attach.len ? p->attach.data[0].name : p->prov->name);
	}
	return err;
}

static int analyse_probe(struct sema *s, struct sema_probe *p)
{
	s->cur = p;
	vars_free(p->prev_vars);
	name_table_free(&p->prev_names);
	p->prev_vars = p->vars;
	p->prev_names = p->var_names;
	p->vars = NULL;
	p->var_names = (struct name_table){0};
	s->scope_depth = 0;
	s->loop_depth = 0;
	int err = p->pred ? sema_cond(s, p->pred) : 0;
	int e2 = block(s, p->body->args);
	return err ? err : e2;
}

static int analyse_all(struct sema *s)
{
	int err = 0;
	for (size_t i = 0; i < s->probes.len; i++) {
		int e = analyse_probe(s, s->probes.data[i]);
		err = err ? err : e;
	}
	return err;
}

static int check_maps(struct sema *s)
{
	int err = 0;
	for (size_t i = 0; i < s->maps.len; i++) {
		struct sema_map *m = s->maps.data[i];
		if (!m->assigned)
			err = sema_err(s, m->loc, "map %s is read but never assigned", m->name);
	}
	return err;
}

int sema_run(struct sema *s, struct diag *d, struct program *prog, const struct sema_opts *o)
{
	memset(s, 0, sizeof(*s));
	s->d = d;
	s->prog = prog;
	s->opts = *o;
	if (!s->opts.max_strlen)
		s->opts.max_strlen = SG_MAX_STRLEN_DEFAULT;
	if (!s->opts.max_map_keys)
		s->opts.max_map_keys = SG_MAX_MAP_KEYS_DEFAULT;
	s->final = true;
	int err = sema_map_decls(s);
	err = err ? err : probes_setup(s);
	if (err)
		return err;
	for (int pass = 0; pass < 8; pass++) {
		s->final = false;
		s->changed = false;
		analyse_all(s);
		if (!s->changed)
			break;
	}
	s->final = true;
	err = analyse_all(s);
	sema_decl_unused(s);
	return err ? err : check_maps(s);
}

void sema_free(struct sema *s)
{
	for (size_t i = 0; i < s->maps.len; i++) {
		free(s->maps.data[i]->name);
		free(s->maps.data[i]);
	}
	vec_free(&s->maps);
	name_table_free(&s->map_names);
	sema_decls_free(s);
	for (size_t i = 0; i < s->probes.len; i++) {
		struct sema_probe *p = s->probes.data[i];
		vars_free(p->vars);
		name_table_free(&p->var_names);
		vars_free(p->prev_vars);
		name_table_free(&p->prev_names);
		for (size_t j = 0; j < p->attach.len; j++) {
			free(p->attach.data[j].provider);
			free(p->attach.data[j].target);
			free(p->attach.data[j].name);
		}
		vec_free(&p->attach);
		if (p->owns_code) {
			node_free(p->pred);
			node_free(p->body);
		}
		free(p->name);
		free(p);
	}
	vec_free(&s->probes);
	vec_free(&s->err_locs);
	vec_free(&s->expanding);
	for (size_t i = 0; i < s->probe_names.len; i++)
		free(s->probe_names.data[i]);
	vec_free(&s->probe_names);
	name_table_free(&s->probe_ids);
	sgbtf_free(s->btf);
	sema_enums_free(s);
	type_arena_free(&s->arena);
}
