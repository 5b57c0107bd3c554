/* Statements and blocks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/parser_int.h"

/* Builds kind(start..last token) with the given children; frees them and
 * returns NULL when one is missing (a parse error occurred). */
static struct node *finish(struct parser *p, struct node *n, int ok)
{
	if (!ok) {
		node_free(n);
		return NULL;
	}
	n->loc = p_span(p, n->loc);
	return n;
}

/* if (cond) { } [else if (cond) { } ...] [else { }] — also an expression. */
struct node *parse_if(struct parser *p)
{
	struct node *n = node_new(N_IF, p_peek(p, 0)->loc);
	if (p_enter(p, n->loc)) {
		node_free(n);
		return NULL;
	}
	p_advance(p); /* if */
	int ok = (n->cond = parse_expr(p)) && (n->then = parse_block(p));
	if (ok && p_accept(p, TK_ELSE))
		ok = p_kind(p, 0) == TK_IF ? !!(n->els = parse_if(p)) : !!(n->els = parse_block(p));
	p_leave(p);
	return finish(p, n, ok);
}

/* while (cond) { } and unroll (count) { } */
static struct node *parse_loop(struct parser *p, enum node_kind kind)
{
	struct node *n = node_new(kind, p_peek(p, 0)->loc);
	p_advance(p);
	struct node *e = parse_expr(p);
	if (kind == N_WHILE)
		n->cond = e;
	else
		n->l = e;
	int ok = e && (n->then = parse_block(p));
	return finish(p, n, ok);
}

/* The iterable of a for loop: a map, or a range start..end. */
static struct node *for_iterable(struct parser *p)
{
	struct node *e = parse_unary(p);
	if (!e || p_kind(p, 0) != TK_DOTDOT)
		return e;
	struct node *r = node_new(N_RANGE, e->loc);
	r->l = e;
	p_advance(p);
	return finish(p, r, !!(r->r = parse_unary(p)));
}

static struct node *loop_var(struct parser *p)
{
	const struct token *t = p_peek(p, 0);
	if (t->kind != TK_VAR) {
		p_unexpected(p, t, "variable ($name)");
		return NULL;
	}
	struct node *v = node_new(N_VAR, t->loc);
	v->name = p_text(p, t, 1);
	p_advance(p);
	return v;
}

/* for ($x : @map) { }  /  for ($i : 0..10) { }  — parentheses optional */
static struct node *parse_for(struct parser *p)
{
	struct node *n = node_new(N_FOR, p_peek(p, 0)->loc);
	p_advance(p);
	int paren = p_accept(p, TK_LPAREN);
	int ok = (n->l = loop_var(p)) && !p_expect(p, TK_COLON, "':'") &&
		 (n->r = for_iterable(p)) && (!paren || !p_expect(p, TK_RPAREN, "')'")) &&
		 (n->then = parse_block(p));
	return finish(p, n, ok);
}

/* let $x [: type] [= expr] */
static struct node *parse_let(struct parser *p)
{
	struct node *n = node_new(N_LET, p_peek(p, 0)->loc);
	p_advance(p);
	int ok = !!(n->l = loop_var(p));
	if (ok && p_accept(p, TK_COLON))
		ok = !!(n->ctype = parse_type(p));
	if (ok && p_accept(p, TK_ASSIGN))
		ok = !!(n->r = parse_expr(p));
	return finish(p, n, ok);
}

/* break; continue; return [expr]; */
static struct node *parse_jump(struct parser *p)
{
	enum tok_kind k = p_kind(p, 0);
	enum node_kind kind = k == TK_BREAK ? N_BREAK : k == TK_CONTINUE ? N_CONTINUE : N_RETURN;
	struct node *n = node_new(kind, p_peek(p, 0)->loc);
	p_advance(p);
	int ok = 1;
	k = p_kind(p, 0);
	if (kind == N_RETURN && k != TK_SEMI && k != TK_RBRACE)
		ok = !!(n->l = parse_expr(p));
	return finish(p, n, ok);
}

static enum op assign_op(enum tok_kind k, int *is_assign)
{
	static const enum op ops[TK_NKINDS] = {
		[TK_ADD_ASSIGN] = OP_ADD, [TK_SUB_ASSIGN] = OP_SUB, [TK_MUL_ASSIGN] = OP_MUL,
		[TK_DIV_ASSIGN] = OP_DIV, [TK_MOD_ASSIGN] = OP_MOD, [TK_AND_ASSIGN] = OP_BAND,
		[TK_OR_ASSIGN] = OP_BOR, [TK_XOR_ASSIGN] = OP_BXOR, [TK_SHL_ASSIGN] = OP_SHL,
		[TK_SHR_ASSIGN] = OP_SHR,
	};
	*is_assign = k == TK_ASSIGN || ((unsigned)k < TK_NKINDS && ops[k] != OP_NONE);
	return (unsigned)k < TK_NKINDS ? ops[k] : OP_NONE;
}

static int is_tuple_index(const struct node *n)
{
	return n->kind == N_FIELD && n->name && n->name[0] >= '0' && n->name[0] <= '9';
}

static int check_lvalue(struct parser *p, const struct node *l)
{
	if (l->kind == N_MAP || l->kind == N_VAR)
		return 0;
	if (is_tuple_index(l))
		p_error(p, l->loc, "tuples are immutable once created; consider creating "
			"a new tuple and assigning it instead");
	else
		p_error(p, l->loc, "cannot assign to this expression: only maps (@x) and "
			"variables ($x) can be assigned");
	return -EINVAL;
}

/* `_ = expr` discards a value (newest syntax): an expression statement. */
static struct node *parse_discard(struct parser *p)
{
	struct node *n = node_new(N_EXPRSTMT, p_peek(p, 0)->loc);
	p_advance(p);
	p_advance(p);
	return finish(p, n, !!(n->l = parse_expr(p)));
}

/* An expression statement or an assignment `lvalue op= expr`. */
static struct node *parse_simple(struct parser *p)
{
	const struct token *t = p_peek(p, 0);
	if (t->kind == TK_IDENT && p_tok_is(p, t, "_") && p_kind(p, 1) == TK_ASSIGN)
		return parse_discard(p);
	struct node *e = parse_expr(p);
	if (!e)
		return NULL;
	int is_assign;
	enum op op = assign_op(p_kind(p, 0), &is_assign);
	struct node *n = node_new(is_assign ? N_ASSIGN : N_EXPRSTMT, e->loc);
	n->l = e;
	if (!is_assign)
		return n;
	n->op = op;
	if (check_lvalue(p, e))
		return finish(p, n, 0);
	p_advance(p);
	return finish(p, n, !!(n->r = parse_expr(p)));
}

/* *needs_semi: whether the statement must be followed by ';' (or end the block). */
static struct node *parse_stmt(struct parser *p, int *needs_semi)
{
	*needs_semi = 0;
	switch (p_kind(p, 0)) {
	case TK_IF: return parse_if(p);
	case TK_WHILE: return parse_loop(p, N_WHILE);
	case TK_UNROLL: return parse_loop(p, N_UNROLL);
	case TK_FOR: return parse_for(p);
	case TK_LBRACE: return parse_block(p);
	default: break;
	}
	*needs_semi = 1;
	switch (p_kind(p, 0)) {
	case TK_BREAK: case TK_CONTINUE: case TK_RETURN: return parse_jump(p);
	case TK_LET: return parse_let(p);
	default: return parse_simple(p);
	}
}

/* After a statement: ';', or '}' ending the block. Returns 1 at the end. */
static int stmt_end(struct parser *p, struct node *b, struct node *s, int needs_semi)
{
	if (!needs_semi || p_accept(p, TK_SEMI))
		return 0;
	if (p_kind(p, 0) == TK_RBRACE) {
		b->post = s->kind == N_EXPRSTMT; /* { ...; expr } has a value */
		return 1;
	}
	p_unexpected(p, p_peek(p, 0), "';' or '}'");
	return -EINVAL;
}

static int block_body(struct parser *p, struct node *b)
{
	struct node **tail = &b->args;
	for (;;) {
		while (p_accept(p, TK_SEMI))
			;
		enum tok_kind k = p_kind(p, 0);
		if (k == TK_RBRACE)
			return 0;
		if (k == TK_EOF || k == TK_ERROR) {
			p_unexpected(p, p_peek(p, 0), "'}'");
			return -EINVAL;
		}
		int needs_semi;
		struct node *s = parse_stmt(p, &needs_semi);
		if (!s)
			return -EINVAL;
		*tail = s;
		tail = &s->next;
		int r = stmt_end(p, b, s, needs_semi);
		if (r)
			return r > 0 ? 0 : r;
	}
}

/* { stmt; stmt; ... } — the last ';' is optional; empty statements are fine. */
struct node *parse_block(struct parser *p)
{
	const struct token *t = p_peek(p, 0);
	if (t->kind != TK_LBRACE) {
		p_unexpected(p, t, "'{'");
		return NULL;
	}
	struct node *b = node_new(N_BLOCK, t->loc);
	if (p_enter(p, b->loc)) {
		node_free(b);
		return NULL;
	}
	p_advance(p);
	int ok = !block_body(p, b) && !p_expect(p, TK_RBRACE, "'}'");
	p_leave(p);
	return finish(p, b, ok);
}
