/* Internal helpers shared by the semantic-analysis files and the builtin /
 * function / provider tables. */
#ifndef SG_SEMA_INT_H
#define SG_SEMA_INT_H

#include "sema/sema.h"

/* Reports an error (only in the final pass); always returns -EINVAL. */
int sema_err(struct sema *s, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sema_note(struct sema *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct sema_var *sema_var_find(struct sema *s, const char *name);
/* Storage type of a value kept in a map or variable (ints widen to 64 bits). */
struct type sema_storage_type(const struct type *t);
/* Builds a tuple type from a list of types (layout: 8-aligned fields). */
struct type sema_tuple(struct sema *s, const struct type *elems, uint32_t n);

#endif
