/* The AST deep copy (node_clone) and macro expansion (lang/macro.c): what
 * the expanded probes look like, and the errors with their call sites. The
 * runtime behaviour is in tests/e2e/cases/macros*.sh. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/macro.h"
#include "lang/parser.h"
#include "test.h"

static int parse(const char *text, struct program **prog)
{
	struct source src = {"stdin", text, strlen(text)};
	struct diag d;
	diag_init(&d, &src, stderr);
	return parse_program(&d, prog);
}

static void dump_cb(FILE *out, void *arg)
{
	ast_dump(arg, out);
}

TEST(node_clone_is_deep)
{
	const char *text = "BEGIN { printf(\"a\\0b %s\", str(arg0)); $t = (1, \"x\"); "
			   "if (1) { @m[1, \"k\"] = count(); } else { $t = (2, \"y\"); } }";
	struct program *prog;
	CHECK_INT(parse(text, &prog), 0);
	char *before = test_capture(dump_cb, prog);
	struct node *copy = node_clone(prog->probes->body);
	node_free(prog->probes->body); /* the copy must not share anything */
	prog->probes->body = copy;
	char *after = test_capture(dump_cb, prog);
	CHECK_STR(after, before);
	const struct node *fmt = copy->args->l->args;
	CHECK_INT((int)fmt->len, 6);
	CHECK(memcmp(fmt->str, "a\0b %s", 7) == 0);
	CHECK(node_clone(NULL) == NULL);
	free(before), free(after);
	program_free(prog);
}

/* The dump of text after macro expansion (or its first error line). */
static char *expanded(const char *text)
{
	struct program *prog;
	char *err;
	if (parse(text, &prog))
		return xstrdup("parse error");
	struct source src = {"stdin", text, strlen(text)};
	struct diag d;
	size_t len = 0;
	FILE *f = open_memstream(&err, &len);
	diag_init(&d, &src, f);
	int rc = macro_expand(&d, prog);
	fclose(f);
	char *r = rc ? err : test_capture(dump_cb, prog);
	if (!rc) { /* the probes only, not the macro definitions */
		free(err);
		char *probes = strstr(r, "probe ");
		memmove(r, probes ? probes : r, strlen(probes ? probes : r) + 1);
	}
	program_free(prog);
	return r;
}

TEST(macro_expansion_renames_and_substitutes)
{
	/* $x is the caller's $a; the body's $y becomes $$inc_y; the plain
	 * parameter n is the argument expression; one() is expanded inside. */
	char *s = expanded("macro one() { 1 } macro inc($x, n) { $y = n + one; $x += $y; } "
			   "BEGIN { $a = 1; inc($a, 2 * 3); }");
	CHECK(strstr(s, "var $$inc_y @1:38") && strstr(s, "var $a @1:52"));
	CHECK(strstr(s, "binop * @1:") && !strstr(s, "builtin n") && !strstr(s, "call one"));
	free(s);
	s = expanded("macro f(@m) { @m[1] = 2; } BEGIN { f(@a); f(@b); }");
	CHECK(strstr(s, "map @a") && strstr(s, "map @b") && !strstr(s, "map @m"));
	free(s);
	s = expanded("macro f() { @x = 1; } BEGIN { f(); }");
	CHECK(strstr(s, "stdin:1:13: error: macro 'f' uses map @x") != NULL);
	CHECK(strstr(s, "stdin:1:31: note: in macro 'f' called here") != NULL);
	free(s);
}

TEST(macro_statement_and_value_contexts)
{
	/* A statement macro is fine as a probe's last statement without ';'
	 * (the probe body is no value), but not as a value. */
	char *s = expanded("macro f(@m) { @m = 1; } BEGIN { f(@x) }");
	CHECK(strstr(s, "map @x") != NULL);
	free(s);
	s = expanded("macro f(@m) { @m = 1; } BEGIN { $y = f(@x); }");
	CHECK(strstr(s, "error: macro 'f' is used as a value") != NULL);
	free(s);
	/* Overloads: the first definition whose parameter kinds fit. */
	s = expanded("macro f($v) { $v + 100 } macro f(e) { e + 1 } BEGIN { $a = 1; $b = f($a); $c = f(2); }");
	CHECK(strstr(s, "int 100") && strstr(s, "int 2 ") && strstr(s, "int 1 "));
	free(s);
	s = expanded("macro f(e) { e } macro f($v) { $v } BEGIN { }");
	CHECK(strstr(s, "error: redefinition of macro 'f'") != NULL);
	free(s);
}
