/* libFuzzer target: the whole compiler (lexer, parser, semantic analysis,
 * lowering, register allocation, emission, and every dump stage) on
 * arbitrary bytes. Nothing is loaded into the kernel. Built and run by
 * `make fuzz FUZZ_SECONDS=N` (tests/fuzz/run.sh); crashing inputs go to
 * tests/fuzz/regress/, which tests/unit/test_fuzz_regress.c replays. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "driver/compile.h"

static FILE *null_out(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *params[] = {"1", "abc"};
	struct source src = {.name = "fuzz.bt", .text = (const char *)data, .len = size};
	struct sg_compile_opts o = {
		.sema = {.cpid = 1, .params = params, .nparams = 2},
		.dump = SG_DUMP_AST | SG_DUMP_IR | SG_DUMP_BPF,
		.dump_out = null_out(),
		.err_out = null_out(),
	};
	struct sg_bundle b;
	sg_compile(&src, &o, &b);
	sg_bundle_free(&b);
	return 0;
}
