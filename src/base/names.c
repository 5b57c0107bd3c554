#include "base/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot of key, or the empty slot where it belongs (linear probing). */
static size_t find(const struct name_table *t, const char *key)
{
	size_t j = hash(key) & (t->cap - 1);
	while (t->keys[j] && strcmp(t->keys[j], key) != 0)
		j = (j + 1) & (t->cap - 1);
	return j;
}

void *name_table_get(const struct name_table *t, const char *key)
{
	return t->cap ? t->vals[find(t, key)] : NULL;
}

/* Doubles the table (kept at most half full, so probes stay short). */
static void grow(struct name_table *t)
{
	struct name_table big = {.cap = t->cap ? t->cap * 2 : 64, .n = t->n};
	big.keys = xcalloc(big.cap, sizeof(*big.keys));
	big.vals = xcalloc(big.cap, sizeof(*big.vals));
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		size_t j = find(&big, t->keys[i]);
		big.keys[j] = t->keys[i];
		big.vals[j] = t->vals[i];
	}
	name_table_free(t);
	*t = big;
}

void name_table_put(struct name_table *t, const char *key, void *val)
{
	if (2 * (t->n + 1) > t->cap)
		grow(t);
	size_t j = find(t, key);
	if (!t->keys[j])
		t->n++;
	t->keys[j] = key;
	t->vals[j] = val;
}

void name_table_free(struct name_table *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}
