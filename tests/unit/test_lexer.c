/* Lexer unit tests: every token kind, literal forms, escapes and errors. */
#include <stdlib.h>

#include "lang/ast.h"
#include "lang/lexer.h"
#include "test.h"

#define MAXTOK 64

struct lexed {
	enum tok_kind kind[MAXTOK];
	uint64_t num[MAXTOK];
	struct srcloc loc[MAXTOK];
	char *str[MAXTOK];
	size_t slen[MAXTOK];
	int n;
	char *err; /* diagnostics written (malloc'd, "" when none) */
};

/* Lexes the whole of text[0..len) until EOF or an error. */
static void lex_n(const char *text, size_t len, struct lexed *r)
{
	struct source src = {"stdin", text, len};
	struct diag d;
	size_t errlen = 0;
	FILE *f = open_memstream(&r->err, &errlen);
	struct lexer lx;
	diag_init(&d, &src, f);
	lexer_init(&lx, &d);
	r->n = 0;
	for (;;) {
		struct token t;
		lexer_next(&lx, &t);
		if (r->n < MAXTOK) {
			r->kind[r->n] = t.kind;
			r->num[r->n] = t.num;
			r->loc[r->n] = t.loc;
			r->str[r->n] = t.str;
			r->slen[r->n] = t.slen;
			r->n++;
		} else {
			token_free(&t);
		}
		if (t.kind == TK_EOF || t.kind == TK_ERROR)
			break;
	}
	lexer_fini(&lx);
	fclose(f);
}

static void lex(const char *text, struct lexed *r)
{
	lex_n(text, strlen(text), r);
}

static void lexed_free(struct lexed *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->str[i]);
	free(r->err);
}

/* The first line of the diagnostics. */
static char *first_line(char *s)
{
	char *nl = strchr(s, '\n');
	if (nl)
		*nl = 0;
	return s;
}

static void check_kinds(const char *text, const enum tok_kind *want, int n)
{
	struct lexed r;
	lex(text, &r);
	CHECK_INT(r.n, n + 1);
	for (int i = 0; i < n && i < r.n; i++)
		if (r.kind[i] != want[i])
			test_fail(__FILE__, __LINE__, "%s: token %d is %s, expected %s", text, i,
				  tok_kind_str(r.kind[i]), tok_kind_str(want[i]));
	CHECK_INT(r.kind[r.n - 1], TK_EOF);
	CHECK_STR(r.err, "");
	lexed_free(&r);
}

static uint64_t lex_int(const char *text)
{
	struct lexed r;
	lex(text, &r);
	uint64_t v = r.kind[0] == TK_INT ? r.num[0] : 0xdeadbeef;
	if (r.kind[0] != TK_INT || r.n != 2)
		test_fail(__FILE__, __LINE__, "%s: not a single integer (%s)", text, r.err);
	lexed_free(&r);
	return v;
}

/* The first diagnostic line for text, or "" when it lexes cleanly. */
static char *lex_error(const char *text, size_t len)
{
	struct lexed r;
	lex_n(text, len, &r);
	char *e = xstrdup(first_line(r.err));
	lexed_free(&r);
	return e;
}

#define CHECK_LEXERR(text, want)                                   \
	do {                                                       \
		char *e_ = lex_error(text, sizeof(text) - 1);      \
		CHECK_STR(e_, want);                               \
		free(e_);                                          \
	} while (0)

TEST(lex_punctuation)
{
	static const enum tok_kind want[] = {
		TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_LBRACKET, TK_RBRACKET,
		TK_SEMI, TK_COMMA, TK_COLON, TK_QUES, TK_DOT, TK_DOTDOT, TK_ARROW,
	};
	check_kinds("( ) { } [ ] ; , : ? . .. ->", want, ARRAY_SIZE(want));
}

TEST(lex_operators)
{
	static const enum tok_kind want[] = {
		TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_AMP, TK_PIPE,
		TK_CARET, TK_SHL, TK_SHR, TK_BANG, TK_TILDE, TK_EQ, TK_NE, TK_LT,
		TK_LE, TK_GT, TK_GE, TK_LAND, TK_LOR, TK_INC, TK_DEC,
	};
	check_kinds("+ - * / % & | ^ << >> ! ~ == != < <= > >= && || ++ --", want,
		    ARRAY_SIZE(want));
}

TEST(lex_assign_operators)
{
	static const enum tok_kind want[] = {
		TK_ASSIGN, TK_ADD_ASSIGN, TK_SUB_ASSIGN, TK_MUL_ASSIGN, TK_DIV_ASSIGN,
		TK_MOD_ASSIGN, TK_AND_ASSIGN, TK_OR_ASSIGN, TK_XOR_ASSIGN,
		TK_SHL_ASSIGN, TK_SHR_ASSIGN,
	};
	check_kinds("= += -= *= /= %= &= |= ^= <<= >>=", want, ARRAY_SIZE(want));
}

TEST(lex_longest_match)
{
	static const enum tok_kind want[] = {TK_VAR, TK_INC, TK_PLUS, TK_VAR,
					     TK_SHL_ASSIGN, TK_INT, TK_ARROW, TK_GE};
	check_kinds("$a+++$b<<=1->>=", want, ARRAY_SIZE(want));
}

TEST(lex_keywords)
{
	static const enum tok_kind want[] = {
		TK_IF, TK_ELSE, TK_WHILE, TK_FOR, TK_UNROLL, TK_RETURN, TK_BREAK,
		TK_CONTINUE, TK_LET, TK_SIZEOF, TK_OFFSETOF, TK_TRUE, TK_FALSE,
		TK_STRUCT, TK_UNION, TK_ENUM, TK_IDENT, TK_IDENT, TK_IDENT,
	};
	check_kinds("if else while for unroll return break continue let sizeof offsetof "
		    "true false struct union enum iff _x arg0",
		    want, ARRAY_SIZE(want));
}

TEST(lex_vars_maps_params)
{
	static const enum tok_kind want[] = {TK_VAR, TK_VAR, TK_MAP, TK_MAP, TK_POSPARAM,
					     TK_POSPARAM, TK_PARAMCOUNT, TK_MAP, TK_LBRACKET};
	check_kinds("$x $_a1 @ @m_2 $1 $12 $# @[", want, ARRAY_SIZE(want));
	struct lexed r;
	lex("$12", &r);
	CHECK_INT(r.num[0], 12);
	lexed_free(&r);
}

TEST(lex_locations)
{
	struct lexed r;
	lex("ab\n  @cd  \"x\"\n\t$e", &r);
	CHECK_INT(r.n, 5);
	CHECK_INT(r.loc[0].line, 1);
	CHECK_INT(r.loc[0].col, 1);
	CHECK_INT(r.loc[0].len, 2);
	CHECK_INT(r.loc[1].line, 2);
	CHECK_INT(r.loc[1].col, 3);
	CHECK_INT(r.loc[1].len, 3);
	CHECK_INT(r.loc[2].col, 8);
	CHECK_INT(r.loc[2].len, 3);
	CHECK_INT(r.loc[3].line, 3);
	CHECK_INT(r.loc[3].col, 2);
	lexed_free(&r);
}

TEST(lex_comments)
{
	static const enum tok_kind want[] = {TK_IDENT, TK_IDENT, TK_IDENT, TK_SLASH, TK_IDENT};
	check_kinds("a // line\n b /* block\n * / */ c / d // end", want, ARRAY_SIZE(want));
}

TEST(lex_endpred)
{
	static const enum tok_kind want[] = {TK_SLASH, TK_IDENT, TK_SLASH, TK_INT, TK_ENDPRED,
					     TK_LBRACE, TK_RBRACE};
	check_kinds("/ pid / 2 /  /* c */ \n { }", want, ARRAY_SIZE(want));
}

TEST(lex_decimal_hex_octal_binary)
{
	CHECK_INT(lex_int("0"), 0);
	CHECK_INT(lex_int("123"), 123);
	CHECK_INT(lex_int("1_000_000"), 1000000);
	CHECK_INT(lex_int("0x1F"), 31);
	CHECK_INT(lex_int("0XfF_fF"), 0xffff);
	CHECK_INT(lex_int("017"), 15);
	CHECK_INT(lex_int("0o17"), 15);
	CHECK_INT(lex_int("0b101"), 5);
	CHECK_INT(lex_int("18446744073709551615") == UINT64_MAX, 1);
	CHECK_INT(lex_int("0xffffffffffffffff") == UINT64_MAX, 1);
}

TEST(lex_scientific_and_suffixes)
{
	CHECK_INT(lex_int("1e6"), 1000000);
	CHECK_INT(lex_int("2E3"), 2000);
	CHECK_INT(lex_int("1e+2"), 100);
	CHECK_INT(lex_int("0e30"), 0);
	CHECK_INT(lex_int("123UL"), 123);
	CHECK_INT(lex_int("123u"), 123);
	CHECK_INT(lex_int("123LL"), 123);
	CHECK_INT(lex_int("0x10ull"), 16);
}

TEST(lex_durations)
{
	CHECK_INT(lex_int("7ns"), 7);
	CHECK_INT(lex_int("3us"), 3000);
	CHECK_INT(lex_int("5ms"), 5000000);
	CHECK_INT(lex_int("1s"), 1000000000LL);
	CHECK_INT(lex_int("2m"), 120000000000LL);
	CHECK_INT(lex_int("1h"), 3600000000000LL);
	CHECK_INT(lex_int("1d"), 86400000000000LL);
	CHECK_INT(lex_int("1_000ms"), 1000000000LL);
	CHECK_INT(lex_int("1e3us"), 1000000);
}

TEST(lex_tuple_index_is_not_float)
{
	static const enum tok_kind want[] = {TK_VAR, TK_DOT, TK_INT, TK_DOT, TK_INT,
					     TK_INT, TK_DOTDOT, TK_INT};
	check_kinds("$t.0.1 0..10", want, ARRAY_SIZE(want));
}

TEST(lex_strings)
{
	struct lexed r;
	lex("\"a\\n\\t\\r\\\\\\\"\\'\\0\\x41\\101\\0101\\x4\" \"\"", &r);
	CHECK_INT(r.kind[0], TK_STR);
	CHECK_INT(r.slen[0], 13);
	/* octal escapes take at most 3 digits: \0101 is \010 then '1' */
	CHECK(memcmp(r.str[0], "a\n\t\r\\\"'\0AA\b1\x04", 13) == 0);
	CHECK_INT(r.kind[1], TK_STR);
	CHECK_INT(r.slen[1], 0);
	lexed_free(&r);
}

TEST(lex_string_raw_bytes)
{
	struct lexed r;
	lex("\"\xff\xfe\x01 ok\"", &r);
	CHECK_INT(r.kind[0], TK_STR);
	CHECK_INT(r.slen[0], 6);
	CHECK_STR(r.err, "");
	lexed_free(&r);
}

TEST(lex_number_errors)
{
	CHECK_LEXERR("18446744073709551616",
		     "stdin:1:1: error: integer literal too large (does not fit in 64 bits)");
	CHECK_LEXERR("1e20", "stdin:1:1: error: integer literal too large (does not fit in 64 bits)");
	CHECK_LEXERR("20000000000000d",
		     "stdin:1:1: error: integer literal too large (does not fit in 64 bits)");
	CHECK_LEXERR("x 0x", "stdin:1:3: error: hex literal without digits");
	CHECK_LEXERR("0b", "stdin:1:1: error: binary literal without digits");
	CHECK_LEXERR("0b12", "stdin:1:1: error: invalid digit '2' in binary literal");
	CHECK_LEXERR("089", "stdin:1:1: error: invalid digit '8' in octal literal");
	CHECK_LEXERR("  10abc", "stdin:1:5: error: invalid suffix 'abc' on integer literal "
				"(durations: ns us ms s m h d)");
	CHECK_LEXERR("0x10s", "stdin:1:5: error: invalid suffix 's' on integer literal "
			      "(durations: ns us ms s m h d)");
	CHECK_LEXERR("1_s", "stdin:1:2: error: invalid suffix '_s' on integer literal "
			    "(durations: ns us ms s m h d)");
	CHECK_LEXERR("1e-3", "stdin:1:1: error: negative exponents are not supported: "
			     "bpftrace has only integer literals");
	CHECK_LEXERR("1.5", "stdin:1:1: error: floating-point literals are not supported");
}

TEST(lex_string_errors)
{
	CHECK_LEXERR("a \"abc", "stdin:1:3: error: unterminated string");
	CHECK_LEXERR("\"abc\ndef\"", "stdin:1:1: error: unterminated string");
	CHECK_LEXERR("\"ab\\", "stdin:1:1: error: unterminated string");
	CHECK_LEXERR("\"a\\qb\"", "stdin:1:3: error: invalid escape sequence '\\q' in string");
	CHECK_LEXERR("\"\\777\"", "stdin:1:2: error: octal escape sequence out of range (max \\377)");
	CHECK_LEXERR("\"\\xg\"", "stdin:1:2: error: hex escape without digits '\\x' in string");
	CHECK_LEXERR("\"a\0b\"", "stdin:1:3: error: invalid character '\\x00'");
}

TEST(lex_char_errors)
{
	CHECK_LEXERR("a `", "stdin:1:3: error: invalid character '`'");
	CHECK_LEXERR("\x01", "stdin:1:1: error: invalid character '\\x01'");
	CHECK_LEXERR("x \xc3\xa9", "stdin:1:3: error: invalid character '\\xc3'");
	CHECK_LEXERR("\xff", "stdin:1:1: error: invalid character '\\xff'");
	CHECK_LEXERR("a\0b", "stdin:1:2: error: invalid character '\\x00'");
	CHECK_LEXERR("// c\0\n", "stdin:1:5: error: invalid character '\\x00'");
	CHECK_LEXERR("'a'", "stdin:1:1: error: character literals are not supported; "
			    "use the character code instead (e.g. 65 for 'A')");
	CHECK_LEXERR("\n #x", "stdin:2:2: error: unexpected '#': preprocessor directives are "
			      "only allowed at the top level, outside probes");
	CHECK_LEXERR("$ x", "stdin:1:1: error: expected a variable name after '$'");
	CHECK_LEXERR("$0", "stdin:1:1: error: invalid positional parameter: expected $1, $2, ... or $#");
	CHECK_LEXERR("$99999999999999999999",
		     "stdin:1:1: error: invalid positional parameter: expected $1, $2, ... or $#");
	CHECK_LEXERR("a /* b", "stdin:1:3: error: unterminated comment");
}

TEST(lex_invalid_utf8_in_comments_is_fine)
{
	char *e = lex_error("/* \xff\xfe */ // \xc3\x28\n x", 17);
	CHECK_STR(e, "");
	free(e);
}

TEST(lex_kind_names)
{
	CHECK_STR(tok_kind_str(TK_RBRACE), "'}'");
	CHECK_STR(tok_kind_str(TK_EOF), "end of file");
	CHECK_STR(tok_kind_str(TK_IDENT), "identifier");
	for (int k = 0; k < TK_NKINDS; k++)
		CHECK(strcmp(tok_kind_str((enum tok_kind)k), "token") != 0);
}

TEST(lex_rewind)
{
	struct source src = {"stdin", "a\n  bc d", 8};
	struct diag d;
	struct lexer lx;
	struct token t1, t2, t3;
	diag_init(&d, &src, stderr);
	lexer_init(&lx, &d);
	lexer_next(&lx, &t1);
	lexer_next(&lx, &t2);
	lexer_next(&lx, &t3);
	lexer_rewind(&lx, &t2);
	lexer_next(&lx, &t3);
	CHECK_INT(t3.off, 4);
	CHECK_INT(t3.loc.line, 2);
	CHECK_INT(t3.loc.col, 3);
	lexer_fini(&lx);
}
