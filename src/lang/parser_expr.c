/* Expressions: C precedence and associativity via precedence climbing, plus
 * casts, types, sizeof/offsetof, tuples, maps, calls and block expressions. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/parser_int.h"

static struct node *fail(struct node *n)
{
	node_free(n);
	return NULL;
}

static struct node *finish(struct parser *p, struct node *n, int ok)
{
	if (!ok)
		return fail(n);
	n->loc = p_span(p, n->loc);
	return n;
}

/* ---- types ---- */

/* Words that name a type by themselves, so "(word)" is a cast no matter
 * what follows. Other identifiers are typedefs only when the context says
 * so (see looks_like_cast). */
static int is_type_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
		"uint64", "string", "inet", "buffer", "void", "char", "short", "int",
		"long", "unsigned", "signed", "const", "volatile", "u8", "u16", "u32",
		"u64", "s8", "s16", "s32", "s64", "__u8", "__u16", "__u32", "__u64",
		"__s8", "__s16", "__s32", "__s64",
	};
	if (n > 2 && s[n - 2] == '_' && s[n - 1] == 't')
		return 1; /* uint64_t, pid_t, size_t... */
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return 1;
	return 0;
}

static int tok_is_type_word(struct parser *p, int k)
{
	const struct token *t = p_peek(p, k);
	return t->kind == TK_IDENT && is_type_word(p->lx.src + t->off, t->end - t->off);
}

/* Words that combine with a following type word: "unsigned long", "const char". */
static int is_prefix_word(struct parser *p, const struct token *t)
{
	static const char *const words[] = {"const", "volatile", "unsigned", "signed",
					    "short", "long"};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (p_tok_is(p, t, words[i]))
			return 1;
	return 0;
}

struct type_scan {
	int known;   /* a type keyword or a known type word */
	int pointer; /* has '*' or '[]': cannot be an expression */
	int end;     /* index of the token after the type */
};

/* Derivations after the base: '*' and '[N]' / '[]'. */
static int scan_derivations(struct parser *p, struct type_scan *s, int k)
{
	for (;;) {
		if (k >= LA_MAX - 4)
			return -1;
		enum tok_kind t = p_kind(p, k);
		if (t == TK_STAR) {
			s->pointer = 1;
			k++;
		} else if (t == TK_LBRACKET && p_kind(p, k + 1) == TK_RBRACKET) {
			s->pointer = 1;
			k += 2;
		} else if (t == TK_LBRACKET && p_kind(p, k + 1) == TK_INT &&
			   p_kind(p, k + 2) == TK_RBRACKET) {
			k += 3;
		} else {
			return k;
		}
	}
}

/* Do the tokens from k on look like a type? Fills s; returns 0 if not. */
static int scan_type(struct parser *p, int k, struct type_scan *s)
{
	memset(s, 0, sizeof(*s));
	enum tok_kind t = p_kind(p, k);
	if (t == TK_STRUCT || t == TK_UNION || t == TK_ENUM) {
		if (p_kind(p, k + 1) != TK_IDENT)
			return 0;
		s->known = 1;
		k += 2;
	} else if (t == TK_IDENT) {
		int first = k;
		while (is_prefix_word(p, p_peek(p, k)) && p_kind(p, k + 1) == TK_IDENT && k < LA_MAX - 4)
			k++;
		s->known = k > first || tok_is_type_word(p, k); /* "const foo" is a type */
		k++;
	} else {
		return 0;
	}
	s->end = scan_derivations(p, s, k);
	return s->end >= 0;
}

/* Tokens that can only begin an operand, never continue an expression. */
static int starts_operand(enum tok_kind k)
{
	switch (k) {
	case TK_IDENT: case TK_INT: case TK_STR: case TK_VAR: case TK_POSPARAM:
	case TK_PARAMCOUNT: case TK_MAP: case TK_LPAREN: case TK_BANG: case TK_TILDE:
	case TK_TRUE: case TK_FALSE: case TK_SIZEOF: case TK_OFFSETOF:
		return 1;
	default:
		return 0;
	}
}

/* At '(': is this a cast? "(struct x *)", "(uint32)", "(int8[4])", "(foo *)"
 * always are; "(foo)" is a cast of a typedef only when an operand follows
 * that could not continue an expression: "(pid_t)$x" but not "(arg0) - 1". */
static int looks_like_cast(struct parser *p)
{
	struct type_scan s;
	if (!scan_type(p, 1, &s) || p_kind(p, s.end) != TK_RPAREN)
		return 0;
	return s.known || s.pointer || starts_operand(p_kind(p, s.end + 1));
}

static void append_type_word(struct parser *p, struct strbuf *sb)
{
	const struct token *t = p_peek(p, 0);
	if (sb->len)
		sb_appendc(sb, ' ');
	sb_appendn(sb, p->lx.src + t->off, t->end - t->off);
	p_advance(p);
}

/* typeof(expr) as a type: kept as written. */
static int typeof_type(struct parser *p, struct strbuf *sb)
{
	size_t start = p_peek(p, 0)->off;
	p_advance(p);
	if (p_expect(p, TK_LPAREN, "'('"))
		return -EINVAL;
	struct node *e = parse_expr(p);
	node_free(e);
	if (!e || p_expect(p, TK_RPAREN, "')'"))
		return -EINVAL;
	sb_appendn(sb, p->lx.src + start, p->prev_end - start);
	return 0;
}

static int type_base(struct parser *p, struct strbuf *sb)
{
	enum tok_kind k = p_kind(p, 0);
	if (k == TK_STRUCT || k == TK_UNION || k == TK_ENUM) {
		append_type_word(p, sb);
		if (p_kind(p, 0) != TK_IDENT) {
			p_unexpected(p, p_peek(p, 0), "type name");
			return -EINVAL;
		}
		append_type_word(p, sb);
		return 0;
	}
	if (k != TK_IDENT) {
		p_unexpected(p, p_peek(p, 0), "type");
		return -EINVAL;
	}
	if (p_tok_is(p, p_peek(p, 0), "typeof") && p_kind(p, 1) == TK_LPAREN)
		return typeof_type(p, sb);
	while (is_prefix_word(p, p_peek(p, 0)) && p_kind(p, 1) == TK_IDENT)
		append_type_word(p, sb);
	append_type_word(p, sb);
	return 0;
}

static int type_derivations(struct parser *p, struct strbuf *sb)
{
	for (;;) {
		if (p_accept(p, TK_STAR)) {
			sb_append(sb, sb->buf[sb->len - 1] == '*' ? "*" : " *");
		} else if (p_accept(p, TK_LBRACKET)) {
			const struct token *t = p_peek(p, 0);
			if (t->kind == TK_INT) {
				sb_printf(sb, "[%llu]", (unsigned long long)t->num);
				p_advance(p);
			} else {
				sb_append(sb, "[]");
			}
			if (p_expect(p, TK_RBRACKET, "']'"))
				return -EINVAL;
		} else {
			return 0;
		}
	}
}

/* A written type, normalised: "struct task_struct *", "uint8[4]", "int8 **". */
char *parse_type(struct parser *p)
{
	struct strbuf sb = {0};
	if (type_base(p, &sb) || type_derivations(p, &sb)) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/* ---- primary expressions ---- */

static struct node *leaf(struct parser *p, enum node_kind kind, size_t skip)
{
	const struct token *t = p_peek(p, 0);
	struct node *n = node_new(kind, t->loc);
	n->num = t->num;
	if (kind == N_BOOL)
		n->num = t->kind == TK_TRUE;
	if (kind == N_VAR || kind == N_BUILTIN || kind == N_MAP)
		n->name = p_text(p, t, skip);
	if (kind == N_STR) {
		n->str = t->str;
		n->len = t->slen;
		p->la[0].str = NULL;
	}
	if (t->kind == TK_PARAMCOUNT)
		n->name = xstrdup("#");
	p_advance(p);
	return n;
}

/* expr, expr, ... up to `close` (consumed). Empty only when allow_empty. */
static int expr_list(struct parser *p, struct node **out, enum tok_kind close,
		     const char *what, int allow_empty)
{
	struct node **tail = out;
	if (allow_empty && p_accept(p, close))
		return 0;
	do {
		if (!(*tail = parse_expr(p)))
			return -EINVAL;
		tail = &(*tail)->next;
	} while (p_accept(p, TK_COMMA));
	return p_expect(p, close, what);
}

/* name(args) or name (a builtin; semantic analysis decides which exist). */
static struct node *ident_or_call(struct parser *p)
{
	struct node *n = leaf(p, N_BUILTIN, 0);
	if (p_kind(p, 0) != TK_LPAREN)
		return n;
	n->kind = N_CALL;
	if (p_enter(p, n->loc))
		return fail(n);
	p_advance(p);
	int ok = !expr_list(p, &n->args, TK_RPAREN, "',' or ')'", 1);
	p_leave(p);
	return finish(p, n, ok);
}

/* @name or @name[key, ...] */
static struct node *map_expr(struct parser *p)
{
	struct node *n = leaf(p, N_MAP, 0);
	if (p_kind(p, 0) != TK_LBRACKET)
		return n;
	if (p_enter(p, n->loc))
		return fail(n);
	p_advance(p);
	int ok = !expr_list(p, &n->args, TK_RBRACKET, "',' or ']'", 0);
	p_leave(p);
	return finish(p, n, ok);
}

/* The rest of a tuple after its first element: , b, c) or ,) */
static int tuple_rest(struct parser *p, struct node *first)
{
	struct node **tail = &first->next;
	while (p_accept(p, TK_COMMA) && p_kind(p, 0) != TK_RPAREN) {
		if (!(*tail = parse_expr(p)))
			return -EINVAL;
		tail = &(*tail)->next;
	}
	return p_expect(p, TK_RPAREN, "',' or ')'");
}

/* (expr) keeps the inner node, its location widened to the parentheses. */
static struct node *parenthesized(struct parser *p, struct node *t, struct node *e)
{
	p_leave(p);
	if (!e || p_expect(p, TK_RPAREN, "')'")) {
		node_free(e);
		return fail(t);
	}
	e->loc = p_span(p, t->loc);
	node_free(t);
	return e;
}

/* (expr), (a, b), (a,) and () */
static struct node *paren_expr(struct parser *p)
{
	struct node *t = node_new(N_TUPLE, p_peek(p, 0)->loc);
	if (p_enter(p, t->loc))
		return fail(t);
	p_advance(p);
	int ok = 1;
	if (p_kind(p, 0) == TK_RPAREN) {
		p_advance(p); /* () */
	} else {
		struct node *e = parse_expr(p);
		if (!e || p_kind(p, 0) != TK_COMMA)
			return parenthesized(p, t, e);
		t->args = e;
		ok = !tuple_rest(p, e);
	}
	p_leave(p);
	return finish(p, t, ok);
}

/* Is "sizeof(" / "offsetof(" followed by a type rather than an expression? */
static int type_follows(struct parser *p, enum tok_kind end)
{
	struct type_scan s;
	enum tok_kind k = p_kind(p, 0);
	if (k == TK_STRUCT || k == TK_UNION || k == TK_ENUM)
		return 1;
	return scan_type(p, 0, &s) && (s.known || s.pointer) && p_kind(p, s.end) == end;
}

static struct node *sizeof_expr(struct parser *p)
{
	struct node *n = node_new(N_SIZEOF, p_peek(p, 0)->loc);
	if (p_enter(p, n->loc))
		return fail(n);
	p_advance(p);
	int ok = !p_expect(p, TK_LPAREN, "'('");
	if (ok && type_follows(p, TK_RPAREN))
		ok = !!(n->ctype = parse_type(p));
	else if (ok)
		ok = !!(n->l = parse_expr(p));
	ok = ok && !p_expect(p, TK_RPAREN, "')'");
	p_leave(p);
	return finish(p, n, ok);
}

static int is_name_token(enum tok_kind k)
{
	return k == TK_IDENT || (k >= TK_IF && k <= TK_ENUM); /* keywords are fine as names */
}

/* field or field.sub.sub (offsetof's member designator) */
static int field_path(struct parser *p, struct node *n)
{
	struct strbuf sb = {0};
	do {
		const struct token *t = p_peek(p, 0);
		if (!is_name_token(t->kind)) {
			p_unexpected(p, t, "field name");
			sb_free(&sb);
			return -EINVAL;
		}
		if (sb.len)
			sb_appendc(&sb, '.');
		sb_appendn(&sb, p->lx.src + t->off, t->end - t->off);
		p_advance(p);
	} while (p_accept(p, TK_DOT));
	n->name = sb_detach(&sb);
	return 0;
}

/* offsetof(struct foo, field) / offsetof(expr, field) */
static struct node *offsetof_expr(struct parser *p)
{
	struct node *n = node_new(N_OFFSETOF, p_peek(p, 0)->loc);
	if (p_enter(p, n->loc))
		return fail(n);
	p_advance(p);
	int ok = !p_expect(p, TK_LPAREN, "'('");
	if (ok && type_follows(p, TK_COMMA))
		ok = !!(n->ctype = parse_type(p));
	else if (ok)
		ok = !!(n->l = parse_expr(p));
	ok = ok && !p_expect(p, TK_COMMA, "','") && !field_path(p, n) &&
	     !p_expect(p, TK_RPAREN, "')'");
	p_leave(p);
	return finish(p, n, ok);
}

static struct node *parse_primary(struct parser *p)
{
	const struct token *t = p_peek(p, 0);
	switch (t->kind) {
	case TK_INT: return leaf(p, N_INT, 0);
	case TK_STR: return leaf(p, N_STR, 0);
	case TK_TRUE: case TK_FALSE: return leaf(p, N_BOOL, 0);
	case TK_VAR: return leaf(p, N_VAR, 1);
	case TK_POSPARAM: case TK_PARAMCOUNT: return leaf(p, N_POSPARAM, 0);
	case TK_MAP: return map_expr(p);
	case TK_IDENT: return ident_or_call(p);
	case TK_SIZEOF: return sizeof_expr(p);
	case TK_OFFSETOF: return offsetof_expr(p);
	case TK_LPAREN: return paren_expr(p);
	case TK_LBRACE: return parse_block(p); /* block expression { ...; value } */
	case TK_IF: return parse_if(p);        /* if-expression */
	default:
		p_unexpected(p, t, "expression");
		return NULL;
	}
}

/* ---- postfix and unary ---- */

static int check_incdec(struct parser *p, const struct node *l, struct srcloc op, int inc)
{
	if (l->kind == N_MAP || l->kind == N_VAR)
		return 0;
	p_error(p, op, "the %s operator must be applied to a map or variable", inc ? "++" : "--");
	return -EINVAL;
}

/* .field ->field .0 */
static struct node *field_access(struct parser *p, struct node *e)
{
	int arrow = p_kind(p, 0) == TK_ARROW;
	p_advance(p);
	const struct token *t = p_peek(p, 0);
	struct node *n = node_new(N_FIELD, e->loc);
	n->l = e;
	n->post = arrow;
	if (is_name_token(t->kind))
		n->name = p_text(p, t, 0);
	else if (t->kind == TK_INT && !arrow)
		n->name = xasprintf("%llu", (unsigned long long)t->num);
	else {
		p_unexpected(p, t, arrow ? "field name after '->'" : "field name after '.'");
		return fail(n);
	}
	p_advance(p);
	return finish(p, n, 1);
}

static struct node *index_access(struct parser *p, struct node *e)
{
	struct node *n = node_new(N_INDEX, e->loc);
	n->l = e;
	if (p_enter(p, p_peek(p, 0)->loc))
		return fail(n);
	p_advance(p);
	int ok = (n->r = parse_expr(p)) && !p_expect(p, TK_RBRACKET, "']'");
	p_leave(p);
	return finish(p, n, ok);
}

static struct node *incdec(struct parser *p, struct node *e, int post)
{
	const struct token *t = p_peek(p, 0);
	int inc = t->kind == TK_INC;
	struct node *n = node_new(N_INCDEC, post ? e->loc : t->loc);
	n->l = e;
	n->op = inc ? OP_ADD : OP_SUB;
	n->post = post;
	if (check_incdec(p, e, t->loc, inc))
		return fail(n);
	p_advance(p);
	return finish(p, n, 1);
}

static struct node *parse_postfix(struct parser *p, struct node *e)
{
	int saved = p->tree;
	while (e) {
		enum tok_kind k = p_kind(p, 0);
		if (k == TK_DOT || k == TK_ARROW)
			e = field_access(p, e);
		else if (k == TK_LBRACKET)
			e = index_access(p, e);
		else if (k == TK_INC || k == TK_DEC)
			e = incdec(p, e, 1);
		else
			break;
		if (e && p_chain(p, e->loc))
			e = fail(e);
	}
	p->tree = saved;
	return e;
}

/* ++x / --x: the operand is a map or variable (with its subscript). */
static struct node *prefix_incdec(struct parser *p)
{
	struct token op = *p_peek(p, 0);
	op.str = NULL;
	p_advance(p);
	struct node *e = parse_postfix(p, parse_primary(p));
	if (!e)
		return NULL;
	int inc = op.kind == TK_INC;
	if (check_incdec(p, e, op.loc, inc))
		return fail(e);
	struct node *n = node_new(N_INCDEC, op.loc);
	n->l = e;
	n->op = inc ? OP_ADD : OP_SUB;
	return finish(p, n, 1);
}

static struct node *parse_cast(struct parser *p)
{
	struct node *n = node_new(N_CAST, p_peek(p, 0)->loc);
	p_advance(p);
	int ok = (n->ctype = parse_type(p)) && !p_expect(p, TK_RPAREN, "')'") &&
		 !p_enter(p, n->loc);
	if (!ok)
		return fail(n);
	n->l = parse_unary(p);
	p_leave(p);
	return finish(p, n, !!n->l);
}

static enum op unary_op(enum tok_kind k)
{
	switch (k) {
	case TK_BANG: return OP_LNOT;
	case TK_TILDE: return OP_BNOT;
	case TK_MINUS: return OP_NEG;
	case TK_STAR: return OP_DEREF;
	case TK_AMP: return OP_ADDROF;
	default: return OP_NONE;
	}
}

struct node *parse_unary(struct parser *p)
{
	enum tok_kind k = p_kind(p, 0);
	enum op op = unary_op(k);
	if (op != OP_NONE) {
		struct node *n = node_new(N_UNOP, p_peek(p, 0)->loc);
		n->op = op;
		if (p_enter(p, n->loc))
			return fail(n);
		p_advance(p);
		n->l = parse_unary(p);
		p_leave(p);
		return finish(p, n, !!n->l);
	}
	if (k == TK_INC || k == TK_DEC)
		return prefix_incdec(p);
	if (k == TK_LPAREN && looks_like_cast(p))
		return parse_cast(p);
	return parse_postfix(p, parse_primary(p));
}

/* ---- binary and ternary ---- */

static enum op binary_op(enum tok_kind k, int *prec)
{
	static const struct {
		enum op op;
		int prec;
	} ops[TK_NKINDS] = {
		[TK_LOR] = {OP_LOR, 1}, [TK_LAND] = {OP_LAND, 2}, [TK_PIPE] = {OP_BOR, 3},
		[TK_CARET] = {OP_BXOR, 4}, [TK_AMP] = {OP_BAND, 5}, [TK_EQ] = {OP_EQ, 6},
		[TK_NE] = {OP_NE, 6}, [TK_LT] = {OP_LT, 7}, [TK_LE] = {OP_LE, 7},
		[TK_GT] = {OP_GT, 7}, [TK_GE] = {OP_GE, 7}, [TK_SHL] = {OP_SHL, 8},
		[TK_SHR] = {OP_SHR, 8}, [TK_PLUS] = {OP_ADD, 9}, [TK_MINUS] = {OP_SUB, 9},
		[TK_STAR] = {OP_MUL, 10}, [TK_SLASH] = {OP_DIV, 10}, [TK_PERCENT] = {OP_MOD, 10},
	};
	if ((unsigned)k >= TK_NKINDS)
		return OP_NONE;
	*prec = ops[k].prec;
	return ops[k].op;
}

/* Left-associative operators of precedence >= min. The right operand is
 * parsed at a higher level, so recursion is bounded by the number of
 * levels; the chain itself is a loop. */
static struct node *parse_binary(struct parser *p, int min)
{
	struct node *l = parse_unary(p);
	int saved = p->tree, prec = 0;
	enum op op;
	while (l && (op = binary_op(p_kind(p, 0), &prec)) != OP_NONE && prec >= min) {
		struct node *n = node_new(N_BINOP, l->loc);
		n->op = op;
		n->l = l;
		p_advance(p);
		int ok = !p_chain(p, n->loc) && (n->r = parse_binary(p, prec + 1));
		l = finish(p, n, ok);
	}
	p->tree = saved;
	return l;
}

/* cond ? a : b, right-associative */
struct node *parse_expr(struct parser *p)
{
	struct node *c = parse_binary(p, 1);
	if (!c || p_kind(p, 0) != TK_QUES)
		return c;
	struct node *n = node_new(N_TERNARY, c->loc);
	n->cond = c;
	if (p_enter(p, p_peek(p, 0)->loc))
		return fail(n);
	p_advance(p);
	int ok = (n->l = parse_expr(p)) && !p_expect(p, TK_COLON, "':'") &&
		 (n->r = parse_expr(p));
	p_leave(p);
	return finish(p, n, ok);
}
