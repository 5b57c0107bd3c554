/* Macro expansion: see macro.h for the language rules. The probes are
 * walked once; a call of a macro is replaced in place by a copy of the
 * macro's body, which is first walked in the macro's own scope (parameters
 * bound, variables renamed, nested calls expanded). Arguments are walked in
 * the caller's scope before they are bound, and the copies inserted for
 * expression parameters are not walked again. */
#include "lang/macro.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* A macro calling another twice, which calls a third twice, ... grows
 * exponentially, and so does `x + x` with x an expression parameter: these
 * bound the expansions and the nodes they copy, so hostile scripts stay
 * small (the parser's own input limit is 1 MB). */
#define EXPANSIONS_MAX 10000
#define NODES_MAX 250000
#define DEPTH_MAX 64

enum akind { A_VAR, A_MAP, A_EXPR };

struct mx {
	struct diag *d;
	struct program *prog;
	const struct node *stack[DEPTH_MAX]; /* macros being expanded, outermost first */
	int depth;
	int expansions;
	size_t nodes; /* copied so far */
	int err;
};

/* The expansion being walked: its macro, the call's arguments (already
 * walked in the caller's scope), its site, and the variables its body
 * declares (renamed, so they cannot clash with the caller's). */
struct scope {
	const struct node *macro;
	const struct node *args;
	int site;
	VEC(const char *) locals;
};

static void visit(struct mx *x, struct scope *sc, struct node *n, bool need);

static void err_at(struct mx *x, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err_at(struct mx *x, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror(x->d, loc, fmt, ap);
	va_end(ap);
	x->err = -EINVAL;
}

/* ---- definitions and lookup ---- */

static enum akind arg_kind(const struct node *a)
{
	if (a->kind == N_VAR)
		return A_VAR;
	return a->kind == N_MAP && !a->args ? A_MAP : A_EXPR;
}

static bool accepts(const struct node *param, enum akind k)
{
	return param->kind == N_VAR ? k == A_VAR : param->kind == N_MAP ? k == A_MAP : true;
}

static const char *sigil(const struct node *param)
{
	return param->kind == N_VAR ? "$" : "";
}

/* bpftrace's closeness of a call to a definition: a different number of
 * arguments counts far more than an argument of the wrong kind. */
static int distance(const struct node *m, const struct node *args, bool as_params)
{
	int np = node_list_len(m->args), na = node_list_len(args);
	int d = 1024 * (np > na ? np - na : na - np);
	const struct node *p = m->args, *a = args;
	for (; p && a; p = p->next, a = a->next) {
		enum akind k = as_params && a->kind == N_BUILTIN ? A_EXPR : arg_kind(a);
		d += !accepts(p, k);
	}
	return d;
}

/* The definition of name that takes args (the first of several that do),
 * or NULL with *closest set to the nearest one when some macro has the name. */
static const struct node *lookup(struct mx *x, const char *name, const struct node *args,
				 bool as_params, const struct node **closest)
{
	int best = -1;
	*closest = NULL;
	for (const struct node *m = x->prog->macros; m; m = m->next) {
		if (strcmp(m->name, name) != 0)
			continue;
		int d = distance(m, args, as_params);
		if (d == 0)
			return m;
		if (best < 0 || d < best) {
			best = d;
			*closest = m;
		}
	}
	return NULL;
}

static void check_params(struct mx *x, const struct node *m)
{
	for (const struct node *p = m->args; p; p = p->next)
		for (const struct node *q = m->args; q != p; q = q->next)
			if (q->kind == p->kind && strcmp(q->name, p->name) == 0) {
				err_at(x, p->loc, "macro '%s' has two parameters named %s%s", m->name,
				       sigil(p), p->name);
				return;
			}
}

/* Each definition must take calls that no earlier one of its name takes. */
static void check_defs(struct mx *x)
{
	for (const struct node *m = x->prog->macros; m; m = m->next) {
		check_params(x, m);
		for (const struct node *o = x->prog->macros; o != m; o = o->next)
			if (strcmp(o->name, m->name) == 0 && distance(o, m->args, true) == 0) {
				err_at(x, m->loc, "redefinition of macro '%s'", m->name);
				diag_note(x->d, "the first definition is at line %d", o->loc.line);
				break;
			}
	}
}

static const char *kind_word(enum akind k)
{
	return k == A_VAR ? "a variable" : k == A_MAP ? "a map" : "an expression";
}

/* A call that matches no definition: what the closest one wants instead. */
static void bad_call(struct mx *x, const struct node *call, const struct node *m)
{
	int np = node_list_len(m->args), na = node_list_len(call->kind == N_CALL ? call->args : NULL);
	if (np != na) {
		err_at(x, call->loc, "macro %s() takes %d argument%s, %d given", m->name, np,
		       np == 1 ? "" : "s", na);
		diag_note(x->d, "the macro is defined at line %d", m->loc.line);
		return;
	}
	const struct node *p = m->args, *a = call->args;
	for (; p && a; p = p->next, a = a->next)
		if (!accepts(p, arg_kind(a)))
			err_at(x, a->loc, "macro %s() expects %s for %s%s, not %s", m->name,
			       p->kind == N_VAR ? "a variable" : "a map", sigil(p), p->name,
			       kind_word(arg_kind(a)));
	diag_note(x->d, "the macro is defined at line %d", m->loc.line);
}

/* ---- one expansion's scope ---- */

static const struct node *param(const struct scope *sc, enum node_kind kind, const char *name,
				const struct node **arg)
{
	const struct node *a = sc->args;
	for (const struct node *p = sc->macro->args; p; p = p->next, a = a ? a->next : NULL)
		if (p->kind == kind && strcmp(p->name, name) == 0) {
			*arg = a;
			return p;
		}
	return NULL;
}

static bool collect_local(const struct node *n, void *arg)
{
	struct scope *sc = arg;
	const struct node *v = n->kind == N_ASSIGN || n->kind == N_LET || n->kind == N_FOR ? n->l : NULL;
	if (v && v->kind == N_VAR)
		vec_push(&sc->locals, v->name);
	return false;
}

static bool is_local(const struct scope *sc, const char *name)
{
	for (size_t i = 0; i < sc->locals.len; i++)
		if (strcmp(sc->locals.data[i], name) == 0)
			return true;
	return false;
}

static void rename_to(struct node *n, char *name)
{
	free(n->name);
	n->name = name;
}

/* $x in a body: the caller's variable for a $parameter, else the body's own
 * (renamed $$macro_x, with the nesting depth when nested). */
static void rename_var(struct mx *x, struct scope *sc, struct node *n)
{
	const struct node *arg;
	if (param(sc, N_VAR, n->name, &arg)) {
		rename_to(n, xstrdup(arg->name));
	} else if (is_local(sc, n->name)) {
		const char *m = sc->macro->name;
		rename_to(n, x->depth > 1 ? xasprintf("$%s_%d_%s", m, x->depth, n->name)
					  : xasprintf("$%s_%s", m, n->name));
	} else {
		err_at(x, n->loc, "macro '%s' uses $%s, which is neither one of its $parameters "
		       "nor assigned in it", sc->macro->name, n->name);
	}
}

static void rename_map(struct mx *x, struct scope *sc, struct node *n)
{
	const struct node *arg;
	if (param(sc, N_MAP, n->name, &arg))
		rename_to(n, xstrdup(arg->name));
	else
		err_at(x, n->loc, "macro '%s' uses map %s, which is not one of its @parameters: "
		       "maps must be passed to a macro", sc->macro->name, n->name);
}

/* n takes the place (and list position) of with; the old n is freed. */
static void replace(struct node *n, struct node *with)
{
	struct node old = *n;
	*n = *with;
	n->next = old.next;
	old.next = NULL;
	*with = old;
	node_free(with);
}

static bool count_node(const struct node *n, void *arg)
{
	(*(size_t *)arg)++;
	return false;
}

/* Whether copying n stays within NODES_MAX (reported once when not). */
static bool may_copy(struct mx *x, const struct node *n, struct srcloc at)
{
	size_t count = 0;
	node_any(n, count_node, &count);
	if (x->nodes <= NODES_MAX && (x->nodes += count) > NODES_MAX)
		err_at(x, at, "macro expansion makes the program too big (more than %d nodes)",
		       NODES_MAX);
	return x->nodes <= NODES_MAX;
}

/* A plain parameter in a body: a copy of the argument. A variable or map
 * passed there is wrapped in a block, { $v }, so it is read, not assigned. */
static bool subst_expr(struct mx *x, struct scope *sc, struct node *n)
{
	const struct node *arg;
	if (!param(sc, N_BUILTIN, n->name, &arg) || !arg)
		return false;
	if (!may_copy(x, arg, n->loc))
		return true;
	struct node *copy = node_clone(arg);
	if (arg_kind(arg) != A_EXPR) {
		struct node *stmt = node_new(N_EXPRSTMT, arg->loc), *blk = node_new(N_BLOCK, arg->loc);
		stmt->l = copy;
		blk->args = stmt;
		blk->post = 1;
		copy = blk;
	}
	replace(n, copy);
	return true;
}

/* ---- expansion ---- */

static int add_site(struct mx *x, struct srcloc call, const char *name)
{
	struct program *p = x->prog;
	p->sites = xrealloc(p->sites, (size_t)(p->nsites + 1) * sizeof(*p->sites));
	p->sites[p->nsites] = (struct diag_site){.call = call, .name = name};
	x->d->sites = p->sites; /* errors from here on show the sites */
	x->d->nsites = ++p->nsites;
	return p->nsites;
}

static bool recursive(struct mx *x, const struct node *call, const struct node *m)
{
	int i = 0;
	while (i < x->depth && x->stack[i] != m)
		i++;
	if (i == x->depth && x->depth < DEPTH_MAX)
		return false;
	struct strbuf chain = {0};
	for (int j = i; j < x->depth; j++)
		sb_printf(&chain, "%s > ", x->stack[j]->name);
	if (i == x->depth)
		err_at(x, call->loc, "macro calls nest more than %d deep", DEPTH_MAX);
	else
		err_at(x, call->loc, "recursive macro call: %s%s", sb_str(&chain), m->name);
	sb_free(&chain);
	return true;
}

/* Replaces call (N_CALL or bare N_BUILTIN) by macro m's body; need: the
 * call's value is used. */
static void expand(struct mx *x, struct node *call, const struct node *m, bool need)
{
	struct scope sc = {.macro = m, .args = call->kind == N_CALL ? call->args : NULL};
	sc.site = add_site(x, call->loc, m->name);
	if (!may_copy(x, m->then, call->loc))
		return;
	node_any(m->then, collect_local, &sc);
	struct node *body = node_clone(m->then);
	if (need && !body->post)
		err_at(x, call->loc, "macro '%s' is used as a value, but its body ends with a "
		       "statement: remove the ';' after its last expression", m->name);
	x->stack[x->depth++] = m;
	visit(x, &sc, body, need);
	x->depth--;
	vec_free(&sc.locals);
	body->loc = call->loc; /* the block stands where the call was */
	replace(call, body);
}

static void maybe_expand(struct mx *x, struct node *n, bool need)
{
	const struct node *closest;
	const struct node *m = lookup(x, n->name, n->kind == N_CALL ? n->args : NULL, false, &closest);
	if (!m) {
		if (closest) /* a macro of this name exists: the call does not fit it */
			bad_call(x, n, closest);
		return;
	}
	if (recursive(x, n, m))
		return;
	if (++x->expansions > EXPANSIONS_MAX) {
		if (x->expansions == EXPANSIONS_MAX + 1)
			err_at(x, n->loc, "more than %d macro expansions", EXPANSIONS_MAX);
		return;
	}
	expand(x, n, m, need);
}

static void visit_list(struct mx *x, struct scope *sc, struct node *list, bool need)
{
	for (struct node *c = list; c; c = c->next)
		visit(x, sc, c, need);
}

/* Statements of a block: only a valued block's last one gives its value. */
static void visit_block(struct mx *x, struct scope *sc, struct node *n, bool need)
{
	for (struct node *st = n->args; st; st = st->next)
		visit(x, sc, st, need && n->post && !st->next);
}

static bool visit_leaf(struct mx *x, struct scope *sc, struct node *n, bool need)
{
	const struct node *arg;
	switch (n->kind) {
	case N_VAR:
		if (sc)
			rename_var(x, sc, n);
		return true;
	case N_BUILTIN:
		if (!sc || !subst_expr(x, sc, n))
			maybe_expand(x, n, need);
		return true;
	case N_CALL:
		visit_list(x, sc, n->args, true);
		maybe_expand(x, n, need);
		return true;
	case N_LET:
		if (sc && n->l && n->l->kind == N_VAR && param(sc, N_VAR, n->l->name, &arg)) {
			struct srcloc loc = n->l->loc;
			loc.site = sc->site;
			err_at(x, loc, "let $%s in macro '%s' shadows its parameter $%s",
			       n->l->name, sc->macro->name, n->l->name);
		}
		return false;
	default:
		return false;
	}
}

static void visit(struct mx *x, struct scope *sc, struct node *n, bool need)
{
	if (sc)
		n->loc.site = sc->site;
	if (visit_leaf(x, sc, n, need))
		return;
	if (n->kind == N_MAP && sc)
		rename_map(x, sc, n);
	if (n->kind == N_EXPRSTMT) {
		visit(x, sc, n->l, need);
		return;
	}
	if (n->kind == N_BLOCK) {
		visit_block(x, sc, n, need);
		return;
	}
	visit_list(x, sc, n->l, true);
	visit_list(x, sc, n->r, true);
	visit_list(x, sc, n->cond, true);
	visit_list(x, sc, n->args, true);
	visit_list(x, sc, n->then, false); /* bodies of if/while/for/unroll */
	visit_list(x, sc, n->els, false);
}

int macro_expand(struct diag *d, struct program *p)
{
	if (!p->macros)
		return 0;
	struct mx x = {.d = d, .prog = p};
	check_defs(&x);
	if (x.err)
		return x.err; /* calls of a bad definition would only add noise */
	for (struct probe *pr = p->probes; pr; pr = pr->next) {
		if (pr->pred)
			visit(&x, NULL, pr->pred, true);
		visit(&x, NULL, pr->body, false);
	}
	return x.err;
}
