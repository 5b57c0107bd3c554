/* Functions of src/builtins/funcs_{str,sys,net,sym}.c: argument types and
 * counts checked at compile time with located errors, the events and value
 * descriptions they put in the bundle, kallsyms lookups, and how user space
 * prints their values. No kernel needed. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "driver/compile.h"
#include "output/output.h"
#include "sym/ksyms.h"
#include "test.h"

static int compile_opts(const char *text, bool unsafe, struct sg_bundle *b, char **errs)
{
	struct source src = {.name = "t.bt", .text = text, .len = strlen(text)};
	size_t len;
	FILE *ef = open_memstream(errs, &len);
	struct sg_compile_opts o = {.err_out = ef, .dump_out = ef, .sema.unsafe = unsafe};
	int rc = sg_compile(&src, &o, b);
	fclose(ef);
	return rc;
}

/* Compiles text, expecting failure with an error containing want. */
static void check_error(const char *text, const char *want)
{
	struct sg_bundle b;
	char *errs = NULL;
	int rc = compile_opts(text, false, &b, &errs);
	CHECK(rc != 0);
	if (!errs || !strstr(errs, want))
		test_fail(__FILE__, __LINE__, "%s:\n--- got ---\n%s\n--- expected ---\n%s", text,
			  errs ? errs : "", want);
	sg_bundle_free(&b); /* also after errors */
	free(errs);
}

static void check_ok(const char *text, bool unsafe)
{
	struct sg_bundle b;
	char *errs = NULL;
	int rc = compile_opts(text, unsafe, &b, &errs);
	if (rc != 0)
		test_fail(__FILE__, __LINE__, "%s:\n%s", text, errs ? errs : "");
	sg_bundle_free(&b);
	free(errs);
}

TEST(string_function_errors)
{
	check_error("BEGIN { @x = strlen(1); }", "t.bt:1:21: error: strlen() expects a string, not int64");
	check_error("BEGIN { @x = strlen(); }", "t.bt:1:14: error: strlen() takes 1 argument, 0 given");
	check_error("BEGIN { @x = strncmp(\"a\", 2, 1); }",
		    "t.bt:1:27: error: strncmp() expects a string, not int64");
	check_error("BEGIN { $n = 1; @x = strncmp(\"a\", \"b\", $n); }",
		    "error: strncmp() length must be a non-negative integer literal");
	check_error("BEGIN { @x = strcontains(\"a\"); }", "strcontains() takes 2 arguments, 1 given");
	check_error("BEGIN { @x = strcontains(\"a\", pid); }",
		    "t.bt:1:31: error: strcontains() expects a string, not uint32");
	check_error("BEGIN { printf(\"%r\\n\", buf(pid)); }",
		    "error: buf() of a pointer needs a length: buf(p, n)");
	check_error("BEGIN { printf(\"%s\\n\", buf(\"ab\", 2)); }",
		    "error: printf: %s cannot print a value of type buffer[6]");
	check_error("BEGIN { printf(\"%r\\n\", 5); }",
		    "error: printf: %r cannot print a value of type int64");
	check_ok("BEGIN { printf(\"%r %rx %rh %d\\n\", buf(\"ab\", 2), buf(\"ab\", 2), buf(\"ab\", 2), "
		 "strlen(\"ab\")); }", false);
}

TEST(unsafe_and_action_errors)
{
	check_error("BEGIN { system(\"ls\"); }",
		    "t.bt:1:9: error: system() is an unsafe function being used in safe mode");
	check_error("tracepoint:syscalls:sys_enter_getpid { signal(9); }",
		    "error: signal() is an unsafe function being used in safe mode");
	check_error("BEGIN { time(1); }", "t.bt:1:14: error: time(): the format must be a string literal");
	check_error("BEGIN { cat(\"%d\"); }", "t.bt:1:9: error: cat: not enough arguments for format \"%d\"");
	check_error("BEGIN { join(\"x\"); }", "join() expects a pointer to a string array, not string[2]");
	check_error("BEGIN { join(0, 1); }", "join() separator must be a string literal");
	check_ok("BEGIN { system(\"echo %d\", 1); cat(\"/x%s\", \"y\"); time(); time(\"%H\"); join(0); }", true);
}

TEST(signal_checks)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK(compile_opts("BEGIN { signal(9); }", true, &b, &errs) != 0);
	CHECK(errs && strstr(errs, "t.bt:1:9: error: signal() can not be used in BEGIN probes"));
	sg_bundle_free(&b);
	free(errs);
	errs = NULL;
	CHECK(compile_opts("interval:s:1 { signal(\"FOO\"); }", true, &b, &errs) != 0);
	CHECK(errs && strstr(errs, "t.bt:1:23: error: FOO is not a valid signal"));
	sg_bundle_free(&b);
	free(errs);
	errs = NULL;
	CHECK(compile_opts("interval:s:1 { signal(99); }", true, &b, &errs) != 0);
	CHECK(errs && strstr(errs, "error: 99 is not a valid signal, allowed range: [1,64]"));
	sg_bundle_free(&b);
	free(errs);
	errs = NULL;
	CHECK_INT(compile_opts("interval:s:1 { signal(\"SIGUSR1\"); signal(\"KILL\"); signal(pid); }",
			       true, &b, &errs), 0);
	sg_bundle_free(&b);
	free(errs);
}

TEST(net_and_symbol_errors)
{
	check_error("BEGIN { printf(\"%s\\n\", ntop(\"abc\")); }",
		    "ntop() expects an integer or an array of 4 or 16 bytes, not string[4]");
	check_error("BEGIN { printf(\"%s\\n\", ntop(\"x\", 1)); }",
		    "ntop() expects an address family (integer), not string[2]");
	check_error("BEGIN { printf(\"%s\\n\", ntop(pton(\"1.2.3.x\"))); }",
		    "t.bt:1:34: error: pton(): '1.2.3.x' is not an IPv4 or IPv6 address");
	check_error("BEGIN { printf(\"%s\\n\", macaddr(pton(\"1.2.3.4\"))); }",
		    "macaddr() argument must be 6 bytes in size, not uint8[4]");
	check_error("BEGIN { @x = kaddr(\"no_such_symbol_xyz\"); }",
		    "t.bt:1:20: error: kaddr(): no kernel symbol named 'no_such_symbol_xyz'");
	check_error("BEGIN { @x = cgroupid(\"/nonexistent/cg\"); }",
		    "error: cgroupid(): /nonexistent/cg: No such file or directory");
	check_error("BEGIN { printf(\"%s\\n\", strftime(1, nsecs)); }",
		    "strftime(): the format must be a string literal");
	check_error("BEGIN { printf(\"%s\\n\", strftime(\"%H\", \"x\")); }",
		    "strftime() expects nanoseconds (integer), not string[2]");
	check_error("BEGIN { printf(\"%s\\n\", ksym(\"x\")); }", "ksym() expects an address (integer)");
	check_error("BEGIN { @m[1] = 1; @x = has_key(@m); }", "has_key() takes 2 arguments, 1 given");
	check_error("BEGIN { @m[1] = 1; @x = has_key(@m, \"a\"); }", "error: map @m key");
	check_error("BEGIN { @x = has_key(1, 2); }", "has_key() expects a map and a key");
	/* Printed-only values are map keys and map values (as in bpftrace). */
	check_ok("BEGIN { @x = ntop(1); @y = ksym(0); @z = strftime(\"%H\", 0); }", false);
	check_ok("BEGIN { @x[ntop(1), ksym(0), strftime(\"%H\", 0), macaddr(0), buf(\"a\", 1)] = 1; }",
		 false);
}

TEST(bundle_of_new_values)
{
	struct sg_bundle b;
	char *errs = NULL;
	int rc = compile_opts("BEGIN { printf(\"%s %s %s %s\\n\", ntop(pton(\"::1\")), strftime(\"%H\", 5), "
			      "ksym(0), macaddr(0)); join(0, \",\"); time(); }", false, &b, &errs);
	CHECK_INT(rc, 0);
	if (rc) {
		sg_bundle_free(&b);
		free(errs);
		return;
	}
	CHECK_INT(b.nevents, 3);
	const struct sg_value_desc *a = b.events[0].args.elems;
	CHECK_INT(a[0].kind, SG_V_INET);
	CHECK_INT(a[0].size, 24);
	CHECK_INT(a[1].kind, SG_V_TIMESTAMP);
	CHECK_INT(a[2].kind, SG_V_KSYM);
	CHECK_INT(a[3].kind, SG_V_MAC);
	CHECK_INT(b.nstrings, 1);
	CHECK_STR(b.strings[0], "%H");
	CHECK_INT(b.events[1].action, SG_ACT_JOIN);
	CHECK_STR(b.events[1].fmt, ",");
	CHECK_INT(b.events[1].args.nelems, 17);
	CHECK_INT(b.events[2].action, SG_ACT_TIME);
	CHECK(b.events[2].fmt == NULL);
	sg_bundle_free(&b);
	free(errs);
}

static void write_ksyms(const char *path)
{
	FILE *f = fopen(path, "w");
	fputs("ffffffff81000100 T second\n"
	      "ffffffff81000000 T first\n"
	      "ffffffffc0000000 t modfunc\t[mymod]\n"
	      "garbage line\n",
	      f);
	fclose(f);
}

TEST(kallsyms_lookup)
{
	char path[] = "/tmp/sg-ksyms-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	write_ksyms(path);
	struct ksyms k;
	CHECK_INT(ksyms_load(path, &k), 0);
	CHECK_INT(k.n, 3);
	uint64_t off = 0, addr = 0;
	const struct ksym *s = ksyms_find(&k, 0xffffffff81000104ULL, &off);
	CHECK(s && strcmp(s->name, "second") == 0 && off == 4);
	s = ksyms_find(&k, 0xffffffff81000000ULL, &off);
	CHECK(s && strcmp(s->name, "first") == 0 && off == 0);
	CHECK(ksyms_find(&k, 0x1000, NULL) == NULL);
	s = ksyms_find(&k, 0xffffffffc0000010ULL, NULL);
	CHECK(s && strcmp(s->name, "modfunc") == 0);
	CHECK_INT(ksyms_addr(&k, "second", &addr), 0);
	CHECK(addr == 0xffffffff81000100ULL);
	CHECK_INT(ksyms_addr(&k, "nope", &addr), -ENOENT);
	ksyms_free(&k);
	/* All-zero addresses: kallsyms hides them from this user. */
	FILE *f = fopen(path, "w");
	fputs("0000000000000000 T a\n0000000000000000 T b\n", f);
	fclose(f);
	CHECK_INT(ksyms_load(path, &k), -EPERM);
	CHECK_INT(ksyms_load("/nonexistent/kallsyms", &k), -ENOENT);
	unlink(path);
}

/* Formats one printf record of bundle b's event 0 through the output module. */
static char *format_event(const struct sg_bundle *b, const uint8_t *rec, size_t len)
{
	char *text = NULL;
	size_t n;
	FILE *f = open_memstream(&text, &n);
	struct sg_output *o = output_new(f, SG_FMT_TEXT, b);
	output_event(o, rec, len);
	output_free(o);
	fclose(f);
	return text;
}

TEST(print_inet_and_mac)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile_opts("BEGIN { printf(\"%s|%s|%s|%s\\n\", ntop(1), ntop(pton(\"::1\")), "
			       "macaddr(0), ntop(10, 1)); }", false, &b, &errs), 0);
	free(errs);
	uint8_t rec[8 + 24 + 24 + 8 + 24] = {0};
	rec[8] = 2;           /* AF_INET */
	memcpy(rec + 16, "\x7f\x00\x00\x01", 4);
	rec[32] = 10;         /* AF_INET6 */
	rec[32 + 8 + 15] = 1; /* ::1 */
	memcpy(rec + 56, "\x00\x1a\x2b\x3c\x4d\xfe", 6);
	rec[64] = 10;
	rec[64 + 8] = 0xfe;
	rec[64 + 9] = 0x80;
	char *text = format_event(&b, rec, sizeof(rec));
	CHECK_STR(text, "127.0.0.1|::1|00:1A:2B:3C:4D:FE|fe80::\n");
	free(text);
	sg_bundle_free(&b);
}
