/* Recursive-descent parser: token helpers and the top level (preprocessor
 * lines, struct definitions, config, imports, map declarations, macros and
 * probes). Statements are in parser_stmt.c, expressions in parser_expr.c. */
#include "lang/parser.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/parser_int.h"

/* ---- token helpers ---- */

const struct token *p_peek(struct parser *p, int k)
{
	if (k >= LA_MAX)
		k = LA_MAX - 1;
	while (p->nla <= k) {
		/* Never lex past the end or past an error. */
		if (p->nla > 0 && (p->la[p->nla - 1].kind == TK_EOF ||
				   p->la[p->nla - 1].kind == TK_ERROR))
			return &p->la[p->nla - 1];
		lexer_next(&p->lx, &p->la[p->nla]);
		if (p->la[p->nla].kind == TK_ERROR)
			p->failed = 1; /* the lexer reported it */
		p->nla++;
	}
	return &p->la[k];
}

enum tok_kind p_kind(struct parser *p, int k)
{
	return p_peek(p, k)->kind;
}

void p_advance(struct parser *p)
{
	p_peek(p, 0);
	if (p->la[0].kind == TK_EOF || p->la[0].kind == TK_ERROR)
		return;
	p->prev_end = p->la[0].end;
	p->prev_line = p->la[0].loc.line;
	token_free(&p->la[0]);
	memmove(&p->la[0], &p->la[1], (size_t)(p->nla - 1) * sizeof(p->la[0]));
	p->nla--;
}

int p_accept(struct parser *p, enum tok_kind k)
{
	if (p_kind(p, 0) != k)
		return 0;
	p_advance(p);
	return 1;
}

void p_error(struct parser *p, struct srcloc loc, const char *fmt, ...)
{
	if (p->failed)
		return;
	struct strbuf sb = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag_error(p->d, loc, "%s", sb_str(&sb));
	sb_free(&sb);
	p->failed = 1;
}

void p_unexpected(struct parser *p, const struct token *t, const char *expected)
{
	const char *what = tok_kind_str(t->kind);
	size_t n = t->end - t->off;
	if (t->kind == TK_IDENT || t->kind == TK_VAR || t->kind == TK_MAP || t->kind == TK_INT)
		p_error(p, t->loc, "syntax error: unexpected %s '%.*s', expected %s", what,
			(int)MIN(n, 64), p->lx.src + t->off, expected);
	else
		p_error(p, t->loc, "syntax error: unexpected %s, expected %s", what, expected);
}

int p_expect(struct parser *p, enum tok_kind k, const char *what)
{
	if (p_accept(p, k))
		return 0;
	p_unexpected(p, p_peek(p, 0), what);
	return -EINVAL;
}

char *p_text(struct parser *p, const struct token *t, size_t skip)
{
	size_t n = t->end - t->off;
	skip = MIN(skip, n);
	return xstrndup(p->lx.src + t->off + skip, n - skip);
}

int p_tok_is(struct parser *p, const struct token *t, const char *word)
{
	size_t n = strlen(word);
	return t->end - t->off == n && memcmp(p->lx.src + t->off, word, n) == 0;
}

struct srcloc p_span(struct parser *p, struct srcloc s)
{
	if (s.line <= 0)
		return s;
	size_t soff = lexer_line_off(&p->lx, s.line) + (size_t)(s.col - 1);
	size_t end = p->prev_end;
	if (p->prev_line != s.line) {
		const char *nl = memchr(p->lx.src + soff, '\n', p->lx.len - soff);
		end = nl ? (size_t)(nl - p->lx.src) : p->lx.len;
	}
	s.len = end > soff ? (int)(end - soff) : 1;
	return s;
}

int p_enter(struct parser *p, struct srcloc loc)
{
	if (p->nest >= MAX_NEST || p->tree >= MAX_TREE) {
		p_error(p, loc, "nesting too deep (the limit is %d levels)", MAX_NEST);
		return -EINVAL;
	}
	p->nest++;
	p->tree++;
	return 0;
}

void p_leave(struct parser *p)
{
	p->nest--;
	p->tree--;
}

int p_chain(struct parser *p, struct srcloc loc)
{
	if (++p->tree < MAX_TREE)
		return 0;
	p_error(p, loc, "expression too complex (more than %d nested operations)", MAX_TREE);
	return -EINVAL;
}

void p_flush(struct parser *p)
{
	if (p->nla == 0)
		return;
	if (p->la[0].kind != TK_ERROR)
		lexer_rewind(&p->lx, &p->la[0]);
	for (int i = 0; i < p->nla; i++)
		token_free(&p->la[i]);
	p->nla = 0;
}

/* ---- top level ---- */

struct tails {
	struct probe **probe;
	struct struct_def **sdef;
	struct node **config, **macro, **map_decl, **import, **define;
};

static void append(struct node ***tail, struct node *n)
{
	**tail = n;
	while (n->next)
		n = n->next;
	*tail = &n->next;
}

/* Offset of the body of a "#define" line (after "#", "define" and blanks),
 * 0 when the line is another directive. */
static size_t define_body(const char *line)
{
	size_t i = 1 + strspn(line + 1, " \t");
	if (strncmp(line + i, "define", 6) != 0 || !strchr(" \t", line[i + 6]) || !line[i + 6])
		return 0;
	return i + 6 + strspn(line + i + 6, " \t");
}

/* The body of a #define as an expression, or NULL: a body that is none is
 * only an error where the macro is used (as in bpftrace), so this parse
 * reports nothing. */
static struct node *define_value(struct parser *p, const struct lexer *lx)
{
	char *msgs = NULL;
	size_t len = 0;
	FILE *quiet = open_memstream(&msgs, &len);
	struct diag qd;
	diag_init(&qd, p->d->src, quiet);
	struct parser sub = {.d = quiet ? &qd : p->d};
	lexer_sub(&sub.lx, lx, lx->len);
	sub.lx.d = sub.d;
	struct node *e = parse_expr(&sub);
	if (e && (sub.failed || p_kind(&sub, 0) != TK_EOF)) {
		node_free(e);
		e = NULL;
	}
	for (int i = 0; i < sub.nla; i++)
		token_free(&sub.la[i]);
	lexer_fini(&sub.lx);
	if (quiet)
		fclose(quiet);
	free(msgs);
	return e;
}

/* #define NAME [body] (lx positioned at NAME): N_DEFINE with the body as
 * written in str and, when it is an expression, parsed in l. */
static struct node *parse_define(struct parser *p, struct lexer *lx)
{
	size_t n = lexer_word_len(lx, 0);
	struct srcloc loc = lexer_here(lx);
	if (!n) {
		p_error(p, loc, "#define needs a macro name");
		return NULL;
	}
	loc.len = (int)n;
	struct node *d = node_new(N_DEFINE, loc);
	d->name = xstrndup(lx->src + lx->at.pos, n);
	lexer_advance(lx, n);
	if (lexer_peekc(lx, 0) == '(') {
		p_error(p, loc, "function-like macro '%s': only object-like macros "
			"(#define NAME value) are supported", d->name);
		node_free(d);
		return NULL;
	}
	if (lexer_skip_space(lx)) {
		node_free(d);
		return NULL;
	}
	d->str = xstrndup(lx->src + lx->at.pos, lx->len - lx->at.pos);
	d->len = strlen(d->str);
	if (d->len)
		d->l = define_value(p, lx);
	return d;
}

/* Preprocessor lines are kept as written; a #define is also parsed (its
 * body as an expression, located in the source) for sema to expand. */
static int parse_preproc(struct parser *p, struct program *prog, struct tails *tl)
{
	struct lexer sub;
	lexer_sub(&sub, &p->lx, p->lx.len); /* ends with the line, once read */
	char *line;
	if (lexer_preproc_line(&p->lx, &line)) {
		lexer_fini(&sub);
		return -EINVAL;
	}
	prog->includes = xgrow(prog->includes, (size_t)prog->nincludes, sizeof(char *));
	prog->includes[prog->nincludes++] = line;
	size_t body = define_body(line);
	struct node *d = NULL;
	if (body) {
		sub.len = p->lx.at.pos;
		lexer_advance(&sub, body);
		d = parse_define(p, &sub);
	}
	lexer_fini(&sub);
	if (!body)
		return 0;
	if (!d)
		return -EINVAL;
	append(&tl->define, d);
	return 0;
}

static int parse_c_definition(struct parser *p, struct tails *t)
{
	struct struct_def *s = xcalloc(1, sizeof(*s));
	if (lexer_c_definition(&p->lx, &s->text, &s->name, &s->loc)) {
		free(s);
		return -EINVAL;
	}
	*t->sdef = s;
	t->sdef = &s->next;
	return 0;
}

/* One `key = value` of a config block: N_ASSIGN with l = N_VAR "key". */
static struct node *config_entry(struct parser *p)
{
	const struct token *t = p_peek(p, 0);
	if (t->kind != TK_IDENT) {
		p_unexpected(p, t, "config variable name or '}'");
		return NULL;
	}
	struct node *a = node_new(N_ASSIGN, t->loc);
	a->l = node_new(N_VAR, t->loc);
	a->l->name = p_text(p, t, 0);
	p_advance(p);
	if (p_expect(p, TK_ASSIGN, "'='") || !(a->r = parse_expr(p))) {
		node_free(a);
		return NULL;
	}
	a->loc = p_span(p, a->loc);
	return a;
}

/* config = { key = value; ... }  (the last ';' is optional) */
static int parse_config(struct parser *p, struct tails *tl)
{
	p_advance(p); /* config */
	if (p_expect(p, TK_ASSIGN, "'='") || p_expect(p, TK_LBRACE, "'{'"))
		return -EINVAL;
	for (;;) {
		while (p_accept(p, TK_SEMI))
			;
		if (p_accept(p, TK_RBRACE))
			return 0;
		struct node *a = config_entry(p);
		if (!a)
			return -EINVAL;
		append(&tl->config, a);
		if (p_kind(p, 0) != TK_RBRACE && p_expect(p, TK_SEMI, "';' or '}'"))
			return -EINVAL;
	}
}

/* import "name"; */
static int parse_import(struct parser *p, struct tails *tl)
{
	p_advance(p); /* import */
	const struct token *t = p_peek(p, 0);
	if (t->kind != TK_STR) {
		p_unexpected(p, t, "string");
		return -EINVAL;
	}
	struct node *n = node_new(N_STR, t->loc);
	n->str = t->str;
	n->len = t->slen;
	p->la[0].str = NULL;
	p_advance(p);
	append(&tl->import, n);
	return p_expect(p, TK_SEMI, "';'");
}

/* let @name = hash(100); */
static int parse_map_decl(struct parser *p, struct tails *tl)
{
	struct srcloc start = p_peek(p, 0)->loc;
	p_advance(p); /* let */
	const struct token *t = p_peek(p, 0);
	struct node *n = node_new(N_LET, start);
	n->l = node_new(N_MAP, t->loc);
	n->l->name = p_text(p, t, 0);
	p_advance(p);
	if (p_expect(p, TK_ASSIGN, "'='") || !(n->r = parse_expr(p)) ||
	    p_expect(p, TK_SEMI, "';'")) {
		node_free(n);
		return -EINVAL;
	}
	n->loc = p_span(p, start);
	append(&tl->map_decl, n);
	return 0;
}

static struct node *macro_param(struct parser *p)
{
	static const enum node_kind kinds[] = {[TK_VAR] = N_VAR, [TK_MAP] = N_MAP, [TK_IDENT] = N_BUILTIN};
	const struct token *t = p_peek(p, 0);
	if (t->kind != TK_VAR && t->kind != TK_MAP && t->kind != TK_IDENT) {
		p_unexpected(p, t, "macro parameter ($var, @map or name)");
		return NULL;
	}
	struct node *n = node_new(kinds[t->kind], t->loc);
	n->name = p_text(p, t, t->kind == TK_VAR);
	p_advance(p);
	return n;
}

static int macro_params(struct parser *p, struct node *m)
{
	struct node **tail = &m->args;
	if (p_expect(p, TK_LPAREN, "'('"))
		return -EINVAL;
	if (p_accept(p, TK_RPAREN))
		return 0;
	do {
		if (!(*tail = macro_param(p)))
			return -EINVAL;
		tail = &(*tail)->next;
	} while (p_accept(p, TK_COMMA));
	return p_expect(p, TK_RPAREN, "',' or ')'");
}

/* macro name(params) { body } */
static int parse_macro(struct parser *p, struct tails *tl)
{
	struct srcloc start = p_peek(p, 0)->loc;
	p_advance(p); /* macro */
	const struct token *t = p_peek(p, 0);
	struct node *m = node_new(N_MACRO, start);
	m->name = p_text(p, t, 0);
	p_advance(p);
	m->loc = p_span(p, start);
	if (macro_params(p, m) || !(m->then = parse_block(p))) {
		node_free(m);
		return -EINVAL;
	}
	append(&tl->macro, m);
	return 0;
}

static int parse_attach_points(struct parser *p, struct probe *pr)
{
	struct attach_point **tail = &pr->aps;
	for (;;) {
		if (lexer_attach_point(&p->lx, tail))
			return -EINVAL;
		tail = &(*tail)->next;
		if (lexer_skip_space(&p->lx))
			return -EINVAL;
		if (lexer_peekc(&p->lx, 0) != ',')
			return 0;
		lexer_advance(&p->lx, 1);
		if (lexer_skip_space(&p->lx))
			return -EINVAL;
		int c = lexer_peekc(&p->lx, 0);
		if (c == '{' || c == '/')
			return 0; /* trailing comma */
	}
}

static struct srcloc probe_loc(struct probe *pr)
{
	struct attach_point *last = pr->aps;
	while (last->next)
		last = last->next;
	return srcloc_span(pr->aps->loc, last->loc);
}

/* attach_points [/pred/] { body } */
static int parse_probe(struct parser *p, struct tails *tl)
{
	struct probe *pr = xcalloc(1, sizeof(*pr));
	*tl->probe = pr; /* linked first so that program_free frees it on error */
	tl->probe = &pr->next;
	if (parse_attach_points(p, pr))
		return -EINVAL;
	pr->loc = probe_loc(pr);
	if (lexer_peekc(&p->lx, 0) == '/') {
		lexer_advance(&p->lx, 1);
		if (!(pr->pred = parse_expr(p)) ||
		    p_expect(p, TK_ENDPRED, "'/' followed by '{' to end the predicate"))
			return -EINVAL;
	}
	if (p_kind(p, 0) != TK_LBRACE) {
		p_unexpected(p, p_peek(p, 0), pr->pred ? "'{'" : "'{' or '/' (predicate)");
		return -EINVAL;
	}
	pr->body = parse_block(p);
	return pr->body ? 0 : -EINVAL;
}

/* The top-level keywords config/macro/import are only keywords when the
 * form that follows matches, so a probe provider can never be mistaken. */
static int next_char_is(struct parser *p, size_t wordlen, int c)
{
	size_t i = lexer_peek_nonspace(&p->lx, wordlen);
	return i < p->lx.len && p->lx.src[i] == c;
}

static int parse_toplevel(struct parser *p, struct program *prog, struct tails *tl)
{
	struct lexer *lx = &p->lx;
	int c = lexer_peekc(lx, 0);
	if (c == '#')
		return parse_preproc(p, prog, tl);
	if (c == ';') { /* stray ';' after a struct or config block */
		lexer_advance(lx, 1);
		return 0;
	}
	if (lexer_at_word(lx, "struct") || lexer_at_word(lx, "union") || lexer_at_word(lx, "enum"))
		return parse_c_definition(p, tl);
	if (lexer_at_word(lx, "config") && next_char_is(p, 6, '='))
		return parse_config(p, tl);
	if (lexer_at_word(lx, "import") && !next_char_is(p, 6, ':'))
		return parse_import(p, tl);
	if (lexer_at_word(lx, "let") && next_char_is(p, 3, '@'))
		return parse_map_decl(p, tl);
	if (lexer_at_word(lx, "macro")) {
		size_t i = lexer_peek_nonspace(lx, 5);
		if (i > lx->at.pos + 5 && lexer_word_len(lx, i - lx->at.pos))
			return parse_macro(p, tl);
	}
	return parse_probe(p, tl);
}

static int parse_all(struct parser *p, struct program *prog)
{
	struct tails tl = {&prog->probes, &prog->structs, &prog->config,
			   &prog->macros, &prog->map_decls, &prog->imports, &prog->defines};
	lexer_skip_shebang(&p->lx);
	for (;;) {
		p_flush(p);
		if (p->failed || lexer_skip_space(&p->lx))
			return -EINVAL;
		if (lexer_at_eof(&p->lx))
			return 0;
		if (parse_toplevel(p, prog, &tl) || p->failed)
			return -EINVAL;
	}
}

int parse_program(struct diag *d, struct program **out)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.d = d;
	lexer_init(&p.lx, d);
	struct program *prog = xcalloc(1, sizeof(*prog));
	int errors = d->errors;
	int err = parse_all(&p, prog);
	if (!err && d->errors != errors)
		err = -EINVAL; /* defensive: an error reported by the lexer alone */
	p.failed = 1;      /* p_flush must not report anything */
	for (int i = 0; i < p.nla; i++)
		token_free(&p.la[i]);
	lexer_fini(&p.lx);
	*out = NULL;
	if (err) {
		program_free(prog);
		return -EINVAL;
	}
	*out = prog;
	return 0;
}
