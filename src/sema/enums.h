/* Enum types and their enumerators: kernel enums from BTF and enums defined
 * in the script. An enum type is a T_INT whose enum_id names its entry in
 * the sema's table; its values print as their enumerator's name (printf
 * %s, map output) and its enumerators are named constants in expressions. */
#ifndef SG_SEMA_ENUMS_H
#define SG_SEMA_ENUMS_H

#include <stdbool.h>
#include <stdint.h>

#include "sema/types.h"

struct sema;
struct sg_bundle;

struct sema_enum {
	char *name;       /* "enum tcp_state", "enum (anonymous)" */
	uint32_t size;    /* bytes of a value */
	bool is_signed;
	uint32_t btf_id;  /* kernel BTF type id; 0 for an enum of the script */
	size_t n;
	char **names;
	int64_t *values;
};

/* A new, empty table entry (filled by the caller, then sema_enum_type). */
struct sema_enum *sema_enum_new(struct sema *s, const char *name, uint32_t size,
				bool is_signed, uint32_t btf_id);
void sema_enum_push(struct sema_enum *e, const char *name, int64_t value);
/* The type of values of e. */
struct type sema_enum_type(const struct sema *s, const struct sema_enum *e);
/* The enum of type t, or NULL when t is no enum type. */
const struct sema_enum *sema_enum_of(const struct sema *s, const struct type *t);
bool sema_enum_has(const struct sema_enum *e, int64_t v);
/* The entry of a BTF enum registered before, or NULL. */
const struct sema_enum *sema_enum_by_btf(const struct sema *s, uint32_t btf_id);
/* An enumerator named name: the script's enums first, then kernel BTF.
 * 0 with its value and its enum's type, -ENOENT, or -EINVAL when the
 * script's definitions have errors (reported). */
int sema_enumerator(struct sema *s, const char *name, int64_t *value, struct type *type);
/* Copies the table into the bundle (indexed like enum_id - 1). */
void sema_enums_export(const struct sema *s, struct sg_bundle *b);
void sema_enums_free(struct sema *s);

#endif
