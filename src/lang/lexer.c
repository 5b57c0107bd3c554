/* Token lexer: identifiers, keywords, literals and operators. The character-
 * wise helpers used at the top level live in lexer_raw.c. */
#include "lang/lexer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char empty_src[] = "";

void lexer_init(struct lexer *lx, struct diag *d)
{
	memset(lx, 0, sizeof(*lx));
	lx->d = d;
	lx->src = empty_src;
	if (d->src && d->src->text) {
		lx->src = d->src->text;
		lx->len = d->src->len;
	}
	lx->at.line = 1;
	lx->prev = TK_EOF;
	vec_push(&lx->line_starts, (size_t)0);
}

void lexer_sub(struct lexer *sub, const struct lexer *lx, size_t end)
{
	*sub = *lx;
	sub->len = MIN(end, lx->len);
	sub->prev = TK_EOF;
	sub->line_starts.data = NULL; /* its own copy: lexing may append lines */
	sub->line_starts.len = sub->line_starts.cap = 0;
	vec_grow(&sub->line_starts, lx->line_starts.len);
	memcpy(sub->line_starts.data, lx->line_starts.data,
	       lx->line_starts.len * sizeof(*lx->line_starts.data));
	sub->line_starts.len = lx->line_starts.len;
}

void lexer_fini(struct lexer *lx)
{
	vec_free(&lx->line_starts);
}

void token_free(struct token *t)
{
	free(t->str);
	t->str = NULL;
}

struct srcloc lexer_here(const struct lexer *lx)
{
	return (struct srcloc){.line = lx->at.line, .col = (int)(lx->at.pos - lx->at.line_start) + 1, .len = 1};
}

size_t lexer_line_off(const struct lexer *lx, int line)
{
	if (line < 1 || (size_t)line > lx->line_starts.len)
		return 0;
	return lx->line_starts.data[line - 1];
}

void lexer_rewind(struct lexer *lx, const struct token *t)
{
	lx->at.pos = t->off;
	lx->at.line = t->loc.line;
	lx->at.line_start = lexer_line_off(lx, t->loc.line);
	lx->prev = TK_EOF;
}

int lexer_peekc(const struct lexer *lx, size_t ahead)
{
	size_t i = lx->at.pos + ahead;
	return i < lx->len ? (unsigned char)lx->src[i] : 0;
}

int lexer_at_eof(const struct lexer *lx)
{
	return lx->at.pos >= lx->len;
}

void lexer_advance(struct lexer *lx, size_t n)
{
	for (; n > 0 && lx->at.pos < lx->len; n--) {
		if (lx->src[lx->at.pos++] != '\n')
			continue;
		lx->at.line++;
		lx->at.line_start = lx->at.pos;
		if ((size_t)lx->at.line > lx->line_starts.len)
			vec_push(&lx->line_starts, lx->at.pos);
	}
}

/* Reports the byte at the current position as an invalid character. */
static void bad_char(struct lexer *lx)
{
	int c = lexer_peekc(lx, 0);
	if (c > 0x20 && c < 0x7f)
		diag_error(lx->d, lexer_here(lx), "invalid character '%c'", c);
	else
		diag_error(lx->d, lexer_here(lx), "invalid character '\\x%02x'", c);
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Skips a comment starting at the position ("//" or "/ *"). NUL bytes are
 * invalid even inside comments: the source has an explicit length and a NUL
 * almost always means a binary file was passed by mistake. */
static int skip_comment(struct lexer *lx)
{
	int block = lexer_peekc(lx, 1) == '*';
	struct srcloc start = lexer_here(lx);
	lexer_advance(lx, 2);
	for (;;) {
		if (lexer_at_eof(lx)) {
			if (!block)
				return 0;
			start.len = 2;
			diag_error(lx->d, start, "unterminated comment");
			return -EINVAL;
		}
		int c = lexer_peekc(lx, 0);
		if (c == 0) {
			bad_char(lx);
			return -EINVAL;
		}
		if (!block && c == '\n')
			return 0;
		if (block && c == '*' && lexer_peekc(lx, 1) == '/') {
			lexer_advance(lx, 2);
			return 0;
		}
		lexer_advance(lx, 1);
	}
}

int lexer_skip_space(struct lexer *lx)
{
	while (!lexer_at_eof(lx)) {
		int c = lexer_peekc(lx, 0);
		if (is_blank(c)) {
			lexer_advance(lx, 1);
		} else if (c == '/' && (lexer_peekc(lx, 1) == '/' || lexer_peekc(lx, 1) == '*')) {
			if (skip_comment(lx))
				return -EINVAL;
		} else {
			break;
		}
	}
	return 0;
}

size_t lexer_peek_nonspace(const struct lexer *lx, size_t ahead)
{
	size_t i = lx->at.pos + ahead;
	while (i < lx->len) {
		char c = lx->src[i];
		char c1 = i + 1 < lx->len ? lx->src[i + 1] : 0;
		if (is_blank((unsigned char)c)) {
			i++;
		} else if (c == '/' && c1 == '/') {
			while (i < lx->len && lx->src[i] != '\n')
				i++;
		} else if (c == '/' && c1 == '*') {
			const char *e = memmem(lx->src + i + 2, lx->len - i - 2, "*/", 2);
			i = e ? (size_t)(e - lx->src) + 2 : lx->len;
		} else {
			break;
		}
	}
	return i < lx->len ? i : lx->len;
}

/* ---- identifiers and keywords ---- */

static int is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident_char(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

size_t lexer_word_len(const struct lexer *lx, size_t ahead)
{
	size_t i = lx->at.pos + ahead, n = 0;
	if (i >= lx->len || !is_ident_start((unsigned char)lx->src[i]))
		return 0;
	while (i + n < lx->len && is_ident_char((unsigned char)lx->src[i + n]))
		n++;
	return n;
}

int lexer_at_word(const struct lexer *lx, const char *w)
{
	size_t n = strlen(w);
	return lexer_word_len(lx, 0) == n && memcmp(lx->src + lx->at.pos, w, n) == 0;
}

static const struct {
	const char *word;
	enum tok_kind kind;
} keywords[] = {
	{"if", TK_IF}, {"else", TK_ELSE}, {"while", TK_WHILE}, {"for", TK_FOR},
	{"unroll", TK_UNROLL}, {"return", TK_RETURN}, {"break", TK_BREAK},
	{"continue", TK_CONTINUE}, {"let", TK_LET}, {"sizeof", TK_SIZEOF},
	{"offsetof", TK_OFFSETOF}, {"true", TK_TRUE}, {"false", TK_FALSE},
	{"struct", TK_STRUCT}, {"union", TK_UNION}, {"enum", TK_ENUM},
};

static void lex_word(struct lexer *lx, struct token *t)
{
	size_t n = lexer_word_len(lx, 0);
	t->kind = TK_IDENT;
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (keywords[i].word[0] == lx->src[lx->at.pos] && strlen(keywords[i].word) == n &&
		    memcmp(keywords[i].word, lx->src + lx->at.pos, n) == 0)
			t->kind = keywords[i].kind;
	lexer_advance(lx, n);
}

/* ---- numbers ---- */

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Multiplies-and-adds with overflow detection. */
static void accumulate(uint64_t *v, uint64_t mul, uint64_t add, int *overflow)
{
	if (*v > (UINT64_MAX - add) / mul)
		*overflow = 1;
	else
		*v = *v * mul + add;
}

struct numscan {
	const char *s; /* source */
	size_t i, end; /* cursor, source length */
	uint64_t v;
	int overflow;
};

static int ns_at(const struct numscan *ns, size_t k)
{
	return ns->i + k < ns->end ? (unsigned char)ns->s[ns->i + k] : 0;
}

/* Reads digits of `base`; '_' separates digits ("1_000") and must be
 * followed by a digit (otherwise it starts the suffix). Returns the count. */
static int scan_digits(struct numscan *ns, int base)
{
	int n = 0;
	for (;;) {
		int c = ns_at(ns, 0);
		if (c == '_' && digit_value(ns_at(ns, 1)) < base && n > 0) {
			ns->i++;
			continue;
		}
		if (digit_value(c) >= base)
			return n;
		accumulate(&ns->v, (uint64_t)base, (uint64_t)digit_value(c), &ns->overflow);
		ns->i++;
		n++;
	}
}

/* Returns the base; *prefix is set for an explicit 0x / 0b / 0o prefix. */
static int scan_base(struct numscan *ns, int *prefix)
{
	int c1 = ns_at(ns, 1) | 0x20;
	*prefix = 0;
	if (ns_at(ns, 0) != '0')
		return 10;
	if (c1 == 'x' || c1 == 'b' || c1 == 'o') {
		ns->i += 2;
		*prefix = 1;
		return c1 == 'x' ? 16 : c1 == 'b' ? 2 : 8;
	}
	if (is_digit(ns_at(ns, 1))) {
		ns->i += 1; /* C-style leading-zero octal: 0123 */
		return 8;
	}
	return 10;
}

/* 1e6: integer scientific notation, m * 10^n. */
static int scan_exponent(struct numscan *ns, struct lexer *lx, struct srcloc loc)
{
	int c = ns_at(ns, 0) | 0x20;
	size_t k = ns_at(ns, 1) == '+' ? 2 : 1;
	if (c != 'e' || (!is_digit(ns_at(ns, k)) && ns_at(ns, 1) != '-'))
		return 0;
	if (ns_at(ns, 1) == '-') {
		diag_error(lx->d, loc, "negative exponents are not supported: "
			   "bpftrace has only integer literals");
		return -EINVAL;
	}
	ns->i += k;
	uint64_t exp = 0;
	int big = 0;
	while (is_digit(ns_at(ns, 0)))
		accumulate(&exp, 10, (uint64_t)(ns->s[ns->i++] - '0'), &big);
	for (uint64_t e = 0; e < exp && !ns->overflow && ns->v; e++)
		accumulate(&ns->v, 10, 0, &ns->overflow);
	if (big && ns->v)
		ns->overflow = 1;
	return 0;
}

static const struct {
	const char *suffix;
	uint64_t ns;
} durations[] = {
	{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000ULL},
	{"m", 60000000000ULL}, {"h", 3600000000000ULL}, {"d", 86400000000000ULL},
};

/* C integer suffixes (u, l, ul, ll, ull...) are accepted for compatibility
 * with C headers and ignored, like bpftrace does. */
static int is_c_suffix(const char *s, size_t n)
{
	static const char *const ok[] = {"u", "l", "ul", "lu", "ll", "ull", "llu"};
	char buf[4];
	if (n == 0 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(s[i] | 0x20);
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (strlen(ok[i]) == n && memcmp(ok[i], buf, n) == 0)
			return 1;
	return 0;
}

static int apply_suffix(struct numscan *ns, int base, struct lexer *lx)
{
	size_t start = ns->i, n = 0;
	while (is_ident_char(ns_at(ns, n)))
		n++;
	ns->i += n;
	if (n == 0 || is_c_suffix(ns->s + start, n))
		return 0;
	for (size_t k = 0; base == 10 && k < ARRAY_SIZE(durations); k++)
		if (strlen(durations[k].suffix) == n &&
		    memcmp(durations[k].suffix, ns->s + start, n) == 0) {
			accumulate(&ns->v, durations[k].ns, 0, &ns->overflow);
			return 0;
		}
	struct srcloc loc = lexer_here(lx);
	loc.col += (int)(start - lx->at.pos);
	loc.len = (int)n;
	diag_error(lx->d, loc, "invalid suffix '%.*s' on integer literal "
		   "(durations: ns us ms s m h d)", (int)n, ns->s + start);
	return -EINVAL;
}

static const char *base_name(int base)
{
	return base == 16 ? "hex" : base == 8 ? "octal" : base == 2 ? "binary" : "decimal";
}

static int scan_number(struct lexer *lx, struct numscan *ns, struct srcloc *loc)
{
	int prefix;
	int base = scan_base(ns, &prefix);
	int n = scan_digits(ns, base);
	if (n == 0 && prefix) {
		diag_error(lx->d, *loc, "%s literal without digits", base_name(base));
		return -EINVAL;
	}
	if (is_digit(ns_at(ns, 0))) {
		diag_error(lx->d, *loc, "invalid digit '%c' in %s literal", ns_at(ns, 0),
			   base_name(base));
		return -EINVAL;
	}
	if (base == 10 && scan_exponent(ns, lx, *loc))
		return -EINVAL;
	if (apply_suffix(ns, base, lx))
		return -EINVAL;
	loc->len = (int)(ns->i - lx->at.pos);
	if (ns->overflow) {
		diag_error(lx->d, *loc, "integer literal too large (does not fit in 64 bits)");
		return -EINVAL;
	}
	return 0;
}

static void lex_number(struct lexer *lx, struct token *t)
{
	struct numscan ns = {lx->src, lx->at.pos, lx->len, 0, 0};
	struct srcloc loc = lexer_here(lx);
	if (scan_number(lx, &ns, &loc)) {
		t->kind = TK_ERROR;
		return;
	}
	/* "1.5": catch floats early with a clear message; after '.' this is a
	 * tuple index chain such as $t.0.1. */
	if (lx->prev != TK_DOT && ns_at(&ns, 0) == '.' && is_digit(ns_at(&ns, 1))) {
		diag_error(lx->d, loc, "floating-point literals are not supported");
		t->kind = TK_ERROR;
		return;
	}
	t->kind = TK_INT;
	t->num = ns.v;
	lexer_advance(lx, ns.i - lx->at.pos);
}

/* ---- strings ---- */

static int escape_error(struct lexer *lx, const char *what)
{
	struct srcloc loc = lexer_here(lx);
	int c = lexer_peekc(lx, 1);
	loc.len = 2;
	if (c > 0x20 && c < 0x7f)
		diag_error(lx->d, loc, "%s '\\%c' in string", what, c);
	else
		diag_error(lx->d, loc, "%s: '\\' followed by byte 0x%02x in string", what, c);
	return -EINVAL;
}

/* \xNN (1-2 hex digits) and \NNN (1-3 octal digits, at most \377). */
static int numeric_escape(struct lexer *lx, struct strbuf *sb, int base)
{
	size_t first = base == 16 ? 2 : 1, n = 0, max = base == 16 ? 2 : 3;
	unsigned v = 0;
	while (n < max && digit_value(lexer_peekc(lx, first + n)) < base)
		v = v * (unsigned)base + (unsigned)digit_value(lexer_peekc(lx, first + n++));
	if (n == 0)
		return escape_error(lx, "hex escape without digits");
	if (v > 255) {
		struct srcloc loc = lexer_here(lx);
		loc.len = (int)(first + n);
		diag_error(lx->d, loc, "octal escape sequence out of range (max \\377)");
		return -EINVAL;
	}
	sb_appendc(sb, (char)v);
	lexer_advance(lx, first + n);
	return 0;
}

static int lex_escape(struct lexer *lx, struct strbuf *sb)
{
	static const char from[] = "ntr\\\"'", to[] = "\n\t\r\\\"'";
	int c = lexer_peekc(lx, 1);
	const char *p = c ? strchr(from, c) : NULL;
	if (p) {
		sb_appendc(sb, to[p - from]);
		lexer_advance(lx, 2);
		return 0;
	}
	if (c == 'x')
		return numeric_escape(lx, sb, 16);
	if (c >= '0' && c <= '7')
		return numeric_escape(lx, sb, 8);
	return escape_error(lx, "invalid escape sequence");
}

static void lex_string(struct lexer *lx, struct token *t)
{
	struct strbuf sb = {0};
	struct srcloc start = lexer_here(lx);
	int err = 0;
	lexer_advance(lx, 1);
	for (;;) {
		int c = lexer_peekc(lx, 0);
		if (lexer_at_eof(lx) || c == '\n' ||
		    (c == '\\' && (lx->at.pos + 1 >= lx->len || lexer_peekc(lx, 1) == '\n'))) {
			diag_error(lx->d, start, "unterminated string");
			err = -EINVAL;
		} else if (c == 0) {
			bad_char(lx);
			err = -EINVAL;
		} else if (c == '"') {
			lexer_advance(lx, 1);
			break;
		} else if (c == '\\') {
			err = lex_escape(lx, &sb);
		} else {
			sb_appendc(&sb, (char)c);
			lexer_advance(lx, 1);
		}
		if (err)
			break;
	}
	t->kind = err ? TK_ERROR : TK_STR;
	t->slen = sb.len;
	t->str = sb_detach(&sb);
}

/* ---- variables, parameters, maps ---- */

static void lex_dollar(struct lexer *lx, struct token *t)
{
	int c = lexer_peekc(lx, 1);
	if (c == '#') {
		t->kind = TK_PARAMCOUNT;
		lexer_advance(lx, 2);
	} else if (lexer_word_len(lx, 1)) {
		t->kind = TK_VAR;
		lexer_advance(lx, 1 + lexer_word_len(lx, 1));
	} else if (is_digit(c)) {
		struct srcloc loc = lexer_here(lx);
		size_t n = 1;
		int overflow = 0;
		while (is_digit(lexer_peekc(lx, n)))
			accumulate(&t->num, 10, (uint64_t)(lexer_peekc(lx, n++) - '0'), &overflow);
		loc.len = (int)n;
		t->kind = TK_POSPARAM;
		if (overflow || t->num == 0 || is_ident_char(lexer_peekc(lx, n))) {
			diag_error(lx->d, loc, "invalid positional parameter: expected $1, $2, ... or $#");
			t->kind = TK_ERROR;
		}
		lexer_advance(lx, n);
	} else {
		diag_error(lx->d, lexer_here(lx), "expected a variable name after '$'");
		t->kind = TK_ERROR;
	}
}

/* ---- operators ---- */

static const struct {
	const char *s;
	enum tok_kind kind;
} operators[] = {
	/* longest first: the first match wins */
	{"<<=", TK_SHL_ASSIGN}, {">>=", TK_SHR_ASSIGN},
	{"->", TK_ARROW}, {"++", TK_INC}, {"--", TK_DEC}, {"+=", TK_ADD_ASSIGN},
	{"-=", TK_SUB_ASSIGN}, {"*=", TK_MUL_ASSIGN}, {"/=", TK_DIV_ASSIGN},
	{"%=", TK_MOD_ASSIGN}, {"&=", TK_AND_ASSIGN}, {"|=", TK_OR_ASSIGN},
	{"^=", TK_XOR_ASSIGN}, {"<<", TK_SHL}, {">>", TK_SHR}, {"<=", TK_LE},
	{">=", TK_GE}, {"==", TK_EQ}, {"!=", TK_NE}, {"&&", TK_LAND}, {"||", TK_LOR},
	{"..", TK_DOTDOT},
	{"(", TK_LPAREN}, {")", TK_RPAREN}, {"{", TK_LBRACE}, {"}", TK_RBRACE},
	{"[", TK_LBRACKET}, {"]", TK_RBRACKET}, {";", TK_SEMI}, {",", TK_COMMA},
	{":", TK_COLON}, {"?", TK_QUES}, {".", TK_DOT}, {"+", TK_PLUS}, {"-", TK_MINUS},
	{"*", TK_STAR}, {"/", TK_SLASH}, {"%", TK_PERCENT}, {"&", TK_AMP}, {"|", TK_PIPE},
	{"^", TK_CARET}, {"<", TK_LT}, {">", TK_GT}, {"!", TK_BANG}, {"~", TK_TILDE},
	{"=", TK_ASSIGN},
};

static int lex_operator(struct lexer *lx, struct token *t)
{
	size_t avail = lx->len - lx->at.pos;
	char c = lx->src[lx->at.pos];
	for (size_t i = 0; i < ARRAY_SIZE(operators); i++) {
		if (operators[i].s[0] != c)
			continue; /* cheap first-byte filter */
		size_t n = strlen(operators[i].s);
		if (n > avail || memcmp(lx->src + lx->at.pos, operators[i].s, n) != 0)
			continue;
		t->kind = operators[i].kind;
		/* A '/' followed by '{' closes a predicate: /pid == 1/ { ... } */
		if (t->kind == TK_SLASH) {
			size_t j = lexer_peek_nonspace(lx, 1);
			if (j < lx->len && lx->src[j] == '{')
				t->kind = TK_ENDPRED;
		}
		lexer_advance(lx, n);
		return 0;
	}
	return -EINVAL;
}

static void lex_other(struct lexer *lx, struct token *t)
{
	int c = lexer_peekc(lx, 0);
	if (c == '\'') {
		diag_error(lx->d, lexer_here(lx), "character literals are not supported; "
			   "use the character code instead (e.g. 65 for 'A')");
		t->kind = TK_ERROR;
	} else if (c == '#') {
		diag_error(lx->d, lexer_here(lx), "unexpected '#': preprocessor directives "
			   "are only allowed at the top level, outside probes");
		t->kind = TK_ERROR;
	} else if (lex_operator(lx, t)) {
		bad_char(lx);
		t->kind = TK_ERROR;
	}
}

static void lex_token(struct lexer *lx, struct token *t)
{
	int c = lexer_peekc(lx, 0);
	if (is_digit(c))
		lex_number(lx, t);
	else if (is_ident_start(c))
		lex_word(lx, t);
	else if (c == '$')
		lex_dollar(lx, t);
	else if (c == '@') {
		t->kind = TK_MAP;
		lexer_advance(lx, 1 + lexer_word_len(lx, 1));
	} else if (c == '"')
		lex_string(lx, t);
	else
		lex_other(lx, t);
}

void lexer_next(struct lexer *lx, struct token *t)
{
	memset(t, 0, sizeof(*t));
	int err = lexer_skip_space(lx);
	t->loc = lexer_here(lx);
	t->off = lx->at.pos;
	if (err)
		t->kind = TK_ERROR;
	else if (lexer_at_eof(lx))
		t->kind = TK_EOF;
	else
		lex_token(lx, t);
	t->end = lx->at.pos > t->off ? lx->at.pos : t->off;
	t->loc.len = t->end > t->off ? (int)(t->end - t->off) : 1;
	lx->prev = t->kind;
}

static const char *const kind_names[TK_NKINDS] = {
	[TK_ERROR] = "invalid token", [TK_EOF] = "end of file", [TK_INT] = "integer",
	[TK_STR] = "string", [TK_IDENT] = "identifier", [TK_VAR] = "variable",
	[TK_POSPARAM] = "positional parameter", [TK_PARAMCOUNT] = "'$#'", [TK_MAP] = "map",
	[TK_IF] = "'if'", [TK_ELSE] = "'else'", [TK_WHILE] = "'while'", [TK_FOR] = "'for'",
	[TK_UNROLL] = "'unroll'", [TK_RETURN] = "'return'", [TK_BREAK] = "'break'",
	[TK_CONTINUE] = "'continue'", [TK_LET] = "'let'", [TK_SIZEOF] = "'sizeof'",
	[TK_OFFSETOF] = "'offsetof'", [TK_TRUE] = "'true'", [TK_FALSE] = "'false'",
	[TK_STRUCT] = "'struct'", [TK_UNION] = "'union'", [TK_ENUM] = "'enum'",
	[TK_LPAREN] = "'('", [TK_RPAREN] = "')'", [TK_LBRACE] = "'{'", [TK_RBRACE] = "'}'",
	[TK_LBRACKET] = "'['", [TK_RBRACKET] = "']'", [TK_SEMI] = "';'", [TK_COMMA] = "','",
	[TK_COLON] = "':'", [TK_QUES] = "'?'", [TK_DOT] = "'.'", [TK_DOTDOT] = "'..'",
	[TK_ARROW] = "'->'", [TK_ENDPRED] = "'/'", [TK_PLUS] = "'+'", [TK_MINUS] = "'-'",
	[TK_STAR] = "'*'", [TK_SLASH] = "'/'", [TK_PERCENT] = "'%'", [TK_AMP] = "'&'",
	[TK_PIPE] = "'|'", [TK_CARET] = "'^'", [TK_SHL] = "'<<'", [TK_SHR] = "'>>'",
	[TK_BANG] = "'!'", [TK_TILDE] = "'~'", [TK_EQ] = "'=='", [TK_NE] = "'!='",
	[TK_LT] = "'<'", [TK_LE] = "'<='", [TK_GT] = "'>'", [TK_GE] = "'>='",
	[TK_LAND] = "'&&'", [TK_LOR] = "'||'", [TK_INC] = "'++'", [TK_DEC] = "'--'",
	[TK_ASSIGN] = "'='", [TK_ADD_ASSIGN] = "'+='", [TK_SUB_ASSIGN] = "'-='",
	[TK_MUL_ASSIGN] = "'*='", [TK_DIV_ASSIGN] = "'/='", [TK_MOD_ASSIGN] = "'%='",
	[TK_AND_ASSIGN] = "'&='", [TK_OR_ASSIGN] = "'|='", [TK_XOR_ASSIGN] = "'^='",
	[TK_SHL_ASSIGN] = "'<<='", [TK_SHR_ASSIGN] = "'>>='",
};

const char *tok_kind_str(enum tok_kind k)
{
	return (unsigned)k < TK_NKINDS && kind_names[k] ? kind_names[k] : "token";
}
