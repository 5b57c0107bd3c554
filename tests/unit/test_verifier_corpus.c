/* Every program the compiler emits for the test corpus (tests/fuzz/corpus:
 * all scripts of tests/) must pass the kernel verifier. Each script that
 * compiles is loaded through the runtime's loader (maps created, programs
 * loaded, nothing attached) and every rejection is counted; the loader
 * prints the verifier log tail for each. Needs root; skipped otherwise. */
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/util.h"
#include "driver/compile.h"
#include "runtime/rt.h"
#include "test.h"

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
}

/* 1 if the kernel rejected a map or program of b, else 0. */
static int load_bundle(const struct sg_bundle *b, const char *path)
{
	struct rt rt = {.b = b};
	rt.map_fds = xmalloc((b->nmaps + 1) * sizeof(int));
	rt.prog_fds = xmalloc((b->nprogs + 1) * sizeof(int));
	memset(rt.map_fds, -1, (b->nmaps + 1) * sizeof(int));
	memset(rt.prog_fds, -1, (b->nprogs + 1) * sizeof(int));
	int err = rt_maps_create(&rt);
	if (!err)
		err = rt_progs_load(&rt);
	if (err)
		fprintf(stderr, "REJECTED %s (%s)\n", path, strerror(-err));
	close_all(rt.prog_fds, b->nprogs);
	close_all(rt.map_fds, b->nmaps);
	return err ? 1 : 0;
}

/* -1: does not compile (the bad-input corpus); else load_bundle(). */
static int try_script(const char *path)
{
	static char *params[] = {"1", "abc"};
	size_t len;
	char *text = NULL;
	read_file(path, &text, &len); /* leaves text NULL on error */
	if (!text)
		return -1;
	FILE *null = fopen("/dev/null", "w");
	struct source src = {.name = path, .text = text, .len = len};
	struct sg_compile_opts o = {.sema = {.cpid = 1, .params = params, .nparams = 2},
				    .dump_out = null, .err_out = null};
	struct sg_bundle b;
	int rc = sg_compile(&src, &o, &b) ? -1 : load_bundle(&b, path);
	fclose(null);
	sg_bundle_free(&b);
	free(text);
	return rc;
}

TEST(every_corpus_program_passes_the_verifier)
{
	if (geteuid() != 0) {
		printf("skipped: needs root\n");
		return;
	}
	DIR *d = opendir("tests/fuzz/corpus");
	CHECK(d != NULL);
	if (!d)
		return;
	int loaded = 0, rejected = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("tests/fuzz/corpus/%s", e->d_name);
		int r = try_script(path);
		loaded += r == 0;
		rejected += r == 1;
		free(path);
	}
	closedir(d);
	printf("verifier: %d scripts loaded, %d rejected\n", loaded, rejected);
	CHECK(loaded >= 30);
	CHECK_INT(rejected, 0);
}
