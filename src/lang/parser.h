/* Hand-written recursive-descent parser for the bpftrace language. */
#ifndef SG_PARSER_H
#define SG_PARSER_H

#include "base/diag.h"
#include "lang/ast.h"

/* Parses d->src. On success returns 0 and *out (free with program_free). On a
 * syntax error reports `file:line:col: error: …` through d and returns -EINVAL
 * (nothing to free). Never aborts on any input. */
int parse_program(struct diag *d, struct program **out);

#endif
