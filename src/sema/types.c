#include "sema/types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void *type_arena_alloc(struct type_arena *a, size_t size)
{
	if (a->len == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->items = xrealloc(a->items, a->cap * sizeof(void *));
	}
	void *p = xcalloc(1, size);
	a->items[a->len++] = p;
	return p;
}

void type_arena_free(struct type_arena *a)
{
	for (size_t i = 0; i < a->len; i++)
		free(a->items[i]);
	free(a->items);
	a->items = NULL;
	a->len = a->cap = 0;
}

struct type type_int(uint32_t size, bool is_signed)
{
	return (struct type){.kind = T_INT, .size = size, .is_signed = is_signed};
}

struct type type_int_widened(const struct type *t)
{
	struct type w = type_int(8, t->is_signed);
	w.is_bool = t->is_bool;
	w.enum_id = t->enum_id;
	w.width = (uint8_t)(t->width ? t->width : t->size);
	return w;
}

struct type type_str(uint32_t size)
{
	return (struct type){.kind = T_STR, .size = size};
}

struct type type_void(void)
{
	return (struct type){.kind = T_VOID};
}

bool type_is_int(const struct type *t)
{
	return t->kind == T_INT;
}

static bool record_equal(const struct record *a, const struct record *b)
{
	if (a == b)
		return true;
	if (a && b && (a->btf_id || b->btf_id)) /* kernel types: the same type or not */
		return a->btf_id == b->btf_id;
	if (!a || !b || a->nfields != b->nfields || a->size != b->size)
		return false;
	for (uint32_t i = 0; i < a->nfields; i++)
		if (a->fields[i].offset != b->fields[i].offset ||
		    !type_equal(&a->fields[i].type, &b->fields[i].type))
			return false;
	return true;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool field_same_layout(const struct field *x, const struct field *y)
{
	return strcmp(x->name, y->name) == 0 && x->offset == y->offset &&
	       type_equal(&x->type, &y->type) && x->data_loc == y->data_loc &&
	       x->bit_off == y->bit_off && x->bit_size == y->bit_size &&
	       same_str(x->ctype, y->ctype);
}

bool record_same_layout(const struct record *a, const struct record *b)
{
	if (!record_equal(a, b))
		return false;
	for (uint32_t i = 0; a != b && i < a->nfields; i++)
		if (!field_same_layout(&a->fields[i], &b->fields[i]))
			return false;
	return true;
}

bool type_equal(const struct type *a, const struct type *b)
{
	if (a->kind != b->kind || a->size != b->size)
		return false;
	switch (a->kind) {
	case T_INT:
		return a->is_signed == b->is_signed;
	case T_PTR:
	case T_ARRAY:
		return a->nelem == b->nelem && (a->elem == b->elem ||
			(a->elem && b->elem && type_equal(a->elem, b->elem)));
	case T_TUPLE:
	case T_RECORD:
	case T_CTX:
		return record_equal(a->rec, b->rec);
	case T_AGG:
		return a->agg == b->agg;
	default:
		return true;
	}
}

static const char *agg_names[] = {
	[SG_AGG_NONE] = "none",	  [SG_AGG_COUNT] = "count()", [SG_AGG_SUM] = "sum()",
	[SG_AGG_MIN] = "min()",	  [SG_AGG_MAX] = "max()",     [SG_AGG_AVG] = "avg()",
	[SG_AGG_STATS] = "stats()", [SG_AGG_HIST] = "hist()", [SG_AGG_LHIST] = "lhist()",
};

static void tuple_name(const struct type *t, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "(");
	for (uint32_t i = 0; t->rec && i < t->rec->nfields && used < len; i++) {
		char sub[64];
		type_name(&t->rec->fields[i].type, sub, sizeof(sub));
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", sub);
	}
	if (used < len)
		snprintf(buf + used, len - used, ")");
}

const char *type_name(const struct type *t, char *buf, size_t len)
{
	char sub[96];
	switch (t->kind) {
	case T_NONE: snprintf(buf, len, "none"); break;
	case T_VOID: snprintf(buf, len, "void"); break;
	case T_INT:
		if (t->is_bool)
			snprintf(buf, len, "bool");
		else
			snprintf(buf, len, "%sint%u", t->is_signed ? "" : "u", t->size * 8);
		break;
	case T_STR: snprintf(buf, len, "string[%u]", t->size); break;
	case T_PTR:
		snprintf(buf, len, "%s *", t->elem ? type_name(t->elem, sub, sizeof(sub)) : "void");
		break;
	case T_RECORD:
	case T_CTX: snprintf(buf, len, "%s", t->rec ? t->rec->name : "record"); break;
	case T_ARRAY:
		snprintf(buf, len, "%s[%u]", t->elem ? type_name(t->elem, sub, sizeof(sub)) : "?",
			 t->nelem);
		break;
	case T_TUPLE: tuple_name(t, buf, len); break;
	case T_AGG: snprintf(buf, len, "%s", agg_names[t->agg]); break;
	case T_PROBE: snprintf(buf, len, "probe"); break;
	case T_FUNC: snprintf(buf, len, "func"); break;
	case T_BUF: snprintf(buf, len, "buffer[%u]", t->size); break;
	case T_TIMESTAMP: snprintf(buf, len, "timestamp"); break;
	case T_KSYM: snprintf(buf, len, "ksym"); break;
	case T_INET: snprintf(buf, len, "inet"); break;
	case T_MAC: snprintf(buf, len, "macaddr"); break;
	case T_STACK: snprintf(buf, len, "stack"); break;
	case T_USYM: snprintf(buf, len, "usym"); break;
	case T_ERRNO: snprintf(buf, len, "strerror"); break;
	case T_CGPATH: snprintf(buf, len, "cgroup_path"); break;
	case T_USERNAME: snprintf(buf, len, "username"); break;
	}
	return buf;
}

static void tuple_to_desc(const struct type *t, struct sg_value_desc *out)
{
	out->kind = SG_V_TUPLE;
	out->nelems = t->rec ? t->rec->nfields : 0;
	out->elems = xcalloc(out->nelems, sizeof(*out->elems));
	for (uint32_t i = 0; i < out->nelems; i++)
		type_to_desc(&t->rec->fields[i].type, t->rec->fields[i].offset, &out->elems[i]);
}

/* Struct/union fields by name; a bitfield reads the bytes its bits span. */
static void record_to_desc(const struct type *t, struct sg_value_desc *out)
{
	const struct record *r = t->rec;
	out->kind = SG_V_RECORD;
	out->size = r ? r->size : t->size;
	out->nelems = r && !r->incomplete ? r->nfields : 0;
	out->elems = xcalloc(out->nelems ? out->nelems : 1, sizeof(*out->elems));
	for (uint32_t i = 0; i < out->nelems; i++) {
		const struct field *f = &r->fields[i];
		struct sg_value_desc *e = &out->elems[i];
		type_to_desc(&f->type, f->offset, e);
		e->name = xstrdup(f->name);
		if (f->bit_size && f->type.kind == T_INT) {
			e->bit_off = f->bit_off;
			e->bit_size = f->bit_size;
			e->size = MIN((f->bit_off + f->bit_size + 7u) / 8, 8u);
		}
	}
}

/* An array: one element description (at offset 0) and the count. BTF
 * integers of odd sizes come as arrays without an element type: bytes. */
static void array_to_desc(const struct type *t, struct sg_value_desc *out)
{
	struct type byte = type_int(1, false);
	const struct type *elem = t->elem ? t->elem : &byte;
	out->kind = SG_V_ARRAY;
	out->count = t->nelem;
	out->nelems = 1;
	out->elems = xcalloc(1, sizeof(*out->elems));
	type_to_desc(elem, 0, &out->elems[0]);
	if (elem->kind == T_RECORD && elem->rec)
		out->elems[0].size = elem->rec->size;
}

void type_to_desc(const struct type *t, uint32_t offset, struct sg_value_desc *out)
{
	memset(out, 0, sizeof(*out));
	out->offset = offset;
	out->size = t->size;
	out->is_signed = t->is_signed;
	switch (t->kind) {
	case T_INT:
		out->kind = t->is_bool ? SG_V_BOOL : SG_V_INT;
		if (t->enum_id) {
			out->kind = SG_V_ENUM;
			out->enum_id = t->enum_id - 1u;
		}
		break;
	case T_PTR:
		out->kind = SG_V_PTR;
		out->is_signed = false;
		break;
	case T_STR: out->kind = SG_V_STR; break;
	case T_PROBE: out->kind = SG_V_PROBE; break;
	case T_FUNC: out->kind = SG_V_FUNC; break;
	case T_BUF: out->kind = SG_V_BUF; break;
	case T_TIMESTAMP: out->kind = SG_V_TIMESTAMP; break;
	case T_KSYM: out->kind = SG_V_KSYM; break;
	case T_INET: out->kind = SG_V_INET; break;
	case T_MAC: out->kind = SG_V_MAC; break;
	case T_STACK: out->kind = SG_V_STACK; break;
	case T_USYM: out->kind = SG_V_USYM; break;
	case T_ERRNO: out->kind = SG_V_ERRNO; break;
	case T_CGPATH: out->kind = SG_V_CGPATH; break;
	case T_USERNAME: out->kind = SG_V_USERNAME; break;
	case T_TUPLE: tuple_to_desc(t, out); break;
	case T_RECORD: record_to_desc(t, out); break;
	case T_ARRAY: array_to_desc(t, out); break;
	default: out->kind = SG_V_NONE; break;
	}
}

bool type_is_user_text(const struct type *t)
{
	switch (t->kind) {
	case T_TIMESTAMP: case T_KSYM: case T_INET: case T_MAC: case T_STACK: case T_USYM:
	case T_ERRNO: case T_CGPATH: case T_USERNAME:
		return true;
	default:
		return false;
	}
}

const struct field *record_field(const struct record *r, const char *name)
{
	for (uint32_t i = 0; r && i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return &r->fields[i];
	return NULL;
}
