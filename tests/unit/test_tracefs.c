#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "sema/tracefs.h"
#include "test.h"

static const char fixture[] =
	"name: sys_enter_openat\n"
	"ID: 782\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:char comm[16];\toffset:32;\tsize:16;\tsigned:0;\n"
	"\tfield:__data_loc char[] name;\toffset:48;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long args[6];\toffset:56;\tsize:48;\tsigned:0;\n"
	"\n"
	"print fmt: \"filename: 0x%08lx\", ((unsigned long)(REC->filename))\n";

static const struct tp_field *field(const struct tp_format *f, const char *name)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

TEST(tracefs_parse_fixture)
{
	struct tp_format f;
	CHECK_INT(tp_format_parse(fixture, &f), 0);
	CHECK_STR(f.name, "sys_enter_openat");
	CHECK_INT(f.id, 782);
	CHECK_INT(f.nfields, 7);
	const struct tp_field *x = field(&f, "common_pid");
	CHECK(x && x->is_common && x->is_signed && x->offset == 4 && x->size == 4);
	x = field(&f, "__syscall_nr");
	CHECK(x && !x->is_common && x->is_signed);
	x = field(&f, "filename");
	CHECK(x && x->is_ptr && !x->is_signed && x->offset == 24 && x->size == 8);
	CHECK_STR(x ? x->ctype : NULL, "const char *");
	x = field(&f, "comm");
	CHECK(x && x->array_len == 16 && !x->is_ptr && x->size == 16);
	CHECK_STR(x ? x->ctype : NULL, "char[16]");
	x = field(&f, "name");
	CHECK(x && x->is_data_loc && x->size == 4 && x->offset == 48);
	CHECK_STR(x ? x->ctype : NULL, "__data_loc char[]");
	x = field(&f, "args");
	CHECK(x && x->array_len == 6);
	CHECK_STR(x ? x->ctype : NULL, "unsigned long[6]");
	tp_format_free(&f);
	tp_format_free(&f); /* idempotent */
	tp_format_free(NULL);
}

TEST(tracefs_parse_rejects_garbage)
{
	struct tp_format f;
	CHECK(tp_format_parse("hello\nworld\n", &f) < 0);
	tp_format_free(&f);
	CHECK(tp_format_parse("", &f) < 0);
	tp_format_free(&f);
}

TEST(tracefs_read_openat)
{
	struct tp_format f;
	CHECK(tracefs_dir() != NULL);
	CHECK_INT(tracefs_read_format("syscalls", "sys_enter_openat", &f), 0);
	CHECK_STR(f.category, "syscalls");
	CHECK_STR(f.name, "sys_enter_openat");
	CHECK(f.id > 0);
	CHECK_INT((int)f.id, tracefs_event_id("syscalls", "sys_enter_openat"));
	const struct tp_field *x = field(&f, "filename");
	CHECK(x && x->is_ptr && x->size == 8);
	x = field(&f, "flags");
	CHECK(x != NULL);
	tp_format_free(&f);
}

TEST(tracefs_read_sched_switch)
{
	struct tp_format f;
	CHECK_INT(tracefs_read_format("sched", "sched_switch", &f), 0);
	const struct tp_field *x = field(&f, "prev_comm");
	CHECK(x && x->array_len == 16 && x->size == 16);
	x = field(&f, "next_pid");
	CHECK(x && x->is_signed && x->size == 4);
	x = field(&f, "common_type");
	CHECK(x && x->is_common);
	tp_format_free(&f);
}

TEST(tracefs_missing_event)
{
	struct tp_format f;
	CHECK_INT(tracefs_read_format("syscalls", "sys_enter_nope", &f), -ENOENT);
	CHECK_INT(tracefs_read_format("nope", "nope", &f), -ENOENT);
	CHECK_INT(tracefs_read_format("..", "..", &f), -ENOENT);
	CHECK_INT(tracefs_event_id("syscalls", "sys_enter_nope"), -ENOENT);
	CHECK_INT(tracefs_event_id("sched/../sched", "sched_switch"), -ENOENT);
}

TEST(tracefs_match_wildcards)
{
	char **names;
	int n = tracefs_match("syscalls:sys_enter_open*", &names);
	CHECK(n >= 2);
	for (int i = 0; i < n; i++)
		CHECK(strncmp(names[i], "syscalls:sys_enter_open", 23) == 0);
	for (int i = 1; i < n; i++)
		CHECK(strcmp(names[i - 1], names[i]) < 0);
	tracefs_names_free(names, n);

	CHECK_INT(tracefs_match("sched:sched_switch", &names), 1);
	CHECK_STR(names[0], "sched:sched_switch");
	tracefs_names_free(names, 1);

	n = tracefs_match("sch?d:sched_swi*", &names);
	CHECK_INT(n, 1);
	tracefs_names_free(names, n);

	CHECK_INT(tracefs_match("sched:nope", &names), 0);
	tracefs_names_free(names, 0);
	CHECK_INT(tracefs_match("nocolon", &names), -EINVAL);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

TEST(tracefs_match_all_is_fast)
{
	char **names;
	double t0 = now_ms();
	int n = tracefs_match("*:*", &names);
	double dt = now_ms() - t0;
	CHECK(n > 500);
	CHECK(dt < 50);
	int enter = 0;
	for (int i = 0; i < n; i++)
		enter += strcmp(names[i], "syscalls:sys_enter_openat") == 0;
	CHECK_INT(enter, 1);
	tracefs_names_free(names, n);
}

TEST(tracefs_suggest_nearest)
{
	char *out[3];
	int n = tracefs_suggest("syscalls:sys_enter_opnat", out, 3);
	CHECK(n >= 1);
	if (n >= 1)
		CHECK_STR(out[0], "syscalls:sys_enter_openat");
	for (int i = 0; i < n; i++)
		free(out[i]);
	n = tracefs_suggest("sched:sched_swich", out, 1);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(out[0], "sched:sched_switch");
	for (int i = 0; i < n; i++)
		free(out[i]);
	CHECK_INT(tracefs_suggest("zzzzzzzzzzzzzzzzzzzzzzzzzzzz:qqqqqqqqqqqqqqqq", out, 3), 0);
}
