/* Hand-written lexer for the bpftrace language. The parser drives it in two
 * ways: token by token inside probe bodies and expressions (lexer_next), and
 * character-wise ("raw") for the parts whose lexical rules differ: attach
 * points, preprocessor lines and C struct definitions at the top level. */
#ifndef SG_LEXER_H
#define SG_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/util.h"

enum tok_kind {
	TK_ERROR, /* a lexical error was reported; the parse must stop */
	TK_EOF,
	TK_INT,        /* num */
	TK_STR,        /* str/slen: decoded bytes (owned by the token) */
	TK_IDENT,      /* text: the identifier */
	TK_VAR,        /* $name */
	TK_POSPARAM,   /* $N: num = N */
	TK_PARAMCOUNT, /* $# */
	TK_MAP,        /* @name or @ */
	/* keywords */
	TK_IF, TK_ELSE, TK_WHILE, TK_FOR, TK_UNROLL, TK_RETURN, TK_BREAK, TK_CONTINUE,
	TK_LET, TK_SIZEOF, TK_OFFSETOF, TK_TRUE, TK_FALSE, TK_STRUCT, TK_UNION, TK_ENUM,
	/* punctuation */
	TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_LBRACKET, TK_RBRACKET,
	TK_SEMI, TK_COMMA, TK_COLON, TK_QUES, TK_DOT, TK_DOTDOT, TK_ARROW,
	TK_ENDPRED, /* a '/' followed (after blanks/comments) by '{' */
	/* operators */
	TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_AMP, TK_PIPE, TK_CARET,
	TK_SHL, TK_SHR, TK_BANG, TK_TILDE, TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
	TK_LAND, TK_LOR, TK_INC, TK_DEC,
	TK_ASSIGN, TK_ADD_ASSIGN, TK_SUB_ASSIGN, TK_MUL_ASSIGN, TK_DIV_ASSIGN,
	TK_MOD_ASSIGN, TK_AND_ASSIGN, TK_OR_ASSIGN, TK_XOR_ASSIGN, TK_SHL_ASSIGN,
	TK_SHR_ASSIGN,
	TK_NKINDS,
};

struct token {
	enum tok_kind kind;
	struct srcloc loc;
	size_t off, end; /* byte range in the source */
	uint64_t num;
	char *str;       /* TK_STR only; free with token_free */
	size_t slen;
};

/* A position in the source, to rewind the lexer (used for lookahead). */
struct lex_pos {
	size_t pos;
	size_t line_start;
	int line;
};

struct lexer {
	struct diag *d;
	const char *src;
	size_t len;
	struct lex_pos at;
	enum tok_kind prev;        /* kind of the last token (to spot floats) */
	VEC(size_t) line_starts;   /* offset of each line seen so far */
};

void lexer_init(struct lexer *lx, struct diag *d);
void lexer_fini(struct lexer *lx);
/* Lexes the next token. On a lexical error reports it and returns TK_ERROR. */
void lexer_next(struct lexer *lx, struct token *t);
void token_free(struct token *t);
/* "'{'", "identifier", "end of file"... for syntax error messages. */
const char *tok_kind_str(enum tok_kind k);

/* Location of the current position (len 1). */
struct srcloc lexer_here(const struct lexer *lx);
/* Moves back to the start of token t (re-lexing from there later). */
void lexer_rewind(struct lexer *lx, const struct token *t);
/* Offset of the first byte of line `line` (1-based; line must have been seen). */
size_t lexer_line_off(const struct lexer *lx, int line);

/* ---- raw (character-wise) helpers for the top level ---- */

/* Skips blanks and comments. Returns -EINVAL on a reported error
 * (unterminated comment, NUL byte). */
int lexer_skip_space(struct lexer *lx);
/* Current byte (0 at end of input: check lexer_at_eof for a real NUL). */
int lexer_peekc(const struct lexer *lx, size_t ahead);
int lexer_at_eof(const struct lexer *lx);
void lexer_advance(struct lexer *lx, size_t n);
/* Length of the identifier starting `ahead` bytes from the position (0 if none). */
size_t lexer_word_len(const struct lexer *lx, size_t ahead);
/* Does the identifier `w` start at the position (and end there)? */
int lexer_at_word(const struct lexer *lx, const char *w);
/* Offset of the first non-blank, non-comment byte at or after `ahead` bytes
 * from the position (lx->len when none). Used to peek at top-level forms. */
size_t lexer_peek_nonspace(const struct lexer *lx, size_t ahead);
/* Skips a "#!" line when the source starts with one. */
void lexer_skip_shebang(struct lexer *lx);
/* A lexer over the source of lx from its position up to offset end, with
 * the same locations (the body of a #define). Free with lexer_fini. */
void lexer_sub(struct lexer *sub, const struct lexer *lx, size_t end);
/* Reads a preprocessor line (starting at '#', with '\' continuations). */
int lexer_preproc_line(struct lexer *lx, char **out);
/* Reads a C struct/union/enum definition starting at the keyword, up to the
 * matching '}' and an optional ';'. *text is the definition as written,
 * *name e.g. "struct foo". */
int lexer_c_definition(struct lexer *lx, char **text, char **name, struct srcloc *loc);

struct attach_point;
/* Reads one attach point (probe header context). */
int lexer_attach_point(struct lexer *lx, struct attach_point **out);

#endif
