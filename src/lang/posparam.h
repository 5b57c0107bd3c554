/* Positional parameters as literals (see posparam.c). */
#ifndef SG_POSPARAM_H
#define SG_POSPARAM_H

#include "lang/ast.h"

/* Rewrites $N / $# / str($N) in expressions and $N in attach points. */
void posparam_expand(struct program *prog, char **params, int nparams);

#endif
