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
	/* limits */
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
