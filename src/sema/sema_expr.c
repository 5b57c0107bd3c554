/* Expression typing. Integers follow bpftrace: arithmetic is done in 64 bits;
 * the result is signed unless an unsigned operand is involved (a literal
 * adopts the other side's signedness, so `pid + 1` stays unsigned). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/builtin.h"
#include "sema/btf.h"
#include "sema/probes.h"
#include "sema/sema_int.h"

static int expr_int(struct sema *s, struct node *n)
{
	n->type = type_int(8, n->num <= INT64_MAX);
	return 0;
}

static bool is_literal(const struct node *n)
{
	return n->kind == N_INT || (n->kind == N_UNOP && n->op == OP_NEG && n->l->kind == N_INT);
}

static bool result_signed(const struct node *l, const struct node *r)
{
	if (is_literal(l))
		return r->type.is_signed || is_literal(r);
	if (is_literal(r))
		return l->type.is_signed;
	return l->type.is_signed && r->type.is_signed;
}

static bool int_like(const struct type *t)
{
	return t->kind == T_INT || t->kind == T_PTR;
}

/* Arrays compare with == and != only, both of the same integer elements
 * and length (bpftrace's rules and messages). */
static int array_compare(struct sema *s, struct node *n)
{
	const struct type *a = &n->l->type, *b = &n->r->type;
	struct type byte = type_int(1, false);
	const struct type *ea = a->elem ? a->elem : &byte, *eb = b->elem ? b->elem : &byte;
	if (n->op != OP_EQ && n->op != OP_NE)
		return sema_err(s, n->loc, "The %s operator cannot be used on arrays.",
				op_str(n->op));
	if (a->nelem != b->nelem)
		return sema_err(s, n->loc, "Only arrays of same size support comparison operators.");
	if (ea->kind != T_INT || !type_equal(ea, eb))
		return sema_err(s, n->loc,
				"Only arrays of same sized integer support comparison operators.");
	n->type = type_int(8, false);
	n->type.is_bool = true;
	return 0;
}

static int binop_types(struct sema *s, struct node *n)
{
	const struct type *a = &n->l->type, *b = &n->r->type;
	char x[64], y[64];
	bool cmp = n->op == OP_EQ || n->op == OP_NE;
	/* strings, and buffers (length and bytes: lower_array_branch), compare */
	if ((a->kind == T_STR || a->kind == T_BUF) && b->kind == a->kind) {
		if (!cmp)
			return sema_err(s, n->loc, "operator '%s' cannot be applied to %s",
					op_str(n->op), a->kind == T_STR ? "strings" : "buffers");
		n->type = type_int(8, false);
		n->type.is_bool = true;
		return 0;
	}
	if (a->kind == T_ARRAY && b->kind == T_ARRAY)
		return array_compare(s, n);
	if (a->kind == T_PROBE || b->kind == T_PROBE || a->kind == T_FUNC || b->kind == T_FUNC)
		return sema_err(s, n->loc, "the %s builtin can only be used as a map key or printed",
				a->kind == T_FUNC || b->kind == T_FUNC ? "func" : "probe");
	if (!int_like(a) || !int_like(b))
		return sema_err(s, n->loc, "operator '%s' cannot be applied to %s and %s",
				op_str(n->op), type_name(a, x, sizeof(x)), type_name(b, y, sizeof(y)));
	bool logical = n->op >= OP_EQ && n->op <= OP_LOR;
	n->type = type_int(8, logical ? false : result_signed(n->l, n->r));
	/* Newest bpftrace: comparisons are bool, and so is && / || of bools. */
	n->type.is_bool = (n->op >= OP_EQ && n->op <= OP_GE) ||
			  (logical && a->is_bool && b->is_bool);
	return 0;
}

static int expr_binop(struct sema *s, struct node *n)
{
	int err = sema_expr(s, n->l);
	int e2 = sema_expr(s, n->r);
	if (err || e2)
		return err ? err : e2;
	bool lnone = n->l->type.kind == T_NONE, rnone = n->r->type.kind == T_NONE;
	if (lnone && rnone)
		return 0;
	if (sema_btf_is_ptr_arith(n))
		return sema_btf_ptr_arith(s, n);
	if (lnone || rnone) {
		/* `@n = @n + 1` before @n has a type: an integer if the other side is. */
		if (int_like(lnone ? &n->r->type : &n->l->type))
			n->type = type_int(8, true);
		return 0;
	}
	return binop_types(s, n);
}

static int expr_unop(struct sema *s, struct node *n)
{
	int err = sema_expr(s, n->l);
	if (err || n->l->type.kind == T_NONE)
		return err;
	if (n->op == OP_DEREF || n->op == OP_ADDROF)
		return sema_btf_unop(s, n);
	if (!int_like(&n->l->type)) {
		char b[64];
		return sema_err(s, n->loc, "operator '%s' cannot be applied to %s", op_str(n->op),
				type_name(&n->l->type, b, sizeof(b)));
	}
	bool sign = n->op == OP_NEG ? true : n->op == OP_LNOT ? false : n->l->type.is_signed;
	n->type = type_int(8, sign);
	n->type.is_bool = n->op == OP_LNOT;
	return 0;
}

static int expr_incdec(struct sema *s, struct node *n)
{
	struct node *v = n->l;
	if (v->kind == N_VAR) {
		struct sema_var *var = sema_var_find(s, v->name);
		if (!var)
			return sema_err(s, v->loc, "undefined variable $%s", v->name);
		if (var->type.kind != T_INT)
			return sema_err(s, n->loc, "'%s' needs an integer variable", n->op == OP_ADD ? "++" : "--");
		v->res.var = var;
		v->type = n->type = var->type;
		return 0;
	}
	if (v->kind != N_MAP)
		return sema_err(s, n->loc, "'%s' needs a map or a $variable", n->op == OP_ADD ? "++" : "--");
	int err = sema_map_keys(s, v);
	if (err)
		return err;
	struct type i64 = type_int(8, true);
	struct sema_map *m = v->res.map;
	err = sema_map_value(s, v, m->value_known ? &m->value : &i64, SG_AGG_NONE);
	if (!err && m->value.kind != T_INT)
		return sema_err(s, n->loc, "'%s' needs an integer map", n->op == OP_ADD ? "++" : "--");
	n->type = m->value;
	return err;
}

/* Branches that are both statements (printf), strings, buffers or tuples
 * differing only in string widths: the wider of each, as in bpftrace. */
static bool ternary_mem_type(struct sema *s, const struct type *a, const struct type *b,
			     struct type *out)
{
	if (a->kind != b->kind)
		return false;
	*out = a->size >= b->size ? *a : *b;
	if (a->kind == T_VOID || a->kind == T_STR || a->kind == T_BUF)
		return true;
	*out = *a;
	return a->kind == T_TUPLE && sema_tuple_merge(s, out, b);
}

/* The type of `c ? a : b` or `if c { a } else { b }`: both integers, or
 * both statements, strings, buffers or tuples differing only in string
 * widths (lowering writes the narrower one in the merged layout). */
static int branch_types(struct sema *s, struct node *n, const struct node *l,
			const struct node *r, const char *what)
{
	const struct type *a = &l->type, *b = &r->type;
	if (a->kind == T_NONE || b->kind == T_NONE)
		return 0;
	if (int_like(a) && int_like(b)) {
		n->type = type_int(8, a->is_signed && b->is_signed);
		n->type.is_bool = a->is_bool && b->is_bool;
		return 0;
	}
	if (ternary_mem_type(s, a, b, &n->type))
		return 0;
	char x[64], y[64];
	return sema_err(s, n->loc, "%s branches have different types: %s and %s", what,
			type_name(a, x, sizeof(x)), type_name(b, y, sizeof(y)));
}

static int expr_ternary(struct sema *s, struct node *n)
{
	int err = sema_expr(s, n->cond);
	int e2 = sema_expr(s, n->l);
	int e3 = sema_expr(s, n->r);
	if (err || e2 || e3)
		return err ? err : e2 ? e2 : e3;
	return branch_types(s, n, n->l, n->r, "ternary");
}

/* A value block ending in `if (c) { x } else { y }` (no ';' after it, so
 * the parser saw a statement) has that if-expression as its value. */
static void nested_if_value(struct node *blk)
{
	if (!blk || blk->kind != N_BLOCK || blk->post || !blk->args)
		return;
	struct node **link = &blk->args;
	while ((*link)->next)
		link = &(*link)->next;
	struct node *last = *link;
	if (last->kind != N_IF || !last->els)
		return;
	struct node *st = node_new(N_EXPRSTMT, last->loc);
	st->l = last;
	*link = st;
	blk->post = 1;
}

/* if c { a } else { b } as a value (newest bpftrace): typed like a ternary
 * of its blocks; without an else it has no value. */
static int expr_if(struct sema *s, struct node *n)
{
	nested_if_value(n->then);
	nested_if_value(n->els);
	int err = sema_cond(s, n->cond);
	int e2 = sema_expr(s, n->then);
	int e3 = n->els ? sema_expr(s, n->els) : 0;
	if (err || e2 || e3)
		return err ? err : e2 ? e2 : e3;
	if (n->els)
		return branch_types(s, n, n->then, n->els, "if");
	n->type = type_void();
	if (n->then->type.kind == T_VOID || n->then->type.kind == T_NONE)
		return 0;
	return sema_err(s, n->loc, "an if expression without an else branch has no value");
}

static int expr_var(struct sema *s, struct node *n)
{
	struct sema_var *v = sema_var_find(s, n->name);
	if (!v)
		return sema_undefined_var(s, n);
	if (v->type.kind == T_NONE)
		return sema_err(s, n->loc, "variable $%s is used before it is assigned", n->name);
	n->res.var = v;
	n->type = v->type;
	return 0;
}

static int expr_map(struct sema *s, struct node *n)
{
	int err = sema_map_keys(s, n);
	if (err)
		return err;
	struct sema_map *m = n->res.map;
	if (!m->value_known) {
		n->type = (struct type){.kind = T_NONE};
		return 0;
	}
	/* Newest bpftrace reads count/sum/min/max/avg maps as integers (all
	 * CPUs merged, codegen/lower_aggread.c); the others have no one value. */
	if (m->agg > SG_AGG_AVG)
		return sema_err(s, n->loc, "cannot read %s map %s inside a probe: only count(), "
				"sum(), min(), max() and avg() values can be read",
				m->agg == SG_AGG_STATS ? "stats()"
				: m->agg == SG_AGG_HIST ? "hist()" : "lhist()", m->name);
	n->type = m->value;
	return 0;
}

static int expr_field(struct sema *s, struct node *n)
{
	int err = sema_expr(s, n->l);
	if (err || n->l->type.kind == T_NONE)
		return err;
	if (n->l->type.kind == T_TUPLE)
		return sema_tuple_field(s, n);
	const struct type *t = &n->l->type;
	if (t->kind == T_PTR || t->kind == T_RECORD)
		return sema_btf_field(s, n);
	if (t->kind != T_CTX && t->kind != T_RECORD) {
		char b[64];
		return sema_err(s, n->loc, "%s has no field '%s'", type_name(t, b, sizeof(b)), n->name);
	}
	const struct field *f = record_field(t->rec, n->name);
	if (!f) {
		int best = -1, bestd = 4;
		for (uint32_t i = 0; i < t->rec->nfields; i++) {
			int d = edit_distance(n->name, t->rec->fields[i].name, bestd);
			if (d < bestd) {
				bestd = d;
				best = (int)i;
			}
		}
		err = sema_err(s, n->loc, "%s has no field '%s'", t->rec->name, n->name);
		if (best >= 0)
			sema_note(s, "did you mean '%s'?", t->rec->fields[best].name);
		return err;
	}
	n->res.field = f;
	n->type = f->type;
	sema_btf_ctx_field(s, f, &n->type);
	return 0;
}

static int expr_builtin(struct sema *s, struct node *n)
{
	const struct sg_builtin *b = builtin_find(n->name);
	if (!b) {
		int err = sema_ident(s, n);
		if (err != -ENOENT)
			return err;
		err = sema_err(s, n->loc, "unknown identifier '%s'", n->name);
		const char *near = builtin_suggest(n->name);
		if (near)
			sema_note(s, "did you mean '%s'?", near);
		sema_ident_hint(s, n->name);
		return err;
	}
	n->res.builtin = b;
	return b->check(s, n);
}

static int expr_call(struct sema *s, struct node *n)
{
	const struct sg_func *f = func_find(n->name);
	if (!f) {
		int err = sema_err(s, n->loc, "unknown function '%s'", n->name);
		const char *near = func_suggest(n->name);
		if (near)
			sema_note(s, "did you mean '%s'?", near);
		return err;
	}
	n->res.func = f;
	if (f->is_agg)
		return sema_err(s, n->loc, "%s() must be assigned to a map: @x = %s(...)", n->name,
				n->name);
	int err = sema_check_nargs(s, n, f->min_args, f->max_args);
	return err ? err : f->check(s, n);
}

/* (bool)x is x != 0, and (bool)"str" is "str" != "": rewritten into that
 * comparison once x's type is known. */
static int cast_bool(struct sema *s, struct node *n)
{
	int err = sema_expr(s, n->l);
	if (err || n->l->type.kind == T_NONE)
		return err;
	const struct type *t = &n->l->type;
	if (!int_like(t) && t->kind != T_STR) {
		char b[64];
		return sema_err(s, n->loc, "cannot cast %s to bool", type_name(t, b, sizeof(b)));
	}
	struct node *zero = node_new(t->kind == T_STR ? N_STR : N_INT, n->loc);
	if (t->kind == T_STR)
		zero->str = xstrdup("");
	free(n->ctype);
	n->ctype = NULL;
	n->kind = N_BINOP;
	n->op = OP_NE;
	n->r = zero;
	return sema_expr(s, n);
}

/* (string[N])s: the string in N bytes (cut, still NUL-terminated, or
 * zero-padded); (string)s: in max_strlen bytes. */
static int cast_string(struct sema *s, struct node *n)
{
	struct type t;
	int err = sema_named_type(s, n->ctype, n->loc, &t);
	if (err)
		return err;
	char a[64];
	if (n->l->type.kind != T_STR && n->l->type.kind != T_NONE)
		return sema_err(s, n->loc, "cannot cast %s to %s: only strings resize",
				type_name(&n->l->type, a, sizeof(a)), n->ctype);
	n->type = t;
	return 0;
}

static int expr_cast(struct sema *s, struct node *n)
{
	static const struct { const char *name; uint32_t size; bool sign; } ints[] = {
		{"int8", 1, true},  {"int16", 2, true},	 {"int32", 4, true},  {"int64", 8, true},
		{"uint8", 1, false}, {"uint16", 2, false}, {"uint32", 4, false}, {"uint64", 8, false},
	};
	if (strcmp(n->ctype, "bool") == 0)
		return cast_bool(s, n);
	int err = sema_expr(s, n->l);
	if (err)
		return err;
	if (strncmp(n->ctype, "string", 6) == 0 && (!n->ctype[6] || n->ctype[6] == '['))
		return cast_string(s, n);
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
		if (strcmp(n->ctype, ints[i].name) != 0)
			continue;
		struct type t = type_int(ints[i].size, ints[i].sign);
		if (n->l->type.kind == T_ARRAY)
			return sema_array_cast(s, n, &t);
		if (n->l->type.kind != T_NONE && !int_like(&n->l->type))
			return sema_err(s, n->loc, "cannot cast to %s", n->ctype);
		n->type = t;
		return 0;
	}
	return sema_btf_cast(s, n);
}

const char *sema_param_text(const struct sema_opts *o, uint64_t num)
{
	/* Compared as 64-bit: $2147483648 must not wrap to a negative int. */
	return num >= 1 && num <= (uint64_t)MAX(o->nparams, 0) ? o->params[num - 1] : "";
}

static int expr_posparam(struct sema *s, struct node *n)
{
	if (n->name && strcmp(n->name, "#") == 0) {
		n->type = type_int(8, false);
		return 0;
	}
	const char *v = sema_param_text(&s->opts, n->num);
	char *end;
	strtoll(v, &end, 0);
	if (*v && !*end)
		n->type = type_int(8, true);
	else
		n->type = type_str((uint32_t)strlen(v) + 1);
	return 0;
}

int sema_expr(struct sema *s, struct node *n)
{
	switch (n->kind) {
	case N_INT: return expr_int(s, n);
	case N_BOOL: n->type = type_int(8, false); n->type.is_bool = true; return 0;
	case N_STR: n->type = type_str((uint32_t)n->len + 1); return 0;
	case N_BUILTIN: return expr_builtin(s, n);
	case N_VAR: return expr_var(s, n);
	case N_MAP: return expr_map(s, n);
	case N_CALL: return expr_call(s, n);
	case N_BINOP: return expr_binop(s, n);
	case N_UNOP: return expr_unop(s, n);
	case N_INCDEC: return expr_incdec(s, n);
	case N_TERNARY: return expr_ternary(s, n);
	case N_IF: return expr_if(s, n);
	case N_FIELD: return expr_field(s, n);
	case N_CAST: return expr_cast(s, n);
	case N_INDEX: return sema_btf_index(s, n);
	case N_SIZEOF: return sema_btf_sizeof(s, n);
	case N_OFFSETOF: return sema_btf_offsetof(s, n);
	case N_POSPARAM: return expr_posparam(s, n);
	case N_TUPLE: return sema_tuple_expr(s, n);
	case N_BLOCK: return sema_block_expr(s, n);
	default:
		return sema_err(s, n->loc, "%s expressions are not supported yet",
				node_kind_name(n->kind));
	}
}
