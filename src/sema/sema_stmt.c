/* Declarations and control flow: let, while, unroll, for over a range,
 * break, continue, return. `let` variables are block scoped (newest
 * bpftrace); variables assigned without `let` stay probe scoped (0.17). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sema/sema_int.h"

#define UNROLL_MAX 100

int sema_named_type(struct sema *s, const char *name, struct srcloc loc, struct type *out)
{
	static const struct { const char *name; uint32_t size; bool sign; } ints[] = {
		{"int8", 1, true},  {"int16", 2, true},	 {"int32", 4, true},  {"int64", 8, true},
		{"uint8", 1, false}, {"uint16", 2, false}, {"uint32", 4, false}, {"uint64", 8, false},
	};
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++)
		if (strcmp(name, ints[i].name) == 0) {
			*out = type_int(ints[i].size, ints[i].sign);
			return 0;
		}
	if (strcmp(name, "bool") == 0) {
		*out = type_int(1, false);
		out->is_bool = true;
		return 0;
	}
	if (strcmp(name, "string") == 0) {
		*out = type_str(s->opts.max_strlen);
		return 0;
	}
	if (strncmp(name, "string[", 7) == 0) { /* string[N]: N bytes with the NUL */
		char *end;
		unsigned long n = strtoul(name + 7, &end, 10);
		if (end == name + 7 || strcmp(end, "]") != 0 || n < 1 || n > SG_STRING_TYPE_MAX)
			return sema_err(s, loc, "'%s': a string type takes a size of 1 to %d bytes",
					name, SG_STRING_TYPE_MAX);
		*out = type_str((uint32_t)n);
		return 0;
	}
	return sema_err(s, loc, "unknown type '%s' (expected an integer type, bool or string)",
			name);
}

static bool compatible(const struct type *decl, const struct type *val)
{
	if (decl->kind == T_INT)
		return val->kind == T_INT || val->kind == T_PTR;
	return decl->kind == val->kind;
}

/* The declared type of `let $x: T`, stored like other variables (ints in
 * 64 bits; the declared width is kept so assignments truncate). */
static int let_declared(struct sema *s, struct node *n, struct type *t)
{
	int err = sema_named_type(s, n->ctype, n->loc, t);
	if (err || !n->r || n->r->type.kind == T_NONE)
		return err;
	if (!compatible(t, &n->r->type)) {
		char a[64], b[64];
		return sema_err(s, n->r->loc, "cannot assign %s to $%s of type %s",
				type_name(&n->r->type, a, sizeof(a)), n->l->name,
				type_name(t, b, sizeof(b)));
	}
	if (t->kind == T_STR && n->r->type.size > t->size)
		t->size = n->r->type.size;
	return 0;
}

static int stmt_let(struct sema *s, struct node *n)
{
	struct node *v = n->l;
	if (v->kind != N_VAR)
		return sema_err(s, n->loc, "let declares a $variable here");
	int err = n->r ? sema_expr(s, n->r) : 0;
	if (err)
		return err;
	if (sema_var_find(s, v->name))
		return sema_err(s, v->loc, "variable $%s was already declared "
				"(variable shadowing is not allowed)", v->name);
	struct type t = {.kind = T_NONE};
	if (n->ctype && (err = let_declared(s, n, &t)))
		return err;
	if (!n->ctype && n->r)
		t = sema_storage_type(&n->r->type);
	if (n->r && n->r->type.kind == T_VOID)
		return sema_err(s, n->r->loc, "expression has no value to assign to $%s", v->name);
	struct sema_var *var = sema_var_new(s, v->name, &t, v->loc, s->scope_depth);
	v->res.var = var;
	v->type = var->type;
	return 0;
}

static int loop_body(struct sema *s, struct node *body)
{
	s->loop_depth++;
	int err = sema_stmt(s, body);
	s->loop_depth--;
	return err;
}

static int stmt_while(struct sema *s, struct node *n)
{
	int err = sema_cond(s, n->cond);
	int e2 = loop_body(s, n->then);
	return err ? err : e2;
}

static int stmt_unroll(struct sema *s, struct node *n)
{
	if (n->l->kind != N_INT)
		return sema_err(s, n->l->loc, "unroll needs an integer literal count");
	if (n->l->num < 1) /* bpftrace's wording */
		return sema_err(s, n->l->loc, "unroll minimum value is 1");
	if (n->l->num > UNROLL_MAX)
		return sema_err(s, n->l->loc, "unroll maximum value is %d", UNROLL_MAX);
	return loop_body(s, n->then); /* break/continue leave or skip a copy */
}

static int range_bound(struct sema *s, struct node *e)
{
	int err = sema_expr(s, e);
	if (err || e->type.kind == T_NONE || e->type.kind == T_INT)
		return err;
	char b[64];
	return sema_err(s, e->loc, "range bounds must be integers, not %s",
			type_name(&e->type, b, sizeof(b)));
}

/* for ($i : a..b): $i is an int64 visible only in the body.
 * for ($kv : @m): $kv is the tuple (key, value) (sema_for_map, sema_loop.c). */
static int stmt_for(struct sema *s, struct node *n)
{
	struct node *r = n->r;
	struct type vt = type_int(8, true);
	int err = 0, e2 = 0;
	if (r->kind == N_MAP) {
		err = sema_for_map(s, n, &vt);
	} else if (r->kind != N_RANGE) {
		return sema_err(s, r->loc, "for loops iterate over a map (@m) or a range (a..b)");
	} else {
		err = range_bound(s, r->l);
		e2 = range_bound(s, r->r);
	}
	if (err || e2)
		return err ? err : e2;
	if (sema_var_find(s, n->l->name))
		return sema_err(s, n->l->loc, "variable $%s was already declared "
				"(variable shadowing is not allowed)", n->l->name);
	s->scope_depth++;
	struct sema_var *v = sema_var_new(s, n->l->name, &vt, n->l->loc, s->scope_depth);
	n->l->res.var = v;
	n->l->type = vt;
	err = loop_body(s, n->then);
	v->hidden = true;
	s->scope_depth--;
	return err;
}

static int stmt_jump(struct sema *s, struct node *n)
{
	if (n->kind == N_RETURN)
		return n->l ? sema_err(s, n->l->loc, "a probe cannot return a value") : 0;
	if (!s->loop_depth)
		return sema_err(s, n->loc, "'%s' outside of a loop",
				n->kind == N_BREAK ? "break" : "continue");
	return 0;
}

int sema_stmt_ext(struct sema *s, struct node *n)
{
	switch (n->kind) {
	case N_LET: return stmt_let(s, n);
	case N_WHILE: return stmt_while(s, n);
	case N_UNROLL: return stmt_unroll(s, n);
	case N_FOR: return stmt_for(s, n);
	case N_BREAK:
	case N_CONTINUE:
	case N_RETURN: return stmt_jump(s, n);
	default:
		return sema_err(s, n->loc, "'%s' statements are not supported yet",
				node_kind_name(n->kind));
	}
}
