/* Parser unit tests: AST shape (through ast_dump), attach points, top-level
 * forms, real bpftrace tools, syntax errors with exact locations, and
 * robustness on hostile input. */
#include <errno.h>
#include <stdlib.h>

#include "base/util.h"
#include "lang/parser.h"
#include "test.h"

/* Parses text[0..len); *err receives the diagnostics ("" when none). */
static int parse_n(const char *text, size_t len, struct program **prog, char **err)
{
	struct source src = {"stdin", text, len};
	struct diag d;
	size_t errlen = 0;
	FILE *f = open_memstream(err, &errlen);
	diag_init(&d, &src, f);
	int rc = parse_program(&d, prog);
	fclose(f);
	if (rc == 0 && d.errors)
		test_fail(__FILE__, __LINE__, "success with errors reported");
	if (rc != 0 && (*prog || !d.errors))
		test_fail(__FILE__, __LINE__, "failure without an error or with a program");
	return rc;
}

static void dump_cb(FILE *out, void *arg)
{
	ast_dump(arg, out);
}

/* The AST dump of text, or "ERROR <first diagnostic line>". */
static char *dump(const char *text)
{
	struct program *prog;
	char *err;
	if (parse_n(text, strlen(text), &prog, &err)) {
		char *nl = strchr(err, '\n');
		if (nl)
			*nl = 0;
		char *r = xasprintf("ERROR %s", err);
		free(err);
		return r;
	}
	free(err);
	char *r = test_capture(dump_cb, prog);
	program_free(prog);
	return r;
}

/* The first diagnostic line for text ("" if it parses). */
static char *error_n(const char *text, size_t len)
{
	struct program *prog;
	char *err;
	if (parse_n(text, len, &prog, &err) == 0)
		program_free(prog);
	char *nl = strchr(err, '\n');
	if (nl)
		*nl = 0;
	return err;
}

#define CHECK_DUMP(text, want)                 \
	do {                                   \
		char *d_ = dump(text);         \
		CHECK_STR(d_, want);           \
		free(d_);                      \
	} while (0)

#define CHECK_ERR(text, want)                             \
	do {                                              \
		char *e_ = error_n(text, strlen(text));   \
		CHECK_STR(e_, want);                      \
		free(e_);                                 \
	} while (0)

/* Parses successfully and returns the program (caller frees). */
static struct program *parse_ok(const char *text)
{
	struct program *prog = NULL;
	char *err;
	if (parse_n(text, strlen(text), &prog, &err))
		test_fail(__FILE__, __LINE__, "parse failed: %s", err);
	free(err);
	return prog;
}

/* The dump of the first statement of the first probe's body, from depth 0. */
static char *stmt_dump(const char *body)
{
	char *text = xasprintf("BEGIN { %s }", body);
	char *d = dump(text);
	free(text);
	if (strncmp(d, "ERROR", 5) == 0)
		return d;
	/* Drop the "probe" and "block" lines and four spaces of indent. */
	struct strbuf sb = {0};
	char *line = d;
	for (int i = 0; line && *line; i++) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		if (i >= 2)
			sb_appendn(&sb, line + MIN(n, (size_t)4), n - MIN(n, (size_t)4));
		line += n;
	}
	free(d);
	return sb_detach(&sb);
}

#define CHECK_STMT(body, want)                  \
	do {                                    \
		char *d_ = stmt_dump(body);     \
		CHECK_STR(d_, want);            \
		free(d_);                       \
	} while (0)

/* ---- basic shape and the dump format ---- */

TEST(parse_simple_probe_dump)
{
	CHECK_DUMP("tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }",
		   "probe tracepoint:syscalls:sys_enter_openat @1:1\n"
		   "  block @1:38\n"
		   "    assign = @1:40\n"
		   "      map @ @1:40\n"
		   "        builtin comm @1:42\n"
		   "      call count @1:50\n");
}

TEST(parse_empty_inputs)
{
	CHECK_DUMP("", "");
	CHECK_DUMP(" \n\t\r\n", "");
	CHECK_DUMP("// nothing\n/* at all */", "");
	CHECK_DUMP("#!/usr/bin/env bpftrace\n", "");
}

TEST(parse_predicate_with_division)
{
	CHECK_DUMP("kprobe:f / $a / 2 == 1 / { }",
		   "probe kprobe:f @1:1\n"
		   "  pred\n"
		   "    binop == @1:12\n"
		   "      binop / @1:12\n"
		   "        var $a @1:12\n"
		   "        int 2 @1:17\n"
		   "      int 1 @1:22\n"
		   "  block @1:26\n");
	CHECK_DUMP("kprobe:f/arg0/{}",
		   "probe kprobe:f @1:1\n  pred\n    builtin arg0 @1:10\n  block @1:15\n");
	CHECK_DUMP("kprobe:f\n/ pid > 1 / // why\n\n{ }",
		   "probe kprobe:f @1:1\n  pred\n    binop > @2:3\n      builtin pid @2:3\n"
		   "      int 1 @2:9\n  block @4:1\n");
}

TEST(parse_multiple_probes)
{
	CHECK_DUMP("BEGIN { } kprobe:a, kprobe:b,\n  kprobe:c { } END{}",
		   "probe BEGIN @1:1\n  block @1:7\n"
		   "probe kprobe:a,kprobe:b,kprobe:c @1:11\n  block @2:12\n"
		   "probe END @2:16\n  block @2:19\n");
}

/* ---- expressions ---- */

TEST(parse_precedence_arith)
{
	CHECK_STMT("1 + 2 * 3 - 4 / 5 % 6;",
		   "exprstmt @1:9\n"
		   "  binop - @1:9\n"
		   "    binop + @1:9\n"
		   "      int 1 @1:9\n"
		   "      binop * @1:13\n"
		   "        int 2 @1:13\n"
		   "        int 3 @1:17\n"
		   "    binop % @1:21\n"
		   "      binop / @1:21\n"
		   "        int 4 @1:21\n"
		   "        int 5 @1:25\n"
		   "      int 6 @1:29\n");
}

TEST(parse_precedence_levels)
{
	/* from loosest to tightest: || && | ^ & ==,!= <,<=,>,>= <<,>> +,- *,/,% */
	CHECK_STMT("a || b && c | d ^ e & f == g < h << i + j * k;",
		   "exprstmt @1:9\n"
		   "  binop || @1:9\n"
		   "    builtin a @1:9\n"
		   "    binop && @1:14\n"
		   "      builtin b @1:14\n"
		   "      binop | @1:19\n"
		   "        builtin c @1:19\n"
		   "        binop ^ @1:23\n"
		   "          builtin d @1:23\n"
		   "          binop & @1:27\n"
		   "            builtin e @1:27\n"
		   "            binop == @1:31\n"
		   "              builtin f @1:31\n"
		   "              binop < @1:36\n"
		   "                builtin g @1:36\n"
		   "                binop << @1:40\n"
		   "                  builtin h @1:40\n"
		   "                  binop + @1:45\n"
		   "                    builtin i @1:45\n"
		   "                    binop * @1:49\n"
		   "                      builtin j @1:49\n"
		   "                      builtin k @1:53\n");
}

TEST(parse_left_associativity)
{
	CHECK_STMT("a - b - c;",
		   "exprstmt @1:9\n  binop - @1:9\n    binop - @1:9\n      builtin a @1:9\n"
		   "      builtin b @1:13\n    builtin c @1:17\n");
	CHECK_STMT("a == b != c;",
		   "exprstmt @1:9\n  binop != @1:9\n    binop == @1:9\n      builtin a @1:9\n"
		   "      builtin b @1:14\n    builtin c @1:19\n");
}

TEST(parse_ternary_right_assoc)
{
	CHECK_STMT("a ? b : c ? d : e;",
		   "exprstmt @1:9\n  ternary @1:9\n    builtin a @1:9\n    builtin b @1:13\n"
		   "    ternary @1:17\n      builtin c @1:17\n      builtin d @1:21\n"
		   "      builtin e @1:25\n");
	CHECK_STMT("x || y ? 1 : 2;",
		   "exprstmt @1:9\n  ternary @1:9\n    binop || @1:9\n      builtin x @1:9\n"
		   "      builtin y @1:14\n    int 1 @1:18\n    int 2 @1:22\n");
}

TEST(parse_unary_ops)
{
	CHECK_STMT("!~-*&$z;",
		   "exprstmt @1:9\n  unop ! @1:9\n    unop ~ @1:10\n      unop - @1:11\n"
		   "        unop * @1:12\n          unop & @1:13\n            var $z @1:14\n");
	CHECK_STMT("-a * b;",
		   "exprstmt @1:9\n  binop * @1:9\n    unop - @1:9\n      builtin a @1:10\n"
		   "    builtin b @1:14\n");
	CHECK_STMT("*$p->x;",
		   "exprstmt @1:9\n  unop * @1:9\n    field ->x @1:10\n      var $p @1:10\n");
}

TEST(parse_postfix)
{
	CHECK_STMT("f(a, 1).x->y[2].0;",
		   "exprstmt @1:9\n"
		   "  field .0 @1:9\n"
		   "    index @1:9\n"
		   "      field ->y @1:9\n"
		   "        field .x @1:9\n"
		   "          call f @1:9\n"
		   "            builtin a @1:11\n"
		   "            int 1 @1:14\n"
		   "      int 2 @1:22\n");
	CHECK_STMT("args.return + $x.if;",
		   "exprstmt @1:9\n  binop + @1:9\n    field .return @1:9\n      builtin args @1:9\n"
		   "    field .if @1:23\n      var $x @1:23\n");
}

TEST(parse_incdec)
{
	CHECK_STMT("$x++;", "exprstmt @1:9\n  incdec ++ post @1:9\n    var $x @1:9\n");
	CHECK_STMT("--$x;", "exprstmt @1:9\n  incdec -- pre @1:9\n    var $x @1:11\n");
	CHECK_STMT("@m[1]--;",
		   "exprstmt @1:9\n  incdec -- post @1:9\n    map @m @1:9\n      int 1 @1:12\n");
	CHECK_STMT("++@c;", "exprstmt @1:9\n  incdec ++ pre @1:9\n    map @c @1:11\n");
	CHECK_STMT("$a+++$b;",
		   "exprstmt @1:9\n  binop + @1:9\n    incdec ++ post @1:9\n      var $a @1:9\n"
		   "    var $b @1:14\n");
}

TEST(parse_literals)
{
	CHECK_STMT("print((1_000, 0x10, 0o17, 017, 0b11, 1e6, 5ms, 1s, true, false));",
		   "exprstmt @1:9\n  call print @1:9\n    tuple @1:15\n"
		   "      int 1000 @1:16\n      int 16 @1:23\n      int 15 @1:29\n"
		   "      int 15 @1:35\n      int 3 @1:40\n      int 1000000 @1:46\n"
		   "      int 5000000 @1:51\n      int 1000000000 @1:56\n"
		   "      bool true @1:60\n      bool false @1:66\n");
	CHECK_STMT("\"a\\tb\\x00\\\"\";",
		   "exprstmt @1:9\n  str \"a\\tb\\x00\\\"\" @1:9\n");
}

TEST(parse_string_with_nul_len)
{
	struct program *p = parse_ok("BEGIN { \"a\\0b\" }");
	struct node *s = p->probes->body->args->l;
	CHECK_INT(s->kind, N_STR);
	CHECK_INT(s->len, 3);
	CHECK(memcmp(s->str, "a\0b", 4) == 0);
	program_free(p);
}

TEST(parse_vars_params_maps)
{
	CHECK_STMT("f($x, $1, $10, $#, @, @m, @m[1, \"a\"], @m[(1, 2)]);",
		   "exprstmt @1:9\n  call f @1:9\n    var $x @1:11\n    param $1 @1:15\n"
		   "    param $10 @1:19\n    param $# @1:24\n    map @ @1:28\n    map @m @1:31\n"
		   "    map @m @1:35\n      int 1 @1:38\n      str \"a\" @1:41\n"
		   "    map @m @1:47\n      tuple @1:50\n        int 1 @1:51\n        int 2 @1:54\n");
	struct program *p = parse_ok("BEGIN { $# + $3 }");
	struct node *b = p->probes->body->args->l;
	CHECK_INT(b->l->kind, N_POSPARAM);
	CHECK_INT(b->l->num, 0);
	CHECK_STR(b->l->name, "#");
	CHECK_INT(b->r->num, 3);
	CHECK(b->r->name == NULL);
	program_free(p);
}

TEST(parse_tuples_and_parens)
{
	CHECK_STMT("((1), (2,), (), (3, 4,));",
		   "exprstmt @1:9\n  tuple @1:9\n    int 1 @1:10\n    tuple @1:15\n"
		   "      int 2 @1:16\n    tuple @1:21\n    tuple @1:25\n      int 3 @1:26\n"
		   "      int 4 @1:29\n");
}

TEST(parse_calls)
{
	CHECK_STMT("exit();", "exprstmt @1:9\n  call exit @1:9\n");
	CHECK_STMT("delete(@m[k]);",
		   "exprstmt @1:9\n  call delete @1:9\n    map @m @1:16\n      builtin k @1:19\n");
	CHECK_STMT("clear(@m);", "exprstmt @1:9\n  call clear @1:9\n    map @m @1:15\n");
	CHECK_STMT("print(@x);", "exprstmt @1:9\n  call print @1:9\n    map @x @1:15\n");
}

TEST(parse_casts)
{
	static const char *const cases[][2] = {
		{"(uint32)x", "(uint32)"}, {"(int8)x", "(int8)"},
		{"(struct task_struct *)curtask", "(struct task_struct *)"},
		{"(union u *)p", "(union u *)"}, {"(enum e)x", "(enum e)"},
		{"(uint8 *)p", "(uint8 *)"}, {"(int64[4])x", "(int64[4])"},
		{"(uint8[])x", "(uint8[])"}, {"(int8 **)p", "(int8 **)"},
		{"(struct foo*)p", "(struct foo *)"}, {"(pid_t)$x", "(pid_t)"},
		{"(unsigned long)1", "(unsigned long)"}, {"(const char *)p", "(const char *)"},
		{"(mytype *)p", "(mytype *)"}, {"(mytype)$x", "(mytype)"},
		{"(string[16])x", "(string[16])"}, {"(uint32)-1", "(uint32)"},
		{"(const foo)-1", "(const foo)"}, {"(struct a **)p", "(struct a **)"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *body = xasprintf("%s;", cases[i][0]);
		char *d = stmt_dump(body);
		char *want = xasprintf("exprstmt @1:9\n  cast %s @1:9\n", cases[i][1]);
		if (strncmp(d, want, strlen(want)) != 0)
			test_fail(__FILE__, __LINE__, "%s:\n%s", cases[i][0], d);
		free(body);
		free(d);
		free(want);
	}
}

TEST(parse_cast_vs_parens)
{
	/* "(ident) - x" is a subtraction unless ident is a known type name. */
	CHECK_STMT("(arg0) - 1;",
		   "exprstmt @1:9\n  binop - @1:9\n    builtin arg0 @1:9\n    int 1 @1:18\n");
	CHECK_STMT("(uint64) - 1;",
		   "exprstmt @1:9\n  cast (uint64) @1:9\n    unop - @1:18\n      int 1 @1:20\n");
	CHECK_STMT("(comm)[0];",
		   "exprstmt @1:9\n  index @1:9\n    builtin comm @1:9\n    int 0 @1:16\n");
	CHECK_STMT("(a) * b;",
		   "exprstmt @1:9\n  binop * @1:9\n    builtin a @1:9\n    builtin b @1:15\n");
	CHECK_STMT("((struct path *)arg0).dentry;",
		   "exprstmt @1:9\n  field .dentry @1:9\n    cast (struct path *) @1:9\n"
		   "      builtin arg0 @1:25\n");
	CHECK_STMT("(struct sock *)arg0->x;",
		   "exprstmt @1:9\n  cast (struct sock *) @1:9\n    field ->x @1:24\n"
		   "      builtin arg0 @1:24\n");
}

TEST(parse_sizeof_offsetof)
{
	CHECK_STMT("sizeof(struct foo) + sizeof($x) + sizeof(uint32) + sizeof(foo *);",
		   "exprstmt @1:9\n  binop + @1:9\n    binop + @1:9\n      binop + @1:9\n"
		   "        sizeof (struct foo) @1:9\n        sizeof @1:30\n"
		   "          var $x @1:37\n      sizeof (uint32) @1:43\n"
		   "    sizeof (foo *) @1:60\n");
	CHECK_STMT("offsetof(struct foo, a.b) + offsetof(*curtask, comm);",
		   "exprstmt @1:9\n  binop + @1:9\n    offsetof (struct foo) a.b @1:9\n"
		   "    offsetof comm @1:37\n      unop * @1:46\n        builtin curtask @1:47\n");
}

TEST(parse_block_and_if_expressions)
{
	CHECK_STMT("$b = { let $c = 1; $c };",
		   "assign = @1:9\n  var $b @1:9\n  block value @1:14\n    let @1:16\n"
		   "      var $c @1:20\n      int 1 @1:25\n    exprstmt @1:28\n      var $c @1:28\n");
	CHECK_STMT("$d = if (1) { 2 } else { 3 };",
		   "assign = @1:9\n  var $d @1:9\n  if @1:14\n    int 1 @1:17\n"
		   "    block value @1:21\n      exprstmt @1:23\n        int 2 @1:23\n"
		   "    block value @1:32\n      exprstmt @1:34\n        int 3 @1:34\n");
}

/* ---- statements ---- */

TEST(parse_assignments)
{
	static const char *const ops[] = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
					  "^=", "<<=", ">>="};
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		char *body = xasprintf("@m[1] %s 2;", ops[i]);
		char *want = xasprintf("assign %s @1:9\n  map @m @1:9\n    int 1 @1:12\n"
				       "  int 2 @1:%zu\n", ops[i], 16 + strlen(ops[i]));
		char *d = stmt_dump(body);
		CHECK_STR(d, want);
		free(body);
		free(want);
		free(d);
	}
	CHECK_STMT("$x = 1;", "assign = @1:9\n  var $x @1:9\n  int 1 @1:14\n");
	CHECK_STMT("@ = 1;", "assign = @1:9\n  map @ @1:9\n  int 1 @1:13\n");
	CHECK_STMT("_ = f();", "exprstmt @1:9\n  call f @1:13\n");
}

TEST(parse_assign_op_values)
{
	struct program *p = parse_ok("BEGIN { $a <<= 1; $b = 2; @c ^= 3 }");
	struct node *s = p->probes->body->args;
	CHECK_INT(s->op, OP_SHL);
	CHECK_INT(s->next->op, OP_NONE);
	CHECK_INT(s->next->next->op, OP_BXOR);
	CHECK_INT(s->next->next->l->kind, N_MAP);
	program_free(p);
}

TEST(parse_if_else_chain)
{
	CHECK_STMT("if (a) { 1; } else if (b) { 2; } else { 3; }",
		   "if @1:9\n  builtin a @1:12\n  block @1:16\n    exprstmt @1:18\n      int 1 @1:18\n"
		   "  if @1:28\n    builtin b @1:31\n    block @1:35\n      exprstmt @1:37\n"
		   "        int 2 @1:37\n    block @1:47\n      exprstmt @1:49\n        int 3 @1:49\n");
	CHECK_STMT("if $x > 1 { }",
		   "if @1:9\n  binop > @1:12\n    var $x @1:12\n    int 1 @1:17\n  block @1:19\n");
}

TEST(parse_loops)
{
	CHECK_STMT("while ($i < 3) { $i++; }",
		   "while @1:9\n  binop < @1:15\n    var $i @1:16\n    int 3 @1:21\n"
		   "  block @1:24\n    exprstmt @1:26\n      incdec ++ post @1:26\n        var $i @1:26\n");
	CHECK_STMT("unroll(3) { print(1) }",
		   "unroll @1:9\n  int 3 @1:15\n  block value @1:19\n    exprstmt @1:21\n"
		   "      call print @1:21\n        int 1 @1:27\n");
	CHECK_STMT("for ($i : 0..10) { break; continue; }",
		   "for @1:9\n  var $i @1:14\n  range @1:19\n    int 0 @1:19\n    int 10 @1:22\n"
		   "  block @1:26\n    break @1:28\n    continue @1:35\n");
	CHECK_STMT("for ($kv : @m) { }",
		   "for @1:9\n  var $kv @1:14\n  map @m @1:20\n  block @1:24\n");
	CHECK_STMT("for $j : (uint64)0..$n { }",
		   "for @1:9\n  var $j @1:13\n  range @1:18\n    cast (uint64) @1:18\n"
		   "      int 0 @1:26\n    var $n @1:29\n  block @1:32\n");
}

TEST(parse_jumps_and_let)
{
	CHECK_STMT("return;", "return @1:9\n");
	CHECK_STMT("return 1 + 2", "return @1:9\n  binop + @1:16\n    int 1 @1:16\n    int 2 @1:20\n");
	CHECK_STMT("let $x;", "let @1:9\n  var $x @1:13\n");
	CHECK_STMT("let $y: uint32 = 5;", "let : uint32 @1:9\n  var $y @1:13\n  int 5 @1:26\n");
	CHECK_STMT("let $z = 1;", "let @1:9\n  var $z @1:13\n  int 1 @1:18\n");
	CHECK_STMT("let $s: string[16];", "let : string[16] @1:9\n  var $s @1:13\n");
	CHECK_STMT("let $p: struct foo **;", "let : struct foo ** @1:9\n  var $p @1:13\n");
	CHECK_STMT("let $t: typeof($a + 1);", "let : typeof($a + 1) @1:9\n  var $t @1:13\n");
}

TEST(parse_block_semicolons)
{
	CHECK_DUMP("BEGIN { ;; a; ; b; { c } ; ; }",
		   "probe BEGIN @1:1\n  block @1:7\n    exprstmt @1:12\n      builtin a @1:12\n"
		   "    exprstmt @1:17\n      builtin b @1:17\n    block value @1:20\n"
		   "      exprstmt @1:22\n        builtin c @1:22\n");
	CHECK_DUMP("BEGIN { if (1) { } $x = 1; while (0) { } @y = 2 }",
		   "probe BEGIN @1:1\n  block @1:7\n    if @1:9\n      int 1 @1:12\n"
		   "      block @1:16\n    assign = @1:20\n      var $x @1:20\n      int 1 @1:25\n"
		   "    while @1:28\n      int 0 @1:34\n      block @1:38\n"
		   "    assign = @1:42\n      map @y @1:42\n      int 2 @1:47\n");
}

TEST(parse_block_value_flag)
{
	struct program *p = parse_ok("BEGIN { 1; 2 } END { 1; 2; } i:s:1 { $x = 1 }");
	CHECK_INT(p->probes->body->post, 1);
	CHECK_INT(p->probes->next->body->post, 0);
	CHECK_INT(p->probes->next->next->body->post, 0);
	program_free(p);
}

/* ---- attach points ---- */

static void check_parts(const char *ap, int n, const char *const *want)
{
	char *text = xasprintf("%s { }", ap);
	struct program *p = parse_ok(text);
	free(text);
	if (!p)
		return;
	struct attach_point *a = p->probes->aps;
	CHECK_STR(a->raw, ap);
	CHECK_INT(a->nparts, n);
	for (int i = 0; i < n && i < a->nparts; i++)
		CHECK_STR(a->parts[i], want[i]);
	CHECK_INT(a->loc.line, 1);
	CHECK_INT(a->loc.col, 1);
	CHECK_INT(a->loc.len, (int)strlen(ap));
	program_free(p);
}

#define PARTS(ap, ...)                                                          \
	do {                                                                    \
		static const char *const w_[] = {__VA_ARGS__};                  \
		check_parts(ap, (int)ARRAY_SIZE(w_), w_);                       \
	} while (0)

TEST(parse_attach_points)
{
	PARTS("t:syscalls:sys_enter_*", "t", "syscalls", "sys_enter_*");
	PARTS("interval:s:1", "interval", "s", "1");
	PARTS("i:1s", "i", "1s");
	PARTS("BEGIN", "BEGIN");
	PARTS("begin", "begin");
	PARTS("END", "END");
	PARTS("uprobe:/bin/bash:readline", "uprobe", "/bin/bash", "readline");
	PARTS("uprobe:\"/path with space\":f", "uprobe", "/path with space", "f");
	PARTS("uprobe:libc:malloc", "uprobe", "libc", "malloc");
	PARTS("kprobe:do_sys_open+10", "kprobe", "do_sys_open+10");
	PARTS("uprobe:/bin/x:0x1234", "uprobe", "/bin/x", "0x1234");
	PARTS("usdt:/path:prov:name", "usdt", "/path", "prov", "name");
	PARTS("U:./a.out:p:n", "U", "./a.out", "p", "n");
	PARTS("profile:hz:99", "profile", "hz", "99");
	PARTS("software:cpu-clock:1000", "software", "cpu-clock", "1000");
	PARTS("software:faults:", "software", "faults", "");
	PARTS("hardware:cache-misses:1e6", "hardware", "cache-misses", "1e6");
	PARTS("rawtracepoint:sched_switch", "rawtracepoint", "sched_switch");
	PARTS("fentry:vfs_read", "fentry", "vfs_read");
	PARTS("fentry:bpf:123:*", "fentry", "bpf", "123", "*");
	PARTS("uprobe:/bin/x:\"ns::f\"", "uprobe", "/bin/x", "ns::f");
	PARTS("u:lib.so:\"fn(char const*)\"", "u", "lib.so", "fn(char const*)");
	PARTS("uretprobe:/lib/x.so.6:\"a\\\"b\"", "uretprobe", "/lib/x.so.6", "a\"b");
	PARTS("ur:/bin/sh:main", "ur", "/bin/sh", "main");
	PARTS("iter:task_file:/sys/fs/bpf/files", "iter", "task_file", "/sys/fs/bpf/files");
	PARTS("watchpoint:0x10000000:8:rw", "watchpoint", "0x10000000", "8", "rw");
	PARTS("watchpoint:increment+arg1:4:w", "watchpoint", "increment+arg1", "4", "w");
	PARTS("uprobe:$1:f", "uprobe", "$1", "f");
	PARTS("kprobe:kvm:x86_emulate_insn", "kprobe", "kvm", "x86_emulate_insn");
	PARTS("tracepoint:xhci-hcd:xhci_setup_device_slot", "tracepoint", "xhci-hcd",
	      "xhci_setup_device_slot");
	PARTS("kprobe:tcp_[rs]*", "kprobe", "tcp_[rs]*");
	PARTS("myname=kprobe:f", "kprobe", "f");
}

TEST(parse_attach_point_lists)
{
	struct program *p = parse_ok("kprobe:a,kprobe:b ,\n kretprobe:c , { }\n"
				     "uprobe:/bin/bash:readline /arg0/ { }\n"
				     "uprobe:/bin/bash:readline/arg0/ { }\n"
				     "kprobe:f/arg0/{ }");
	struct attach_point *a = p->probes->aps;
	CHECK_STR(a->raw, "kprobe:a");
	CHECK_STR(a->next->raw, "kprobe:b");
	CHECK_STR(a->next->next->raw, "kretprobe:c");
	CHECK_INT(a->next->next->loc.line, 2);
	CHECK_INT(a->next->next->loc.col, 2);
	CHECK(a->next->next->next == NULL);
	struct probe *u = p->probes->next;
	CHECK_STR(u->aps->raw, "uprobe:/bin/bash:readline");
	CHECK(u->pred != NULL);
	CHECK_STR(u->next->aps->raw, "uprobe:/bin/bash:readline");
	CHECK(u->next->pred && u->next->pred->kind == N_BUILTIN);
	CHECK_STR(u->next->next->aps->raw, "kprobe:f");
	CHECK(u->next->next->pred != NULL);
	program_free(p);
}

/* ---- top level ---- */

TEST(parse_preamble)
{
	const char *text =
		"#!/usr/bin/env bpftrace\n"
		"#include <linux/sched.h>\n"
		"#include \"x.h\"   \n"
		"#define RED \"\\033[31m\"\n"
		"#ifndef BPFTRACE_HAVE_BTF\n"
		"#endif\n"
		"struct foo { int a; struct { int b; } c; /* } */ };\n"
		"union u { int a; char b[8]; }\n"
		"enum e { A, B }\n"
		"import \"lib\";\n"
		"config = {\n  max_strlen = 128; stack_mode = perf;\n  license = \"GPL\"; "
		"cpp_demangle = false\n}\n"
		"let @a = lruhash(100);\n"
		"BEGIN { }\n";
	struct program *p = parse_ok(text);
	CHECK_INT(p->nincludes, 5);
	CHECK_STR(p->includes[0], "#include <linux/sched.h>");
	CHECK_STR(p->includes[1], "#include \"x.h\"");
	CHECK_STR(p->includes[2], "#define RED \"\\033[31m\"");
	CHECK_STR(p->includes[3], "#ifndef BPFTRACE_HAVE_BTF");
	CHECK_STR(p->structs->name, "struct foo");
	CHECK_STR(p->structs->text, "struct foo { int a; struct { int b; } c; /* } */ };");
	CHECK_INT(p->structs->loc.line, 7);
	CHECK_STR(p->structs->next->name, "union u");
	CHECK_STR(p->structs->next->text, "union u { int a; char b[8]; }");
	CHECK_STR(p->structs->next->next->name, "enum e");
	CHECK_INT(node_list_len(p->imports), 1);
	CHECK_STR(p->imports->str, "lib");
	CHECK_INT(node_list_len(p->config), 4);
	CHECK_STR(p->config->l->name, "max_strlen");
	CHECK_INT(p->config->l->kind, N_VAR);
	CHECK_INT(p->config->r->num, 128);
	CHECK_STR(p->config->next->r->name, "perf");
	CHECK_INT(p->config->next->next->next->r->kind, N_BOOL);
	CHECK_INT(node_list_len(p->map_decls), 1);
	CHECK_STR(p->map_decls->l->name, "@a");
	CHECK_STR(p->map_decls->r->name, "lruhash");
	CHECK_INT(node_list_len(p->map_decls->r->args), 1);
	CHECK_STR(p->probes->aps->raw, "BEGIN");
	program_free(p);
}

TEST(parse_preamble_dump)
{
	CHECK_DUMP("#include <a.h>\nstruct s { int x; };\nimport \"m\";\n"
		   "config = { k = 1 }\nlet @h = hash(10);\nmacro one() { 1 }\nBEGIN { }",
		   "include #include <a.h>\n"
		   "struct struct s @2:1\n"
		   "import \"m\" @3:8\n"
		   "config\n"
		   "  set k @4:12\n"
		   "    int 1 @4:16\n"
		   "let @5:1\n"
		   "  map @h @5:5\n"
		   "  call hash @5:10\n"
		   "    int 10 @5:15\n"
		   "macro one @6:1\n"
		   "  block value @6:13\n"
		   "    exprstmt @6:15\n"
		   "      int 1 @6:15\n"
		   "probe BEGIN @7:1\n"
		   "  block @7:7\n");
}

TEST(parse_macros)
{
	struct program *p = parse_ok("macro add($a, b, @c) { $a += 1; @c += b; }\n"
				     "macro one() { 1 }\nBEGIN { print(one()); add($x, 1 + 2, @y); }");
	struct node *m = p->macros;
	CHECK_INT(m->kind, N_MACRO);
	CHECK_STR(m->name, "add");
	CHECK_INT(node_list_len(m->args), 3);
	CHECK_INT(m->args->kind, N_VAR);
	CHECK_STR(m->args->name, "a");
	CHECK_INT(m->args->next->kind, N_BUILTIN);
	CHECK_INT(m->args->next->next->kind, N_MAP);
	CHECK_INT(m->then->kind, N_BLOCK);
	CHECK_STR(m->next->name, "one");
	CHECK(m->next->args == NULL);
	CHECK_INT(m->next->then->post, 1);
	program_free(p);
}

TEST(parse_old_syntax_0_17)
{
	struct program *p = parse_ok(
		"tracepoint:syscalls:sys_enter_openat\n"
		"/comm == \"bash\"/\n"
		"{\n"
		"  @start[tid] = nsecs;\n"
		"  printf(\"%s\\n\", str(args->filename));\n"
		"  delete(@start[tid]);\n"
		"  $t = (struct task_struct *)curtask;\n"
		"  @[$t->pid] = count();\n"
		"}\n"
		"interval:s:1 { print(@); clear(@); exit(); }\n"
		"END { }\n");
	CHECK_INT(node_list_len(p->probes->body->args), 5);
	struct node *call = p->probes->body->args->next->l;
	CHECK_STR(call->name, "printf");
	struct node *f = call->args->next->args;
	CHECK_INT(f->kind, N_FIELD);
	CHECK_INT(f->post, 1);
	CHECK_STR(f->name, "filename");
	program_free(p);
}

/* ---- real bpftrace tools ---- */

static const char biolatency_bt[] =
	"#!/usr/local/bin/bpftrace\n"
	"/*\n * biolatency.bt\tBlock I/O latency as a histogram.\n */\n\n"
	"BEGIN\n{\n\tprintf(\"Tracing block device I/O... Hit Ctrl-C to end.\\n\");\n}\n\n"
	"kprobe:blk_account_io_start\n{\n\t@start[arg0] = nsecs;\n}\n\n"
	"kprobe:blk_account_io_completion\n/@start[arg0]/\n\n{\n"
	"\t@usecs = hist((nsecs - @start[arg0]) / 1000);\n\tdelete(@start[arg0]);\n}\n";

static const char tcpconnect_bt[] =
	"#!/usr/bin/env bpftrace\n"
	"#include <linux/socket.h>\n#include <net/sock.h>\n\n"
	"BEGIN\n{\n"
	"  printf(\"Tracing tcp connections. Hit Ctrl-C to end.\\n\");\n"
	"  printf(\"%-8s %-8s %-16s \", \"TIME\", \"PID\", \"COMM\");\n"
	"}\n\n"
	"kprobe:tcp_connect\n{\n"
	"  $sk = ((struct sock *) arg0);\n"
	"  $inet_family = $sk->__sk_common.skc_family;\n"
	"  if ($inet_family == AF_INET || $inet_family == AF_INET6) {\n"
	"    if ($inet_family == AF_INET) {\n"
	"      $daddr = ntop($sk->__sk_common.skc_daddr);\n"
	"    } else {\n"
	"      $daddr = ntop($sk->__sk_common.skc_v6_daddr.in6_u.u6_addr8);\n"
	"    }\n"
	"    $dport = $sk->__sk_common.skc_dport;\n"
	"    // Destination port is big endian, it must be flipped\n"
	"    $dport = ($dport >> 8) | (($dport << 8) & 0x00FF00);\n"
	"    time(\"%H:%M:%S \");\n"
	"    printf(\"%-39s %-6d\\n\", $daddr, $dport);\n"
	"  }\n}\n";

static const char opensnoop_bt[] =
	"#!/usr/bin/env bpftrace\n"
	"config = {\n  missing_probes = warn;\n}\n\n"
	"BEGIN {\n  printf(\"%-6s %-16s %4s %3s %s\\n\", \"PID\", \"COMM\", \"FD\", \"ERR\", \"PATH\");\n}\n\n"
	"tracepoint:syscalls:sys_enter_open,\ntracepoint:syscalls:sys_enter_openat,\n"
	"tracepoint:syscalls:sys_enter_openat2\n{\n  @filename[tid] = args.filename;\n}\n\n"
	"macro getcwd(@paths) {\n"
	"  $dentry = curtask.fs.pwd.dentry;\n"
	"  $vfsmnt = curtask.fs.pwd.mnt;\n"
	"  $mnt = (struct mount *)(((uint64)$vfsmnt) - offsetof(struct mount, mnt));\n"
	"  $max_path_depth = getopt(\"depth\", 35);\n"
	"  for $j : ((uint64)0)..((uint64)$max_path_depth) {\n"
	"    @paths[tid,$j] = str($dentry.d_name.name);\n"
	"    if ($dentry == $parent_dentry || $dentry == $mnt_root) {\n"
	"      if ($mnt == $mnt_parent) {\n        break;\n      }\n"
	"      continue;\n    }\n"
	"    $dentry = $parent_dentry;\n  }\n}\n\n"
	"macro printcwd(@paths) {\n"
	"  for $j : ((uint64)0)..((uint64)$max_path_depth) {\n"
	"    let $key = (tid,((((uint64)$max_path_depth) - $j) - 1));\n"
	"    let $name = @paths[$key];\n"
	"    if ($name == \"/\" || $name == \"\") {\n      continue;\n    }\n"
	"    printf(\"/%s\", $name);\n    delete(@paths, $key);\n  }\n  printf(\"/\");\n}\n\n"
	"macro sys_exit(ret, @filename, @paths) {\n"
	"  $ret = ret;\n  $fd = ($ret >= 0) ? $ret : (-1);\n  $errno = ($ret >= 0) ? 0 : (-$ret);\n"
	"  getcwd(@paths);\n  $path = str(@filename[tid]);\n"
	"  if ($path[0] != \"/\"[0]) {\n    printcwd(@paths);\n  }\n"
	"  delete(@filename, tid);\n}\n\n"
	"tracepoint:syscalls:sys_exit_open,\ntracepoint:syscalls:sys_exit_openat,\n"
	"tracepoint:syscalls:sys_exit_openat2\n/@filename[tid]/ {\n"
	"  sys_exit(args.ret, @filename, @paths);\n}\n\n"
	"END {\n  clear(@filename);\n  clear(@paths);\n}\n";

TEST(parse_tool_biolatency)
{
	struct program *p = parse_ok(biolatency_bt);
	CHECK_STR(p->probes->aps->raw, "BEGIN");
	struct probe *c = p->probes->next->next;
	CHECK_STR(c->aps->raw, "kprobe:blk_account_io_completion");
	CHECK_INT(c->pred->kind, N_MAP);
	CHECK_INT(c->pred->loc.line, 17);
	CHECK_STR(c->body->args->r->name, "hist");
	program_free(p);
}

TEST(parse_tool_tcpconnect)
{
	struct program *p = parse_ok(tcpconnect_bt);
	CHECK_INT(p->nincludes, 2);
	struct node *s = p->probes->next->body->args;
	CHECK_INT(s->r->kind, N_CAST);
	CHECK_STR(s->r->ctype, "struct sock *");
	CHECK_INT(node_list_len(p->probes->next->body->args), 3);
	program_free(p);
}

TEST(parse_tool_opensnoop)
{
	struct program *p = parse_ok(opensnoop_bt);
	CHECK_INT(node_list_len(p->macros), 3);
	CHECK_INT(node_list_len(p->config), 1);
	int nprobes = 0;
	for (struct probe *pr = p->probes; pr; pr = pr->next)
		nprobes++;
	CHECK_INT(nprobes, 4);
	struct node *loop = p->macros->then->args->next->next->next->next;
	CHECK_INT(loop->kind, N_FOR);
	CHECK_INT(loop->r->kind, N_RANGE);
	program_free(p);
}

/* ---- locations ---- */

TEST(parse_locations_cover_constructs)
{
	struct program *p = parse_ok("BEGIN { @x[1, 2] = foo(1, \"ab\") + 3; }");
	struct node *a = p->probes->body->args;
	CHECK_INT(a->loc.col, 9);
	CHECK_INT(a->loc.len, 27);     /* @x[1, 2] = foo(1, "ab") + 3 */
	CHECK_INT(a->l->loc.len, 8);   /* @x[1, 2] */
	CHECK_INT(a->r->loc.col, 20);
	CHECK_INT(a->r->loc.len, 16);  /* foo(1, "ab") + 3 */
	CHECK_INT(a->r->l->loc.len, 12); /* foo(1, "ab") */
	CHECK_INT(p->probes->body->loc.col, 7);
	CHECK_INT(p->probes->body->loc.len, 32);
	CHECK_INT(p->probes->loc.len, 5);
	program_free(p);
	p = parse_ok("BEGIN {\n  if (x) {\n  }\n}");
	struct node *i = p->probes->body->args;
	CHECK_INT(i->loc.line, 2);
	CHECK_INT(i->loc.col, 3);
	CHECK_INT(i->loc.len, 8); /* to the end of its first line */
	program_free(p);
}

/* ---- errors ---- */

TEST(parse_errors_with_locations)
{
	static const char *const cases[][2] = {
		{"BEGIN { }}", "stdin:1:10: error: syntax error: unexpected '}', expected attach point"},
		{"BEGIN { $x = ; }", "stdin:1:14: error: syntax error: unexpected ';', expected expression"},
		{"BEGIN {\n  $x = 1 $y = 2;\n}",
		 "stdin:2:10: error: syntax error: unexpected variable '$y', expected ';' or '}'"},
		{"BEGIN { printf(\"hi) }", "stdin:1:16: error: unterminated string"},
		{"BEGIN { $x = 18446744073709551616; }",
		 "stdin:1:14: error: integer literal too large (does not fit in 64 bits)"},
		{"BEGIN { $x = 1.5; }", "stdin:1:14: error: floating-point literals are not supported"},
		{"BEGIN { if 1 }", "stdin:1:14: error: syntax error: unexpected '}', expected '{'"},
		{"BEGIN {", "stdin:1:8: error: syntax error: unexpected end of file, expected '}'"},
		{"BEGIN { x", "stdin:1:10: error: syntax error: unexpected end of file, expected ';' or '}'"},
		{"kprobe:f", "stdin:1:9: error: syntax error: unexpected end of file, expected '{' or '/' (predicate)"},
		{"kprobe:f /pid { }", "stdin:1:15: error: syntax error: unexpected '{', expected '/' followed by '{' to end the predicate"},
		{"kprobe:f // { }\n", "stdin:2:1: error: syntax error: unexpected end of file, expected '{' or '/' (predicate)"},
		{"BEGIN { $x.0 = 1; }", "stdin:1:9: error: tuples are immutable once created; consider creating a new tuple and assigning it instead"},
		{"BEGIN { x = 1; }", "stdin:1:9: error: cannot assign to this expression: only maps (@x) and variables ($x) can be assigned"},
		{"BEGIN { 1++; }", "stdin:1:10: error: the ++ operator must be applied to a map or variable"},
		{"BEGIN { --f(); }", "stdin:1:9: error: the -- operator must be applied to a map or variable"},
		{"BEGIN { (1 + 2; }", "stdin:1:15: error: syntax error: unexpected ';', expected ')'"},
		{"BEGIN { f(1,); }", "stdin:1:13: error: syntax error: unexpected ')', expected expression"},
		{"BEGIN { print(@x[]); }", "stdin:1:18: error: syntax error: unexpected ']', expected expression"},
		{"BEGIN { let @x = 1; }", "stdin:1:13: error: syntax error: unexpected map '@x', expected variable ($name)"},
		{"BEGIN { for ($i in 0..10) {} }", "stdin:1:17: error: syntax error: unexpected identifier 'in', expected ':'"},
		{"BEGIN { offsetof(struct foo x) }", "stdin:1:29: error: syntax error: unexpected identifier 'x', expected ','"},
		{"struct foo\nBEGIN { }", "stdin:1:1: error: expected a definition: struct NAME { ... }"},
		{"struct foo { int a;", "stdin:1:1: error: unterminated definition: missing '}'"},
		{"BEGIN { `x` }", "stdin:1:9: error: invalid character '`'"},
		{"config = { a = 1 b = 2 }", "stdin:1:18: error: syntax error: unexpected identifier 'b', expected ';' or '}'"},
		{"config = { 1 = 2 }", "stdin:1:12: error: syntax error: unexpected integer '1', expected config variable name or '}'"},
		{"macro f($a { }", "stdin:1:12: error: syntax error: unexpected '{', expected ',' or ')'"},
		{"macro f(1) { }", "stdin:1:9: error: syntax error: unexpected integer '1', expected macro parameter ($var, @map or name)"},
		{"import foo;", "stdin:1:8: error: syntax error: unexpected identifier 'foo', expected string"},
		{"import \"x\"", "stdin:1:11: error: syntax error: unexpected end of file, expected ';'"},
		{"let @a = hash(1)\nBEGIN {}", "stdin:2:1: error: syntax error: unexpected identifier 'BEGIN', expected ';'"},
		{"uprobe:\"/bin/x:f { }", "stdin:1:8: error: unterminated string"},
		{"kprobe:f\x01 { }", "stdin:1:9: error: invalid character '\\x01'"},
		{"BEGIN { $x = sizeof(; }", "stdin:1:21: error: syntax error: unexpected ';', expected expression"},
		{"BEGIN { $x = (uint8 *); }", "stdin:1:23: error: syntax error: unexpected ';', expected expression"},
		{"BEGIN { if (1) { } else }", "stdin:1:25: error: syntax error: unexpected '}', expected '{'"},
		{"BEGIN { $x = a ? b; }", "stdin:1:19: error: syntax error: unexpected ';', expected ':'"},
		{"BEGIN { $t.; }", "stdin:1:12: error: syntax error: unexpected ';', expected field name after '.'"},
		{"BEGIN { $x = { 1; }; }", ""},
		{"BEGIN { else }", "stdin:1:9: error: syntax error: unexpected 'else', expected expression"},
		{"BEGIN { return 1 2 }", "stdin:1:18: error: syntax error: unexpected integer '2', expected ';' or '}'"},
		{"BEGIN { /* x */ } /* open", "stdin:1:19: error: unterminated comment"},
		{"BEGIN { $x = \"\\q\"; }", "stdin:1:15: error: invalid escape sequence '\\q' in string"},
		{"BEGIN { $ = 1 }", "stdin:1:9: error: expected a variable name after '$'"},
		{"BEGIN { $0 }", "stdin:1:9: error: invalid positional parameter: expected $1, $2, ... or $#"},
		{"BEGIN { 'a' }", "stdin:1:9: error: character literals are not supported; use the character code instead (e.g. 65 for 'A')"},
		{"BEGIN { $x = 5abc; }", "stdin:1:15: error: invalid suffix 'abc' on integer literal (durations: ns us ms s m h d)"},
		{"BEGIN\n{\n  @x = count();\n  #define X\n}", "stdin:4:3: error: unexpected '#': preprocessor directives are only allowed at the top level, outside probes"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *e = error_n(cases[i][0], strlen(cases[i][0]));
		if (strcmp(e, cases[i][1]) != 0)
			test_fail(__FILE__, __LINE__, "input: %s\n  got:      %s\n  expected: %s",
				  cases[i][0], e, cases[i][1]);
		free(e);
	}
}

TEST(parse_error_output_has_caret)
{
	struct program *prog;
	char *err;
	const char *text = "BEGIN {\n  $x = ;\n}";
	CHECK_INT(parse_n(text, strlen(text), &prog, &err), -EINVAL);
	CHECK_STR(err, "stdin:2:8: error: syntax error: unexpected ';', expected expression\n"
		       "  $x = ;\n"
		       "       ^\n");
	free(err);
}

/* ---- robustness ---- */

TEST(parse_nul_and_invalid_utf8)
{
	static const char nul[] = "BEGIN { $x = 1;\0 }";
	char *e = error_n(nul, sizeof(nul) - 1);
	CHECK_STR(e, "stdin:1:16: error: invalid character '\\x00'");
	free(e);
	static const char nul_str[] = "BEGIN { $x = \"a\0b\"; }";
	e = error_n(nul_str, sizeof(nul_str) - 1);
	CHECK_STR(e, "stdin:1:16: error: invalid character '\\x00'");
	free(e);
	static const char nul_ap[] = "kprobe:f\0 { }";
	e = error_n(nul_ap, sizeof(nul_ap) - 1);
	CHECK_STR(e, "stdin:1:9: error: invalid character '\\x00'");
	free(e);
	static const char utf[] = "BEGIN { $x = \"\xff\xfe ok\"; /* \xff */ } // \xc3\x28\n\xff";
	e = error_n(utf, sizeof(utf) - 1);
	CHECK_STR(e, "stdin:2:1: error: invalid character '\\xff'");
	free(e);
	static const char only_nul[] = "\0";
	e = error_n(only_nul, 1);
	CHECK_STR(e, "stdin:1:1: error: invalid character '\\x00'");
	free(e);
}

static char *repeat(const char *pre, const char *unit, size_t n, const char *post)
{
	struct strbuf sb = {0};
	sb_append(&sb, pre);
	for (size_t i = 0; i < n; i++)
		sb_append(&sb, unit);
	sb_append(&sb, post);
	return sb_detach(&sb);
}

static void check_fails_with(char *text, const char *msg_part)
{
	char *e = error_n(text, strlen(text));
	if (!strstr(e, msg_part))
		test_fail(__FILE__, __LINE__, "expected '%s', got '%.200s'", msg_part, e);
	free(e);
	free(text);
}

TEST(parse_deep_nesting)
{
	char *open = repeat("BEGIN { $x = ", "(", 100000, "1");
	char *text = repeat(open, ")", 100000, "; }");
	free(open);
	check_fails_with(text, "nesting too deep");
	check_fails_with(repeat("BEGIN ", "{", 100000, ""), "nesting too deep");
	check_fails_with(repeat("BEGIN { $x = ", "- ", 100000, "1; }"), "nesting too deep");
	check_fails_with(repeat("BEGIN { $x = ", "f(", 100000, ""), "nesting too deep");
	check_fails_with(repeat("BEGIN { $x = ", "1 ? 2 : ", 100000, "3; }"), "nesting too deep");
	check_fails_with(repeat("BEGIN { $x = ", "@m[", 100000, ""), "nesting too deep");
	check_fails_with(repeat("BEGIN { if (1) {} ", "else if (1) {} ", 1000, "}"),
			 "nesting too deep");
	check_fails_with(repeat("BEGIN { $x = 1", " + 1", 300000, "; }"), "expression too complex");
	check_fails_with(repeat("BEGIN { $x = $a", ".b", 300000, "; }"), "expression too complex");
	/* Within the limits these parse. */
	char *ok_open = repeat("BEGIN { $x = ", "(", 150, "1");
	char *ok = repeat(ok_open, ")", 150, "; }");
	struct program *p = parse_ok(ok);
	program_free(p);
	free(ok_open);
	free(ok);
	ok = repeat("BEGIN { $x = 1", " + 1", 3000, "; }");
	p = parse_ok(ok);
	program_free(p);
	free(ok);
}

TEST(parse_huge_input)
{
	char *text = repeat("BEGIN {\n", "  @x[pid, comm] = count(); printf(\"%d\\n\", 1 + 2 * $1);\n",
			    20000, "}\n");
	CHECK(strlen(text) > 1000000);
	struct program *p = parse_ok(text);
	CHECK_INT(node_list_len(p->probes->body->args), 40000);
	program_free(p);
	free(text);
	text = repeat("", "kprobe:f { @[tid] = 1 }\n", 40000, "");
	p = parse_ok(text);
	int n = 0;
	for (struct probe *pr = p->probes; pr; pr = pr->next)
		n++;
	CHECK_INT(n, 40000);
	program_free(p);
	free(text);
}

/* Every prefix of a valid program, and byte mutations of it, must fail
 * cleanly or parse; never crash or leak (checked by the sanitizers). */
TEST(parse_prefixes_and_mutations)
{
	const char *src = opensnoop_bt;
	size_t len = strlen(src);
	for (size_t n = 0; n <= len; n += 3) {
		struct program *p;
		char *err;
		if (parse_n(src, n, &p, &err) == 0)
			program_free(p);
		free(err);
	}
	static const char bytes[] = "{}()[]/\"'$@#;:,.*\\\n\0x1";
	char *buf = xmalloc(len);
	unsigned seed = 12345;
	for (int iter = 0; iter < 3000; iter++) {
		memcpy(buf, src, len);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t pos = (seed >> 8) % len;
			seed = seed * 1103515245u + 12345u;
			buf[pos] = bytes[(seed >> 8) % (sizeof(bytes) - 1)];
		}
		struct program *p;
		char *err;
		if (parse_n(buf, len, &p, &err) == 0)
			program_free(p);
		free(err);
	}
	free(buf);
}

TEST(parse_random_bytes)
{
	char buf[256];
	unsigned seed = 42;
	for (int iter = 0; iter < 5000; iter++) {
		size_t len = iter % sizeof(buf);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly printable, biased towards syntax characters */
			unsigned r = seed >> 16;
			buf[i] = r % 4 ? "BEGIN{}()$@x1:/;\"\n *+-=?.,k"[r % 27] : (char)(r & 0xff);
		}
		struct program *p;
		char *err;
		if (parse_n(buf, len, &p, &err) == 0)
			program_free(p);
		free(err);
	}
}

TEST(parse_ast_helpers)
{
	CHECK_STR(node_kind_name(N_INT), "int");
	CHECK_STR(node_kind_name(N_MACRO), "macro");
	CHECK_STR(node_kind_name((enum node_kind)999), "?");
	CHECK_STR(op_str(OP_SHL), "<<");
	CHECK_STR(op_str(OP_LAND), "&&");
	CHECK_STR(op_str(OP_ADDROF), "&");
	CHECK_STR(op_str((enum op)999), "?");
	CHECK_INT(node_list_len(NULL), 0);
	program_free(NULL);
	node_free(NULL);
	for (int k = N_INT; k <= N_DEFINE; k++)
		CHECK(strcmp(node_kind_name((enum node_kind)k), "?") != 0);
	for (int o = OP_ADD; o <= OP_ADDROF; o++)
		CHECK(strcmp(op_str((enum op)o), "?") != 0);
}

static bool count_builtins(const struct node *n, void *ctx)
{
	if (n->kind == N_BUILTIN)
		++*(int *)ctx;
	return n->kind != N_CALL; /* skips call arguments */
}

/* A probe compiled into several programs analyses copies of its code: the
 * copy must dump exactly like the original, strings with NULs included. */
TEST(parse_clone_and_walk)
{
	struct program *prog = parse_ok("t:a:b /pid > 1 && comm == \"x\\0y\"/ { @[tid, $x] = "
					"args.f ? (1, \"s\") : (2, \"t\"); if (1) { $i++ } else "
					"{ print(args) } for ($j : 0..3) { @c[probe] = count(); } }");
	CHECK(prog != NULL);
	if (!prog)
		return;
	struct probe copy = *prog->probes;
	copy.pred = node_clone(prog->probes->pred);
	copy.body = node_clone(prog->probes->body);
	struct program p2 = {.probes = &copy};
	char *a = test_capture(dump_cb, prog), *b = test_capture(dump_cb, &p2);
	CHECK_STR(b, a);
	CHECK(copy.pred->r->r->len == 3 && memcmp(copy.pred->r->r->str, "x\0y", 4) == 0);
	CHECK(copy.body != prog->probes->body && copy.body->args->l != prog->probes->body->args->l);
	int nb = 0;
	node_walk(copy.pred, count_builtins, &nb);
	CHECK_INT(nb, 2); /* pid, comm */
	nb = 0;
	node_walk(copy.body, count_builtins, &nb);
	CHECK_INT(nb, 3); /* tid, args of args.f, probe; not print()'s args */
	node_free(copy.pred);
	node_free(copy.body);
	free(a);
	free(b);
	program_free(prog);
}

/* A #define keeps its body as written and, when it is an expression, parsed
 * with its own locations; other bodies fail only where used (sema). */
TEST(parse_defines)
{
	CHECK_DUMP("#define A (1 << 3) // why\n# define  S \"x\"\n#define T struct foo\n"
		   "#define E\nBEGIN { }",
		   "include #define A (1 << 3) // why\n"
		   "include # define  S \"x\"\n"
		   "include #define T struct foo\n"
		   "include #define E\n"
		   "define A @1:9\n"
		   "  binop << @1:11\n"
		   "    int 1 @1:12\n"
		   "    int 3 @1:17\n"
		   "define S @2:11\n"
		   "  str \"x\" @2:13\n"
		   "define T @3:9\n"
		   "define E @4:9\n"
		   "probe BEGIN @5:1\n"
		   "  block @5:7\n");
	struct program *p = parse_ok("#define T struct foo\n#define E\nBEGIN { }");
	CHECK(p && p->defines && !p->defines->l && strcmp(p->defines->str, "struct foo") == 0);
	CHECK(p && p->defines->next && p->defines->next->len == 0);
	program_free(p);
	CHECK_ERR("#define F(x) x\nBEGIN { }",
		  "stdin:1:9: error: function-like macro 'F': only object-like macros "
		  "(#define NAME value) are supported");
	CHECK_ERR("#define 1\nBEGIN { }", "stdin:1:9: error: #define needs a macro name");
}
