/* Shared fixture for tests that parse and analyse a script (no kernel
 * loading): diagnostics are captured in f->errors. */
#ifndef SG_SEMA_FIXTURE_H
#define SG_SEMA_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parser.h"
#include "sema/sema.h"

struct fixture {
	struct source src;
	struct diag d;
	struct program *prog;
	struct sema s;
	char *errors;
	size_t errlen;
	FILE *errf;
	int rc;
};

static inline void analyse(struct fixture *f, const char *text)
{
	memset(f, 0, sizeof(*f));
	f->src = (struct source){.name = "t.bt", .text = text, .len = strlen(text)};
	f->errf = open_memstream(&f->errors, &f->errlen);
	diag_init(&f->d, &f->src, f->errf);
	f->rc = parse_program(&f->d, &f->prog);
	struct sema_opts o = {.max_strlen = 64};
	if (!f->rc)
		f->rc = sema_run(&f->s, &f->d, f->prog, &o);
	fflush(f->errf);
}

static inline void done(struct fixture *f)
{
	sema_free(&f->s);
	program_free(f->prog);
	fclose(f->errf);
	free(f->errors);
}

#endif
