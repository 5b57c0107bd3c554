/* Malformed and invalid scripts: every one must be rejected with a located
 * "t.bt:LINE:COL: error: ..." message, never a crash, hang, leak, or an
 * internal error. Compile only (no kernel loading). */
#include <regex.h>
#include <stdlib.h>

#include "driver/compile.h"
#include "base/util.h"
#include "test.h"

static const char *const bad[] = {
	/* syntax */
	"BEGIN {", "BEGIN }", "BEGIN { printf(\"x\" }", "BEGIN { @x = ; }", "BEGIN { $x = 1 +; }",
	"BEGIN { @x[ = 1; }", "BEGIN { @x[1 = 1; }", "BEGIN { if { } }", "BEGIN { if (1) }",
	"BEGIN { if (1) { } else }", "BEGIN { ) }", "BEGIN { \"unterminated }", "BEGIN { 'c' }",
	"BEGIN { $ = 1; }", "BEGIN { @x = 1 1; }", "BEGIN { x = 1; }", "BEGIN { 1 = 2; }",
	"BEGIN { @x = (1, ; }", "BEGIN { @x = 1 ? 2; }", "BEGIN { @x = 1 ? : 3; }", "{ }",
	"BEGIN / { }", "BEGIN /1 { }", "BEGIN { @x = 99999999999999999999999; }",
	"BEGIN { @x = 0xfffffffffffffffffff; }", "BEGIN { @x = 1.5; }", "BEGIN { @x = 1e-3; }",
	"BEGIN { \x01 }", "BEGIN { @x = \xff\xfe; }", "BEGIN { /* unterminated comment }",
	"BEGIN { @x = $; }", "BEGIN { @x++ ++; }", "BEGIN { ++1; }", "BEGIN { (1)++; }",
	"BEGIN { @x[1][2] = 3; }", "BEGIN { @x = sizeof(; }", "BEGIN { @x = (uint32; }",
	"BEGIN { while }", "BEGIN { for ($i : ) { } }", "BEGIN { @x = \"\\x\"; }", "BEGIN { ; ; } }",
	"kprobe:", "BEGIN,", "BEGIN { } END", "BEGIN { } }", "BEGIN { @x = {; }",
	"config = { foo = ; } BEGIN { }", "BEGIN { @x = 1 +* 2; }", "BEGIN { print(; }",
	"BEGIN { $x = 1 $y = 2; }",
	/* probes */
	"foo:bar { }", "tracepoint:nosuchcat:nosuchname { }", "tracepoint:syscalls:sys_enter_opnat { }",
	"tracepoint:syscalls { }", "tracepoint:syscalls:sys_enter_nomatch* { }", "t: { }",
	"interval:s:0 { }", "interval:q:1 { }", "interval:s:x { }", "interval { }", "i:1 { }",
	"interval:s:1:2 { }", "BEGIN:x { }", "END:1 { }",
	/* names */
	"BEGIN { foo(); }", "BEGIN { @x = conut(); }", "BEGIN { $a = pidd; }", "BEGIN { print($y); }",
	"BEGIN { @x = $undefined + 1; }", "BEGIN { @x = args.foo; }", "interval:s:1 { @x = args.f; }",
	"tracepoint:syscalls:sys_enter_openat { @x = args.filenam; }",
	"tracepoint:syscalls:sys_enter_openat { @x = args->nosuch; }", "BEGIN { $x = cpid; }",
	"BEGIN { print(@never); }", "BEGIN { clear(@never); }", "BEGIN { @x = @y; }",
	/* types */
	"BEGIN { $x = 1; $x = \"s\"; }", "BEGIN { $x = \"s\"; $x = 1; }", "BEGIN { @m[1] = 1; @m[\"a\"] = 2; }",
	"BEGIN { @m = 1; @m = \"a\"; }", "BEGIN { @m = count(); @m = 1; }", "BEGIN { @m = count(); @m = sum(1); }",
	"BEGIN { @m[1] = 1; @m[1, 2] = 1; }", "BEGIN { @x = \"a\" + 1; }", "BEGIN { @x = \"a\" < \"b\"; }",
	"BEGIN { @x = -\"a\"; }", "BEGIN { @x = !\"a\"; }", "BEGIN { if (\"a\") { } }",
	"BEGIN { @x = 1 ? 2 : \"a\"; }", "BEGIN { @x = (uint32)\"a\"; }", "BEGIN { @x = (struct nosuch)1; }",
	"BEGIN { $x = 1; $x += \"a\"; }", "BEGIN { @x = exit(); }", "BEGIN { @x = printf(\"a\"); }",
	"BEGIN { @x[exit()] = 1; }", "BEGIN { @m = hist(1); $y = @m; }",
	/* arrays and pointers */
	"struct A { int x[4]; } BEGIN { $a = ((struct A *)0)->x; @x = $a < $a; }",
	"struct A { int x[4]; } struct B { int y[3]; } BEGIN { @x = ((struct A *)0)->x == ((struct B *)0)->y; }",
	"struct A { int x[4]; } struct B { short y[4]; } BEGIN { @x = ((struct A *)0)->x != ((struct B *)0)->y; }",
	"struct A { int x[2][2]; } BEGIN { @x = ((struct A *)0)->x == ((struct A *)0)->x; }",
	"struct A { int x[4]; } BEGIN { @x = ((struct A *)0)->x == 1; }",
	"struct A { int x[4]; } BEGIN { @x = ((struct A *)0)->x[4]; }",
	"struct A { int x[4]; } BEGIN { @a[0] = ((struct A *)0)->x; @x = @a[0][9]; }",
	"struct A { int x[4]; } BEGIN { @a = ((struct A *)0)->x; @a = 1; }",
	"struct A { int x[4]; } BEGIN { $a = ((struct A *)0)->x; $a = 1; }",
	"BEGIN { @p = (int8 *)0; @p = 1; }", "BEGIN { @p[(int8 *)0] = 1; @p[1] = 2; }",
	"struct A { int x[1000000][1000000]; } BEGIN { print(sizeof(struct A)); }",
	"struct A { int x[1][2][3][4][5][6][7][8][9]; } BEGIN { print(sizeof(struct A)); }",
	"tracepoint:raw_syscalls:sys_enter { @x = args.args[6]; }",
	"tracepoint:raw_syscalls:sys_enter { @x = args.args > args.args; }",
	/* functions */
	"BEGIN { count(); }", "BEGIN { @x = count(1); }", "BEGIN { @x = sum(); }", "BEGIN { @x = sum(\"a\"); }",
	"BEGIN { @x = hist(); }", "BEGIN { @x = lhist(1, 2, 3); }", "BEGIN { @x = lhist(1, 10, 0, 1); }",
	"BEGIN { @x = lhist(1, 0, 10, 0); }", "BEGIN { @x = lhist(1, 0, 10, $y); }",
	"BEGIN { @a = lhist(1, 0, 10, 1); @a = lhist(1, 0, 20, 1); }", "BEGIN { printf(); }",
	"BEGIN { printf(1); }", "BEGIN { printf(\"%d\\n\"); }", "BEGIN { printf(\"%d\\n\", 1, 2); }",
	"BEGIN { printf(\"%d\\n\", \"s\"); }", "BEGIN { printf(\"%q\\n\", 1); }", "BEGIN { printf(\"%\", 1); }",
	"BEGIN { $f = \"%d\"; printf($f, 1); }", "BEGIN { print(); }", "BEGIN { clear(1); }",
	"BEGIN { clear(@x[1]); @x[1] = 1; }", "BEGIN { zero(); }", "BEGIN { delete(1); }",
	"BEGIN { delete(@x[1], 2); @x[1] = 1; }", "BEGIN { exit(\"a\"); }", "BEGIN { exit(1, 2); }",
	"BEGIN { @x = str(); }", "BEGIN { @x = str(\"a\"); }", "BEGIN { @x = str(0, \"a\"); }",
	"BEGIN { @x = hist(1, 6); }", "BEGIN { @x = count() + 1; }",
	/* invalid UTF-8 (and valid non-ASCII) bytes in names, strings, comments */
	"BEGIN { $a\xff\xfe = 1; }", "BEGIN { $a\xc3\xa9 = 1; }", "BEGIN { @\xc0\xaf = 1; }",
	"BEGIN { $\xff = 1; }", "\xff" "BEGIN { }", "\xef\xbb\xbf" "BEGIN { }", "tracepoint:sysc\xff" "alls:x { }",
	"kprobe:\xff\xfe { }", "BEGIN { @x = 1; } \xe2\x82", "BEGIN { @x = \"\xff\"; @x = 1; }",
	"BEGIN { @x[\"\xed\xa0\x80\"] = 1; @x[1] = 2; }", "BEGIN { printf(\"\xe2\x82%d\\n\"); }",
	"// \xff\xfe\nBEGIN { @x = ; }", "/* \xed\xa0\x80 \xc0 */ BEGIN { @x = ; }",
	"BEGIN { \"\xf8\x88\x80\x80\x80 }", "BEGIN { @x = \xe0\x80\xaf; }",
	/* empty programs, odd line ends, literals */
	"", "   \n\t\n", "// only a comment\n", "/* only a comment */", "BEGIN {\r\n @x = ;\r\n}\r\n",
	"BEGIN { @x = 0b102; }", "BEGIN { @x = 0o9; }", "BEGIN { @x = 0x; }", "BEGIN { @x = 1_; }",
	"BEGIN { printf(\"\\777\\n\"); }", "BEGIN { printf(\"\\u{110000}\\n\"); }",
	"BEGIN { @x = $99999999999999999999; }", "interval:s:99999999999999999999999 { }",
	"BEGIN { @x = lhist(1, 0, 99999999999999999999, 1); }", "BEGIN { @x = lhist(1, 0, 1000000000, 1); }",
	"BEGIN { @x = str(0, 99999999999999999999); }", "config = { max_strlen = 99999999999 } BEGIN { }",
	"config = { max_map_keys = 99999999999999 } BEGIN { }", "BEGIN { @x = hist(1, 999999); }",
	"BEGIN { unroll(999999999) { @x = 1; } }", "BEGIN { for ($i : 0..99999999999) { @x++; } }",
	/* wrong argument counts */
	"BEGIN { @x = str(0, 1, 2); }", "BEGIN { @x = hist(1, 2, 3); }", "BEGIN { @x = lhist(1); }",
	"BEGIN { @x = avg(); }", "BEGIN { @x = min(1, 2); }", "BEGIN { @x = stats(); }",
	"BEGIN { print(@x, 1, 2, 3); @x = 1; }", "BEGIN { @x = strncmp(\"a\", \"b\"); }",
	"BEGIN { @x = ksym(); }", "BEGIN { @x = ntop(); }", "BEGIN { time(1, 2); }",
	/* limits */
	"BEGIN { unroll(100) { unroll(100) { unroll(100) { @x++; } } } }",
	"BEGIN { $s = \"0123456789012345678901234567890123456789\"; $t = $s; $u = $s; $v = $s; "
	"$w = $s; $x = $s; $y = $s; $z = $s; $a = $s; $b = $s; $c = $s; $d = $s; @m[$s, $t, $u] = 1; }",
	("BEGIN { $a = str(0); $b = str(0); $c = str(0); $d = str(0); $e = str(0); $f = str(0); "
	 "$g = str(0); $h = str(0); $i = str(0); @m[$a, $b, $c, $d, $e, $f, $g, $h, $i] = 1; }"),
};

static regex_t located;

static void check_one(const char *text, size_t len)
{
	struct source src = {.name = "t.bt", .text = text, .len = len};
	char *errs = NULL;
	size_t elen;
	FILE *ef = open_memstream(&errs, &elen);
	struct sg_compile_opts o = {.err_out = ef, .dump_out = ef};
	struct sg_bundle b;
	int rc = sg_compile(&src, &o, &b);
	fclose(ef);
	if (rc == 0)
		test_fail(__FILE__, __LINE__, "accepted: %.*s", (int)MIN(len, 200), text);
	else if (regexec(&located, errs, 0, NULL, 0) != 0)
		test_fail(__FILE__, __LINE__, "no located error for %.*s:\n%s", (int)MIN(len, 200), text,
			  errs);
	else if (strstr(errs, "internal"))
		test_fail(__FILE__, __LINE__, "internal error for %s:\n%s", text, errs);
	sg_bundle_free(&b);
	free(errs);
}

TEST(table_of_bad_scripts)
{
	regcomp(&located, "^t\\.bt:[0-9]+:[0-9]+: error: ", REG_EXTENDED | REG_NEWLINE);
	CHECK(ARRAY_SIZE(bad) >= 100);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		check_one(bad[i], strlen(bad[i]));
	regfree(&located);
}

TEST(nul_bytes_and_huge_input)
{
	regcomp(&located, "^t\\.bt:[0-9]+:[0-9]+: error: ", REG_EXTENDED | REG_NEWLINE);
	static const char nul[] = "BEGIN { @x = 1;\0 }";
	check_one(nul, sizeof(nul) - 1);
	/* 1 MB: a huge expression, then an error at the end. */
	size_t n = 1 << 20;
	char *big = xmalloc(n + 64);
	strcpy(big, "BEGIN { @x = 1");
	size_t len = strlen(big);
	while (len + 40 < n)
		len += (size_t)sprintf(big + len, " + 1");
	len += (size_t)sprintf(big + len, " +; }");
	check_one(big, len);
	/* deeply nested parentheses */
	len = (size_t)sprintf(big, "BEGIN { @x = ");
	for (int i = 0; i < 100000; i++)
		big[len++] = '(';
	big[len] = 0;
	check_one(big, len);
	free(big);
	regfree(&located);
}

/* head, then unit (a format given the repetition number) repeated until the
 * text has `bytes` bytes, then tail. */
static char *gen(const char *head, const char *unit, size_t bytes, const char *tail, size_t *len)
{
	struct strbuf sb = {0};
	sb_appendn(&sb, head, strlen(head));
	for (int i = 0; sb.len < bytes; i++)
		sb_printf(&sb, unit, i);
	sb_appendn(&sb, tail, strlen(tail));
	*len = sb.len;
	return sb_detach(&sb);
}

static void check_gen(const char *head, const char *unit, size_t bytes, const char *tail)
{
	size_t len;
	char *text = gen(head, unit, bytes, tail, &len);
	check_one(text, len);
	free(text);
}

#define MB (1u << 20)

/* Nesting far past the parser's depth limit, of every recursive construct
 * (statements and blocks, not only parentheses): a located error, no stack
 * overflow. The openers alone are enough, the limit comes first. */
TEST(deep_nesting_of_every_kind)
{
	regcomp(&located, "^t\\.bt:[0-9]+:[0-9]+: error: ", REG_EXTENDED | REG_NEWLINE);
	static const char *const openers[] = {
		"if (1) { ", "{ ", "while (1) { ", "unroll(2) { ", "if (1) { } else { ",
		"@m[1] = 1; for ($k : @m) { ",
	};
	for (size_t i = 0; i < ARRAY_SIZE(openers); i++)
		check_gen("BEGIN { ", openers[i], MB / 4, "");
	static const char *const prefixes[] = {
		"!", "- ", "~", "*", "(uint8)", "str(", "@x[", "1 ? ", "(1, ", "(", "-(", "((1, 2), ",
	};
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		check_gen("BEGIN { @x = ", prefixes[i], MB / 4, "");
	check_gen("BEGIN { if (1) { } ", "else if (1) { } ", MB / 4, "}");
	check_gen("tracepoint:syscalls:sys_enter_openat { @x = args", ".a", MB / 4, "; }");
	check_gen("BEGIN { @x = 1", " + 1 * (2", MB / 4, "; }");
	regfree(&located);
}

/* 1 MB names, strings, comments, literals and line counts. */
TEST(one_megabyte_tokens)
{
	regcomp(&located, "^t\\.bt:[0-9]+:[0-9]+: error: ", REG_EXTENDED | REG_NEWLINE);
	check_gen("BEGIN { $", "a", MB, " = 1; $y = 1 + \"s\"; }");
	check_gen("BEGIN { @", "a", MB, " = 1; @z = 1 +; }");
	check_gen("BEGIN { ", "a", MB, "(); }");
	check_gen("BEGIN { @x = ", "a", MB, "; }");
	check_gen("tracepoint:", "a", MB, ":b { }");
	check_gen("", "a", MB, ":b { }");
	check_gen("tracepoint:syscalls:sys_enter_openat { @x = args.", "a", MB, "; }");
	check_gen("BEGIN { @x = \"", "a", MB, "\"; }");
	check_gen("BEGIN { printf(\"", "a", MB, "%d\\n\"); }");
	check_gen("BEGIN { printf(\"", "%%%%", MB, "\\n\", 1); }");
	check_gen("BEGIN { @x = ", "9", MB, "; }");
	check_gen("BEGIN { @x = 0x", "f", MB, "; }");
	check_gen("BEGIN { @x = 0b", "1", MB, "; }");
	check_gen("BEGIN { @x = $", "9", MB, "; }");
	check_gen("interval:s:", "9", MB, " { }");
	check_gen("/* ", "\xff", MB, " */ BEGIN { @x = ; }");
	check_gen("// ", "\xc3", MB, "\nBEGIN { @x = ; }");
	check_gen("", "\n", MB, "BEGIN { @x = ; }");
	check_gen("BEGIN { @x = 1; }\n", "BEGIN { @x = ; }\n", MB, ""); /* thousands of errors */
	regfree(&located);
}

/* Huge numbers of probes, maps, variables, arguments, keys, elements. */
TEST(huge_numbers_of_things)
{
	regcomp(&located, "^t\\.bt:[0-9]+:[0-9]+: error: ", REG_EXTENDED | REG_NEWLINE);
	check_gen("", "BEGIN { }\n", MB, "BEGIN { @x = ; }");
	check_gen("", "interval:ms:%d { }\n", MB / 16, "");         /* past max_probes */
	check_gen("", "profile:hz:%d { }\n", MB / 16, "");
	check_gen("BEGIN { ", "@m%d = 1; ", MB / 4, "}");              /* maps per program */
	check_gen("BEGIN { ", "$v%d = \"s\"; ", MB / 4, "}");          /* stack */
	check_gen("BEGIN { ", "printf(\"%%d\\n\", %d); ", MB, "}");    /* instructions */
	check_gen("BEGIN { printf(\"%%d\"", ", %d", MB / 16, "); }"); /* printf arguments */
	check_gen("BEGIN { @m[0", ", %d", MB / 16, "] = 1; }");       /* map keys */
	check_gen("BEGIN { @t = (0", ", %d", MB / 16, "); }");        /* tuple elements */
	check_gen("BEGIN { print(0", ", %d", MB / 16, "); }");        /* function arguments */
	check_gen("BEGIN { $x = 0; ", "$x++; ", MB / 4, "@x = 1 +; }");
	regfree(&located);
}

static void check_compiles(const char *head, const char *unit, size_t bytes, const char *tail)
{
	size_t len;
	char *text = gen(head, unit, bytes, tail, &len);
	char *errs = NULL;
	size_t elen;
	FILE *ef = open_memstream(&errs, &elen);
	struct source src = {.name = "t.bt", .text = text, .len = len};
	struct sg_compile_opts o = {.err_out = ef, .dump_out = ef};
	struct sg_bundle b;
	if (sg_compile(&src, &o, &b) != 0) {
		fflush(ef);
		test_fail(__FILE__, __LINE__, "rejected %.60s%s...: %.300s", head, unit, errs);
	}
	fclose(ef);
	sg_bundle_free(&b);
	free(errs);
	free(text);
}

/* Big but valid programs compile (they took minutes and gigabytes when
 * liveness, variable or map lookups were quadratic). */
TEST(big_valid_programs_compile)
{
	check_compiles("BEGIN { ", "printf(\"%%d\\n\", %d); ", MB / 4, "}");
	check_compiles("BEGIN { ", "$v%d = %d; ", MB / 4, "}");
	check_compiles("BEGIN { $x = 1; ", "if ($x) { $x = 2; } ", MB / 4, "}");
	check_compiles("", "BEGIN { @m%d = 1; }\n", MB / 64, "");
}
