/* Internal interface shared by parser.c (top level), parser_stmt.c and
 * parser_expr.c. Every parse function returns NULL (or -EINVAL) after the
 * first error, which is reported exactly once through p_error. */
#ifndef SG_PARSER_INT_H
#define SG_PARSER_INT_H

#include "lang/ast.h"
#include "lang/lexer.h"

#define LA_MAX 16     /* tokens of lookahead (casts need a few) */
#define MAX_NEST 200  /* nested parentheses, blocks, unary operators... */
#define MAX_TREE 4000 /* AST depth, including long operator chains (a+b+c...) */

struct parser {
	struct diag *d;
	struct lexer lx;
	struct token la[LA_MAX];
	int nla;
	int failed;      /* an error was reported: report nothing more */
	int nest, tree;  /* current nesting and AST depth */
	size_t prev_end; /* end offset and line of the last consumed token */
	int prev_line;
};

const struct token *p_peek(struct parser *p, int k);
enum tok_kind p_kind(struct parser *p, int k);
void p_advance(struct parser *p);
int p_accept(struct parser *p, enum tok_kind k);
/* Consumes a token of kind k or reports "unexpected X, expected <what>". */
int p_expect(struct parser *p, enum tok_kind k, const char *what);
void p_error(struct parser *p, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void p_unexpected(struct parser *p, const struct token *t, const char *expected);
/* The token's source text (caller frees); `skip` bytes are dropped ('$'). */
char *p_text(struct parser *p, const struct token *t, size_t skip);
int p_tok_is(struct parser *p, const struct token *t, const char *word);
/* From start to the end of the last consumed token (first line only). */
struct srcloc p_span(struct parser *p, struct srcloc start);
int p_enter(struct parser *p, struct srcloc loc);
void p_leave(struct parser *p);
/* Counts one more level of a left-deep operator chain. */
int p_chain(struct parser *p, struct srcloc loc);
/* Drops the lookahead and rewinds the lexer to the first unconsumed token,
 * before switching to character-wise lexing. */
void p_flush(struct parser *p);

struct node *parse_expr(struct parser *p);
struct node *parse_unary(struct parser *p);
struct node *parse_if(struct parser *p);
char *parse_type(struct parser *p);
struct node *parse_block(struct parser *p);

#endif
