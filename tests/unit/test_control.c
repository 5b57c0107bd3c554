/* Control flow, scoping, tuples, bool and config through the compiler (no
 * kernel): literal ranges become back edges with a capped hidden counter,
 * other loops bpf_loop callbacks, unroll
 * copies its body, errors are located. */
#include <stdlib.h>

#include "bpf/insn.h"
#include "driver/compile.h"
#include "test.h"

static int compile(const char *text, struct sg_bundle *b, char **errs)
{
	struct source src = {.name = "t.bt", .text = text, .len = strlen(text)};
	size_t len;
	FILE *ef = open_memstream(errs, &len);
	struct sg_compile_opts o = {.err_out = ef, .dump_out = ef};
	int rc = sg_compile(&src, &o, b);
	fclose(ef);
	return rc;
}

/* Jumps whose target is at or before themselves. */
static int back_edges(const struct sg_prog *p)
{
	int n = 0;
	for (size_t i = 0; i < p->ninsns; i++) {
		uint8_t cls = p->insns[i].code & 7, op = p->insns[i].code & 0xf0;
		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT &&
		    p->insns[i].off < 0)
			n++;
	}
	return n;
}

static void expect_error(const char *text, const char *msg)
{
	struct sg_bundle b;
	char *errs = NULL;
	int rc = compile(text, &b, &errs);
	CHECK(rc != 0);
	CHECK(errs && strstr(errs, msg));
	if (!errs || !strstr(errs, msg))
		fprintf(stderr, "  for %s\n  got: %s\n", text, errs ? errs : "(none)");
	sg_bundle_free(&b);
	free(errs);
}

TEST(loops_are_back_edges)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile("BEGIN { $i = 0; while ($i < 3) { $i++; } "
			  "for ($j : 0..$i) { @x = $j; } for ($k : 0..3) { @y = $k; } }", &b, &errs), 0);
	/* Only the literal range is a back edge: the while loop and the range
	 * with a runtime bound are bpf_loop callbacks (subprograms). */
	CHECK_INT(back_edges(&b.progs[0]), 1);
	CHECK_INT(b.progs[0].nfuncs, 3);
	sg_bundle_free(&b);
	free(errs);
}

TEST(unroll_copies_the_body)
{
	struct sg_bundle b1, b3;
	char *errs = NULL;
	CHECK_INT(compile("BEGIN { unroll(1) { @x = 1; } }", &b1, &errs), 0);
	free(errs);
	CHECK_INT(compile("BEGIN { unroll(3) { @x = 1; } }", &b3, &errs), 0);
	CHECK_INT(back_edges(&b3.progs[0]), 0);
	CHECK(b3.progs[0].ninsns > 2 * b1.progs[0].ninsns - 8);
	sg_bundle_free(&b1);
	sg_bundle_free(&b3);
	free(errs);
}

TEST(loop_errors_are_located)
{
	expect_error("BEGIN { break; }", "t.bt:1:9: error: 'break' outside of a loop");
	expect_error("BEGIN {\n  unroll(200) { } }", "t.bt:2:9: error: unroll maximum value is 100");
	expect_error("BEGIN { for ($i : 0..100000000) { @x = $i; } }",
		     "t.bt:1:9: error: this loop runs 100000000 times");
	expect_error("BEGIN { return 5; }", "t.bt:1:16: error: a probe cannot return a value");
}

TEST(let_scoping)
{
	expect_error("BEGIN { if (1) { let $x = 1; } @y = $x; }",
		     "t.bt:1:37: error: variable $x is not in scope here");
	expect_error("BEGIN { let $x = 1; let $x = 2; }", "already declared");
	expect_error("BEGIN { let $x; @y = $x; }", "used before it is assigned");
	expect_error("BEGIN { let $x: float; }", "unknown type 'float'");
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile("BEGIN { if (1) { let $x = 1; @a = $x; } "
			  "if (1) { let $x = \"s\"; @b = $x; } }", &b, &errs), 0);
	sg_bundle_free(&b);
	free(errs);
}

TEST(tuples_and_bool_in_maps)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile("BEGIN { @t = (1, \"ab\"); @t = (2, \"longer\"); @b = true; }",
			  &b, &errs), 0);
	const struct sg_map *t = sg_bundle_map(&b, "@t");
	CHECK(t && t->value.kind == SG_V_TUPLE && t->value.nelems == 2);
	CHECK_INT(t->value.elems[1].offset, 8);
	CHECK_INT(t->value.elems[1].size, 7);
	const struct sg_map *bm = sg_bundle_map(&b, "@b");
	CHECK(bm && bm->value.kind == SG_V_BOOL);
	sg_bundle_free(&b);
	free(errs);
	expect_error("BEGIN { $t = (1, 2); @x = $t.5; }", "tuple has no element '5'");
}

TEST(config_block)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile("config = { max_map_keys = 7; print_maps_on_exit = false }\n"
			  "BEGIN { @m[1] = 1; }", &b, &errs), 0);
	CHECK_INT(sg_bundle_map(&b, "@m")->max_entries, 7);
	CHECK(b.no_exit_maps);
	sg_bundle_free(&b);
	free(errs);
	CHECK_INT(compile("config = { max_strlen = 1000 } BEGIN { $a = str(0); $b = str(0); "
			  "@m = $a == $b; }", &b, &errs), 0);
	const struct sg_map *sc = sg_bundle_map(&b, ".scratch");
	CHECK(sc && sc->type == SG_MAP_PERCPU_ARRAY && sc->value_size == 2000);
	sg_bundle_free(&b);
	free(errs);
	/* A 1000-byte map key: a temporary in the scratch map, not on the stack. */
	CHECK_INT(compile("config = { max_strlen = 1000 } BEGIN { @m[str(0)] = 1; }", &b, &errs), 0);
	sc = sg_bundle_map(&b, ".scratch");
	CHECK(sc && sc->value_size == 1000);
	sg_bundle_free(&b);
	free(errs);
	expect_error("config = { nope = 1 } BEGIN { }", "t.bt:1:12: error: unknown config variable 'nope'");
	expect_error("config = { max_strlen = 0 } BEGIN { }", "max_strlen must be an integer");
}
