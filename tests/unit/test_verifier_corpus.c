/* Every program the compiler emits for the test corpus (tests/fuzz/corpus:
 * all scripts of tests/) must pass the kernel verifier. Each script that
 * compiles is loaded through the runtime's loader (maps created, programs
 * loaded, nothing attached) and every rejection is counted; the loader
 * prints the verifier log tail for each. Scripts are compiled as the tests
 * run them: with --unsafe (system(), signal()), a -c child, and from the
 * build directory, where the relative uprobe/USDT paths of the e2e cases
 * (./uprobe_target, ./usdt_target, ...) resolve. Needs root; skipped
 * otherwise. */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
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
	struct sg_compile_opts o = {
		.sema = {.cpid = 1, .params = params, .nparams = 2, .unsafe = true},
		.dump_out = null, .err_out = null,
	};
	struct sg_bundle b;
	int rc = sg_compile(&src, &o, &b) ? -1 : load_bundle(&b, path);
	fclose(null);
	sg_bundle_free(&b);
	free(text);
	return rc;
}

/* The build directory: this binary is BUILD/san/test_verifier_corpus. */
static char *build_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = 0;
	return xstrdup(dirname(dirname(exe)));
}

TEST(every_corpus_program_passes_the_verifier)
{
	if (geteuid() != 0) {
		printf("skipped: needs root\n");
		return;
	}
	char *corpus = realpath("tests/fuzz/corpus", NULL), *build = build_dir();
	char *cwd = getcwd(NULL, 0);
	DIR *d = corpus ? opendir(corpus) : NULL;
	CHECK(d != NULL && build != NULL && cwd != NULL);
	if (!d || !build || !cwd || chdir(build) != 0) {
		CHECK(!"cannot enter the build directory");
		goto out;
	}
	int loaded = 0, rejected = 0, bad = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", corpus, e->d_name);
		int r = try_script(path);
		loaded += r == 0;
		rejected += r == 1;
		bad += r < 0;
		free(path);
	}
	printf("verifier: %d scripts loaded, %d rejected (%d do not compile: bad input)\n", loaded,
	       rejected, bad);
	/* 149 load without --unsafe and the build directory's targets */
	CHECK(loaded >= 160);
	CHECK_INT(rejected, 0);
	CHECK(chdir(cwd) == 0);
out:
	if (d)
		closedir(d);
	free(corpus);
	free(build);
	free(cwd);
}
