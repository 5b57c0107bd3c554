/* Replays the fuzzer's inputs without libFuzzer: every file of
 * tests/fuzz/regress/ (inputs that once crashed, hung or leaked) and of the
 * seed corpus tests/fuzz/corpus/ goes through the whole compiler, exactly as
 * tests/fuzz/fuzz_compile.c does. Under ASan/UBSan/LSan any crash or leak
 * fails the test; a failed compile must have printed a located error. */
#include <dirent.h>
#include <stdlib.h>

#include "base/util.h"
#include "driver/compile.h"
#include "test.h"

static void compile_file(const char *path)
{
	static char *params[] = {"1", "abc"};
	size_t len;
	char *text = NULL;
	read_file(path, &text, &len); /* leaves text NULL on error */
	CHECK(text != NULL);
	if (!text)
		return;
	char *errs = NULL, *dump = NULL;
	size_t elen, dlen;
	FILE *ef = open_memstream(&errs, &elen), *df = open_memstream(&dump, &dlen);
	struct source src = {.name = "fuzz.bt", .text = text, .len = len};
	struct sg_compile_opts o = {
		.sema = {.cpid = 1, .params = params, .nparams = 2},
		.dump = SG_DUMP_AST | SG_DUMP_IR | SG_DUMP_BPF, .dump_out = df, .err_out = ef,
	};
	struct sg_bundle b;
	int rc = sg_compile(&src, &o, &b);
	fclose(ef);
	fclose(df);
	if (rc && !strstr(errs, "fuzz.bt:"))
		test_fail(__FILE__, __LINE__, "%s: rejected without a located error:\n%s", path, errs);
	sg_bundle_free(&b);
	free(errs);
	free(dump);
	free(text);
}

static int replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return 0;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		compile_file(path);
		free(path);
		n++;
	}
	closedir(d);
	return n;
}

TEST(fuzz_regressions_replay)
{
	replay_dir("tests/fuzz/regress");
}

TEST(fuzz_seed_corpus_compiles_cleanly)
{
	CHECK(replay_dir("tests/fuzz/corpus") >= 100);
}
