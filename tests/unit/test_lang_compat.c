/* Language-compatibility features in the bundle (no kernel): print(@m, top,
 * div) on the event, hist(v, k) on the map, -k helper checks, and the
 * perf_rb_pages ringbuf size. */
#include <stdlib.h>
#include <unistd.h>

#include "driver/compile.h"
#include "test.h"

static int compile_k(const char *text, int helper_errors, struct sg_bundle *b, char **errs)
{
	struct source src = {.name = "t.bt", .text = text, .len = strlen(text)};
	size_t len;
	FILE *ef = open_memstream(errs, &len);
	struct sg_compile_opts o = {.err_out = ef, .dump_out = ef};
	o.sema.helper_errors = helper_errors;
	int rc = sg_compile(&src, &o, b);
	fclose(ef);
	return rc;
}

static size_t count_action(const struct sg_bundle *b, enum sg_action a)
{
	size_t n = 0;
	for (size_t i = 0; i < b->nevents; i++)
		n += b->events[i].action == a;
	return n;
}

TEST(print_top_div_on_event)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile_k("BEGIN { @a[1] = 1; print(@a, 3, 10); print(@a, 2); print(@a); }", 0,
			    &b, &errs), 0);
	CHECK_INT(b.nevents, 3);
	CHECK_INT(b.events[0].action, SG_ACT_PRINT_MAP);
	CHECK_INT(b.events[0].top, 3);
	CHECK_INT(b.events[0].div, 10);
	CHECK_INT(b.events[1].top, 2);
	CHECK_INT(b.events[1].div, 0);
	CHECK_INT(b.events[2].top, 0);
	sg_bundle_free(&b);
	free(errs);
	errs = NULL;
	CHECK(compile_k("BEGIN { @a[1] = 1; $n = 1; print(@a, $n); }", 0, &b, &errs) != 0);
	CHECK(errs && strstr(errs, "t.bt:1:38: error: print(@map, top, div) expects"));
	sg_bundle_free(&b);
	free(errs);
}

TEST(hist_bits_on_map)
{
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile_k("BEGIN { @h = hist(5, 3); @g = hist(5); }", 0, &b, &errs), 0);
	CHECK_INT(sg_bundle_map(&b, "@h")->hist_bits, 3);
	CHECK_INT(sg_bundle_map(&b, "@g")->hist_bits, 0);
	sg_bundle_free(&b);
	free(errs);
	errs = NULL;
	CHECK(compile_k("BEGIN { @h = hist(5, -1); }", 0, &b, &errs) != 0);
	CHECK(errs && strstr(errs, "between 0 and 5"));
	sg_bundle_free(&b);
	free(errs);
}

TEST(helper_checks_only_with_k)
{
	const char *p = "BEGIN { @m[1] = 1; printf(\"%s\\n\", str(0x10)); }";
	struct sg_bundle b;
	char *errs = NULL;
	CHECK_INT(compile_k(p, 0, &b, &errs), 0);
	CHECK_INT(count_action(&b, SG_ACT_HELPER_ERROR), 0);
	sg_bundle_free(&b);
	free(errs);
	CHECK_INT(compile_k(p, 1, &b, &errs), 0); /* -k: the probe read */
	CHECK_INT(count_action(&b, SG_ACT_HELPER_ERROR), 1);
	size_t i = 0;
	while (b.events[i].action != SG_ACT_HELPER_ERROR)
		i++;
	CHECK_INT(b.events[i].loc.line, 1);
	CHECK_INT(b.events[i].loc.col, 35); /* str(0x10), not its argument */
	CHECK_INT(b.events[i].loc.len, 9);
	CHECK_INT(b.events[i].size, 24);
	sg_bundle_free(&b);
	free(errs);
	CHECK_INT(compile_k(p, 2, &b, &errs), 0); /* -kk: and the map update */
	CHECK_INT(count_action(&b, SG_ACT_HELPER_ERROR), 2);
	sg_bundle_free(&b);
	free(errs);
}

static uint32_t ringbuf_size(const char *text)
{
	struct sg_bundle b;
	char *errs = NULL;
	uint32_t n = 0;
	if (compile_k(text, 0, &b, &errs) == 0) {
		n = b.maps[b.ringbuf_map].max_entries;
	}
	sg_bundle_free(&b);
	free(errs);
	return n;
}

TEST(perf_rb_pages_sizes_ringbuf)
{
	uint32_t page = (uint32_t)sysconf(_SC_PAGESIZE);
	CHECK_INT(ringbuf_size("BEGIN { printf(\"x\\n\"); }"), 1u << 20);
	CHECK_INT(ringbuf_size("config = { perf_rb_pages = 3 } BEGIN { printf(\"x\\n\"); }"),
		  page * 4);
	CHECK_INT(ringbuf_size("config = { perf_rb_pages = 1 } BEGIN { printf(\"x\\n\"); }"), page);
	CHECK_INT(ringbuf_size("config = { perf_rb_pages = 64 } BEGIN { printf(\"x\\n\"); }"),
		  page * 64);
}
