/* The compiler pipeline: source → parse → sema → lower → codegen → bundle. */
#ifndef SG_COMPILE_H
#define SG_COMPILE_H

#include <stdio.h>

#include "bundle/bundle.h"
#include "driver/config.h"
#include "sema/sema.h"

enum sg_dump {
	SG_DUMP_NONE = 0,
	SG_DUMP_AST = 1,
	SG_DUMP_IR = 2,
	SG_DUMP_BPF = 4,
};

struct sg_compile_opts {
	struct sema_opts sema;
	unsigned dump;  /* SG_DUMP_* bits */
	FILE *dump_out;
	FILE *err_out;  /* diagnostics (stderr when NULL) */
	struct sg_config config; /* from the environment; the script's block wins */
};

/* Compiles src into *out. Returns 0, -errno after printing diagnostics, or
 * NAMEDPARAM_HELP (1) when `--help` asked for the program's options (listed
 * on stdout; nothing to run). */
int sg_compile(const struct source *src, const struct sg_compile_opts *o, struct sg_bundle *out);

#endif
