/* Semantic analysis: type inference of expressions, variables and maps, and
 * located error messages. Uses BEGIN/END/interval probes so no tracefs is needed. */
#include <errno.h>
#include <stdlib.h>

#include "lang/parser.h"
#include "sema/sema.h"
#include "sema_fixture.h"
#include "test.h"


static const struct sema_map *map(struct fixture *f, const char *name)
{
	for (size_t i = 0; i < f->s.maps.len; i++)
		if (strcmp(f->s.maps.data[i]->name, name) == 0)
			return f->s.maps.data[i];
	return NULL;
}

static const char *value_type(struct fixture *f, const char *name, char *buf)
{
	const struct sema_map *m = map(f, name);
	return m ? type_name(&m->value, buf, 64) : "(no map)";
}

TEST(int_and_string_maps)
{
	struct fixture f;
	char b[64];
	analyse(&f, "BEGIN { @a = 1; @b = \"xy\"; @c = pid; @d = comm; @e = -1; }");
	CHECK_INT(f.rc, 0);
	CHECK_STR(value_type(&f, "@a", b), "int64");
	CHECK_STR(value_type(&f, "@b", b), "string[3]");
	CHECK_STR(value_type(&f, "@c", b), "uint64");
	CHECK_STR(value_type(&f, "@d", b), "string[16]");
	CHECK_STR(value_type(&f, "@e", b), "int64");
	done(&f);
}

TEST(string_values_widen_to_longest)
{
	struct fixture f;
	char b[64];
	analyse(&f, "BEGIN { @s = \"a\"; } END { @s = \"longer\"; }");
	CHECK_INT(f.rc, 0);
	CHECK_STR(value_type(&f, "@s", b), "string[7]");
	done(&f);
}

TEST(map_typed_by_later_probe)
{
	/* END reads @x before (in program order) the probe that assigns it. */
	struct fixture f;
	char b[64];
	analyse(&f, "END { @y = @x + 1; } BEGIN { @x = 5; }");
	CHECK_INT(f.rc, 0);
	CHECK_STR(value_type(&f, "@y", b), "int64");
	done(&f);
}

TEST(keys_layout)
{
	struct fixture f;
	analyse(&f, "BEGIN { @m[1, \"ab\", comm] = count(); }");
	CHECK_INT(f.rc, 0);
	const struct sema_map *m = map(&f, "@m");
	CHECK(m != NULL);
	CHECK_INT(m->nkeys, 3);
	CHECK_INT(m->agg, SG_AGG_COUNT);
	CHECK_INT(m->key.rec->fields[0].offset, 0);
	CHECK_INT(m->key.rec->fields[1].offset, 8);
	CHECK_INT(m->key.rec->fields[2].offset, 16);
	CHECK_INT(m->key.size, 32);
	done(&f);
}

TEST(aggregation_kinds)
{
	struct fixture f;
	analyse(&f, "BEGIN { @c = count(); @s = sum(5); @mi = min(-1); @ma = max(2); "
		    "@a = avg(3); @st = stats(4); @h = hist(5); @l = lhist(5, 0, 100, 10); }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(map(&f, "@c")->agg, SG_AGG_COUNT);
	CHECK_INT(map(&f, "@s")->agg, SG_AGG_SUM);
	CHECK_INT(map(&f, "@mi")->agg, SG_AGG_MIN);
	CHECK_INT(map(&f, "@ma")->agg, SG_AGG_MAX);
	CHECK_INT(map(&f, "@a")->agg, SG_AGG_AVG);
	CHECK_INT(map(&f, "@st")->agg, SG_AGG_STATS);
	CHECK_INT(map(&f, "@h")->agg, SG_AGG_HIST);
	CHECK_INT(map(&f, "@l")->agg, SG_AGG_LHIST);
	CHECK_INT(map(&f, "@l")->lhist_step, 10);
	done(&f);
}

TEST(expression_signedness)
{
	/* unsigned builtins stay unsigned with literals; signed with signed. */
	struct fixture f;
	char b[64];
	analyse(&f, "BEGIN { @u = pid + 1; @s = -5 * 2; @m = pid - $x; $x = 1; @c = pid > 1; }");
	CHECK(f.rc != 0); /* $x used before assignment */
	done(&f);
	analyse(&f, "BEGIN { $x = -1; @u = pid + 1; @s = -5 * 2; @m = pid - $x; @c = pid > 1; }");
	CHECK_INT(f.rc, 0);
	CHECK_STR(value_type(&f, "@u", b), "uint64");
	CHECK_STR(value_type(&f, "@s", b), "int64");
	CHECK_STR(value_type(&f, "@m", b), "uint64");
	CHECK_STR(value_type(&f, "@c", b), "bool"); /* comparisons are bool (newest bpftrace) */
	done(&f);
}

TEST(variable_types)
{
	struct fixture f;
	analyse(&f, "BEGIN { $s = \"abc\"; $s = comm; $i = 1; $i += 2; @v = $s; }");
	CHECK_INT(f.rc, 0);
	char b[64];
	/* $s holds both "abc" and comm: sized for the longer. */
	CHECK_STR(value_type(&f, "@v", b), "string[16]");
	done(&f);
}

static void check_error(const char *prog, const char *want)
{
	struct fixture f;
	analyse(&f, prog);
	CHECK(f.rc < 0);
	if (!f.errors || !strstr(f.errors, want))
		test_fail(__FILE__, __LINE__, "program %s\nerrors:\n%s\nwanted: %s", prog,
			  f.errors ? f.errors : "", want);
	done(&f);
}

TEST(errors_are_located)
{
	check_error("BEGIN { $x = 1; $x = \"s\"; }", "t.bt:1:22: error: type mismatch for $x");
	check_error("BEGIN { @m[1] = 1; @m[\"a\"] = 2; }", "t.bt:1:20: error: map @m key 1 has type");
	check_error("BEGIN { @m = 1; @m = \"a\"; }", "t.bt:1:17: error: map @m is assigned string[2]");
	check_error("BEGIN { @m = count(); @m = 1; }", "error: map @m is assigned a value here, but count()");
	check_error("BEGIN { printf(\"%d %d\\n\", 1); }", "error: printf: not enough arguments");
	check_error("BEGIN { printf(\"%d\\n\", 1, 2); }", "t.bt:1:27: error: printf: too many arguments");
	check_error("BEGIN { printf(\"%q\\n\", 1); }", "error: printf: invalid conversion '%q'");
	check_error("BEGIN { @x = sum(\"a\"); }", "error: sum() expects an integer, not string[2]");
	check_error("BEGIN { @x = count(1); }", "error: count() takes 0 arguments, 1 given");
	check_error("BEGIN { print(@nope); }", "error: map @nope is read but never assigned");
	check_error("BEGIN { $x = cpid; }", "error: cpid is only available with -c CMD");
	check_error("BEGIN { @x = \"a\" < \"b\"; }", "error: operator '<' cannot be applied to strings");
	check_error("interval:q:1 { }", "error: invalid interval 'interval:q:1'");
	check_error("foo:bar { }", "t.bt:1:1: error: unknown probe type 'foo'");
	check_error("BEGIN { @x = pi; }", "error: unknown identifier 'pi'");
	check_error("BEGIN { @x = exit(); }", "error: void cannot be stored in a map");
}

TEST(interval_periods)
{
	struct fixture f;
	analyse(&f, "interval:ms:250, i:2s, interval:hz:4, interval:us:10 { }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(f.s.probes.len, 1); /* one provider group → one program, four attach points */
	struct sema_probe *p = f.s.probes.data[0];
	CHECK_INT(p->attach.len, 4);
	CHECK_INT(p->attach.data[0].period, 250000000);
	CHECK_INT(p->attach.data[1].period, 2000000000);
	CHECK_INT(p->attach.data[2].period, 250000000);
	CHECK_INT(p->attach.data[3].period, 10000);
	CHECK_STR(p->attach.data[1].name, "interval:s:2");
	done(&f);
}
