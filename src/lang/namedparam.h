/* Named program options: getopt("name"[, default]) as literals (see namedparam.c). */
#ifndef SG_NAMEDPARAM_H
#define SG_NAMEDPARAM_H

#include <stdio.h>

#include "base/diag.h"
#include "lang/ast.h"

/* namedparam_expand's result when `--help` was given (the options are listed). */
#define NAMEDPARAM_HELP 1

/* Rewrites every getopt() call from named ("--name=value", "--name");
 * errors are reported through d. Returns 0, -EINVAL, or NAMEDPARAM_HELP
 * after listing the options on help_out. */
int namedparam_expand(struct diag *d, struct program *prog, char **named, int nnamed,
		      FILE *help_out);

#endif
