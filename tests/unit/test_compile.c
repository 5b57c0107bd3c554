/* The whole compiler pipeline (no kernel): bundle layout of maps, events and
 * programs, and compile errors for things the BPF stack cannot hold. */
#include <stdlib.h>

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

TEST(bundle_maps_and_events)
{
	struct sg_bundle b;
	char *errs = NULL;
	int rc = compile("BEGIN { @c[comm, 1] = count(); @h = hist(3); @v = \"s\"; "
			 "printf(\"%s %d\\n\", comm, 5); exit(); }", &b, &errs);
	CHECK_INT(rc, 0);
	const struct sg_map *c = sg_bundle_map(&b, "@c");
	CHECK(c && c->type == SG_MAP_PERCPU_HASH && c->agg == SG_AGG_COUNT);
	CHECK_INT(c->key_size, 24);
	CHECK_INT(c->nkeys, 2);
	CHECK_INT(c->value_size, 8);
	const struct sg_map *h = sg_bundle_map(&b, "@h");
	/* keyless maps are arrays: hist() buckets index a per-CPU array */
	CHECK(h && h->agg == SG_AGG_HIST && h->type == SG_MAP_PERCPU_ARRAY && h->key_size == 4);
	CHECK_INT(h->max_entries, 65);
	CHECK(sg_map_bucket_array(h));
	const struct sg_map *v = sg_bundle_map(&b, "@v");
	CHECK(v && v->type == SG_MAP_ARRAY && v->value.kind == SG_V_STR && v->max_entries == 1);
	CHECK(!sg_map_bucket_array(v) && sg_map_is_array(v));
	CHECK(b.ringbuf_map >= 0 && b.maps[b.ringbuf_map].type == SG_MAP_RINGBUF);
	CHECK(b.lost_map >= 0 && b.maps[b.lost_map].type == SG_MAP_PERCPU_ARRAY);
	CHECK_INT(b.nevents, 2);
	CHECK_INT(b.events[0].action, SG_ACT_PRINTF);
	CHECK_STR(b.events[0].fmt, "%s %d\n");
	CHECK_INT(b.events[0].args.nelems, 2);
	CHECK_INT(b.events[0].args.elems[0].offset, 8);
	CHECK_INT(b.events[0].args.elems[0].kind, SG_V_STR);
	CHECK_INT(b.events[0].args.elems[1].offset, 24);
	CHECK_INT(b.events[0].size, 32);
	CHECK_INT(b.events[1].action, SG_ACT_EXIT);
	CHECK_INT(b.nprogs, 1);
	CHECK_INT(b.progs[0].insns[b.progs[0].ninsns - 1].code, BPF_JMP | BPF_EXIT);
	CHECK_STR(b.progs[0].attach[0].provider, "begin");
	sg_bundle_free(&b);
	free(errs);
}

TEST(probe_names_and_cookies)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile("BEGIN { } interval:ms:10, interval:s:1 { @[probe] = count(); } END { }",
			  &b, &errs), 0);
	CHECK_INT(b.nprogs, 3);
	CHECK_INT(b.nprobe_names, 4);
	const struct sg_prog *p = &b.progs[1];
	CHECK_INT(p->nattach, 2);
	CHECK_STR(b.probe_names[p->attach[1].cookie], "interval:s:1");
	CHECK_STR(b.probe_names[p->attach[0].cookie], "interval:ms:10");
	sg_bundle_free(&b);
	free(errs);
}

TEST(stack_overflow_is_a_compile_error)
{
	/* Ten 64-byte string variables plus temporaries exceed 512 bytes. */
	struct sg_bundle b;
	char *errs = NULL;
	int rc = compile("BEGIN { $a = str(0); $b = str(0); $c = str(0); $d = str(0); "
			 "$e = str(0); $f = str(0); $g = str(0); $h = str(0); $i = str(0); "
			 "@m[$a, $b, $c, $d, $e, $f, $g, $h, $i] = 1; }", &b, &errs);
	CHECK(rc != 0);
	CHECK(errs && strstr(errs, "t.bt:1:") && strstr(errs, "error:") && strstr(errs, "512"));
	sg_bundle_free(&b);
	free(errs);
}

TEST(dumps)
{
	struct sg_bundle b;
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);
	const char *text = "BEGIN { @x[1] = 1; }";
	struct source src = {.name = "t.bt", .text = text, .len = strlen(text)};
	struct sg_compile_opts o = {.err_out = f, .dump_out = f,
				    .dump = SG_DUMP_AST | SG_DUMP_IR | SG_DUMP_BPF};
	CHECK_INT(sg_compile(&src, &o, &b), 0);
	fclose(f);
	CHECK(strstr(out, "probe BEGIN @1:1"));         /* AST */
	CHECK(strstr(out, "call map_update_elem"));     /* IR */
	CHECK(strstr(out, "call bpf_map_update_elem#2")); /* eBPF */
	CHECK(strstr(out, "r1 = map[@x]"));
	sg_bundle_free(&b);
	free(out);
}
