/* Macro expansion (newest bpftrace), done on the AST before semantic
 * analysis. `macro name(params) { body }` defines a macro; each call
 * `name(args)` (or a bare `name` for a macro without parameters) is replaced
 * by a copy of the body, as a block expression: its value is the body's
 * last expression when it has no trailing ';'.
 *
 * Parameters: `$x` takes a variable, which the body uses by reference;
 * `@m` takes a map, by reference; a plain `x` takes any expression, which
 * is inserted wherever the body says `x` (a variable or map passed there is
 * read, not assigned). The body is hygienic: it may use only the maps and
 * outside variables passed in; its own variables are renamed ($$name_x) so
 * they cannot clash with the caller's. Macros may call other macros, not
 * themselves. Macros of one name may differ in their parameter kinds.
 *
 * Code from an expansion keeps the macro body's locations, tagged with the
 * call site (struct srcloc.site), so errors in it also show the call. */
#ifndef SG_MACRO_H
#define SG_MACRO_H

#include "base/diag.h"
#include "lang/ast.h"

/* Expands every macro call of p's probes; d gets the expansion sites.
 * Returns 0, or -EINVAL after reporting errors through d. */
int macro_expand(struct diag *d, struct program *p);

#endif
