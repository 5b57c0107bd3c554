/* A hash table from strings to pointers, for name lookups that would be
 * quadratic as linear searches on big scripts (100 000 maps, variables or
 * attach points). Keys are borrowed: they must outlive the table. */
#ifndef SG_NAMES_H
#define SG_NAMES_H

#include <stddef.h>

struct name_table {
	const char **keys;
	void **vals;
	size_t cap, n; /* cap: 0 or a power of two */
};

/* The value stored for key, or NULL. */
void *name_table_get(const struct name_table *t, const char *key);
/* Stores val for key (replacing an earlier value); val must not be NULL. */
void name_table_put(struct name_table *t, const char *key, void *val);
void name_table_free(struct name_table *t);

#endif
