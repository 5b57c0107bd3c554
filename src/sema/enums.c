/* The table of enum types (see enums.h). */
#include "sema/enums.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "bundle/bundle.h"
#include "sema/btf.h"
#include "sema/sema_int.h"

struct sema_enum *sema_enum_new(struct sema *s, const char *name, uint32_t size,
				bool is_signed, uint32_t btf_id)
{
	struct sema_enum *e = xcalloc(1, sizeof(*e));
	e->name = xstrdup(name);
	e->size = size == 1 || size == 2 || size == 4 ? size : 8;
	e->is_signed = is_signed;
	e->btf_id = btf_id;
	vec_push(&s->enums, e);
	return e;
}

void sema_enum_push(struct sema_enum *e, const char *name, int64_t value)
{
	e->names = xrealloc(e->names, (e->n + 1) * sizeof(*e->names));
	e->values = xrealloc(e->values, (e->n + 1) * sizeof(*e->values));
	e->names[e->n] = xstrdup(name);
	e->values[e->n++] = value;
}

/* enum_id is 16 bits: past that many enums, values are plain integers. */
struct type sema_enum_type(const struct sema *s, const struct sema_enum *e)
{
	struct type t = type_int(e->size, e->is_signed);
	for (size_t i = 0; i < s->enums.len && i < UINT16_MAX; i++)
		if (s->enums.data[i] == e)
			t.enum_id = (uint16_t)(i + 1);
	return t;
}

const struct sema_enum *sema_enum_by_btf(const struct sema *s, uint32_t btf_id)
{
	for (size_t i = 0; btf_id && i < s->enums.len; i++)
		if (s->enums.data[i]->btf_id == btf_id)
			return s->enums.data[i];
	return NULL;
}

const struct sema_enum *sema_enum_of(const struct sema *s, const struct type *t)
{
	if (t->kind != T_INT || !t->enum_id || t->enum_id > s->enums.len)
		return NULL;
	return s->enums.data[t->enum_id - 1];
}

bool sema_enum_has(const struct sema_enum *e, int64_t v)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->values[i] == v)
			return true;
	return false;
}

static int script_enumerator(struct sema *s, const char *name, int64_t *value,
			     struct type *type)
{
	for (size_t i = 0; i < s->enums.len; i++) {
		const struct sema_enum *e = s->enums.data[i];
		for (size_t j = 0; !e->btf_id && j < e->n; j++)
			if (strcmp(e->names[j], name) == 0) {
				*value = e->values[j];
				*type = sema_enum_type(s, e);
				return 0;
			}
	}
	return -ENOENT;
}

int sema_enumerator(struct sema *s, const char *name, int64_t *value, struct type *type)
{
	int err = sgbtf_script_defs(s); /* reported already: no "unknown" on top */
	if (err || script_enumerator(s, name, value, type) == 0)
		return err;
	return sgbtf_enumerator(s, name, value, type);
}

/* Values are kept as the kernel stores them: a signed enum's negative
 * values sign-extended, an unsigned one's zero-extended, to 64 bits. */
void sema_enums_export(const struct sema *s, struct sg_bundle *b)
{
	b->nenums = MIN(s->enums.len, (size_t)UINT16_MAX);
	b->enums = xcalloc(b->nenums + 1, sizeof(*b->enums));
	for (size_t i = 0; i < b->nenums; i++) {
		const struct sema_enum *e = s->enums.data[i];
		struct sg_enum *o = &b->enums[i];
		o->name = xstrdup(e->name);
		o->n = e->n;
		o->names = xcalloc(e->n + 1, sizeof(*o->names));
		o->values = xcalloc(e->n + 1, sizeof(*o->values));
		for (size_t j = 0; j < e->n; j++) {
			o->names[j] = xstrdup(e->names[j]);
			o->values[j] = (uint64_t)e->values[j];
		}
	}
}

void sema_enums_free(struct sema *s)
{
	for (size_t i = 0; i < s->enums.len; i++) {
		struct sema_enum *e = s->enums.data[i];
		for (size_t j = 0; j < e->n; j++)
			free(e->names[j]);
		free(e->names);
		free(e->values);
		free(e->name);
		free(e);
	}
	vec_free(&s->enums);
}
