/* Tuples: (a, b, "c") values, their `.N` fields, and unifying the layouts
 * of tuples stored in one variable or map (string fields widen). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sema/sema_int.h"

#define TUPLE_MAX 16

/* An N_TUPLE marked (post) as a record, e.g. print(args): laid out like a
 * tuple, its fields named after the elements' field names. */
static struct type named_record(struct sema *s, const struct node *n, const struct type *elems,
				uint32_t count)
{
	struct type t = sema_tuple(s, elems, count);
	struct record *r = (struct record *)t.rec; /* fresh from the arena */
	r->name = "args";
	uint32_t i = 0;
	for (const struct node *e = n->args; e && i < count; e = e->next, i++)
		r->fields[i].name = e->name;
	t.kind = T_RECORD;
	return t;
}

int sema_tuple_expr(struct sema *s, struct node *n)
{
	struct type elems[TUPLE_MAX];
	uint32_t i = 0;
	int err = 0;
	if (node_list_len(n->args) > TUPLE_MAX)
		return sema_err(s, n->loc, "a tuple has at most %d elements", TUPLE_MAX);
	for (struct node *e = n->args; e; e = e->next, i++) {
		int r = sema_expr(s, e);
		if (r || e->type.kind == T_NONE) {
			err = err ? err : (r ? r : -EAGAIN);
			continue;
		}
		if (e->type.kind == T_VOID || e->type.kind == T_AGG || e->type.kind == T_CTX) {
			char b[64];
			err = sema_err(s, e->loc, "%s cannot be a tuple element",
				       type_name(&e->type, b, sizeof(b)));
			continue;
		}
		elems[i] = sema_storage_type(&e->type);
	}
	if (err == -EAGAIN) {
		n->type = (struct type){.kind = T_NONE};
		return 0;
	}
	if (!err)
		n->type = n->post ? named_record(s, n, elems, i) : sema_tuple(s, elems, i);
	return err;
}

/* t.N on a tuple: the N-th element. */
int sema_tuple_field(struct sema *s, struct node *n)
{
	const struct record *r = n->l->type.rec;
	char *end;
	unsigned long i = strtoul(n->name, &end, 10);
	if (*end || !*n->name || i >= r->nfields)
		return sema_err(s, n->loc, "tuple has no element '%s' (it has %u)", n->name,
				r->nfields);
	n->res.field = &r->fields[i];
	n->type = r->fields[i].type;
	return 0;
}

bool sema_tuple_retype(struct node *n, const struct type *t)
{
	if (type_equal(&n->type, t))
		return true;
	if (n->kind != N_TUPLE || t->kind != T_TUPLE ||
	    (uint32_t)node_list_len(n->args) != t->rec->nfields)
		return false;
	uint32_t i = 0;
	for (struct node *e = n->args; e; e = e->next, i++) {
		const struct type *ft = &t->rec->fields[i].type;
		if (ft->kind == T_TUPLE && !sema_tuple_retype(e, ft))
			return false;
	}
	n->type = *t;
	return true;
}

/* Merges tuple b into *a when they differ only by string widths; false
 * when the layouts are incompatible. */
bool sema_tuple_merge(struct sema *s, struct type *a, const struct type *b)
{
	if (a->kind != T_TUPLE || b->kind != T_TUPLE || a->rec->nfields != b->rec->nfields)
		return false;
	if (type_equal(a, b))
		return true;
	struct type elems[TUPLE_MAX];
	uint32_t n = a->rec->nfields;
	for (uint32_t i = 0; i < n && i < TUPLE_MAX; i++) {
		elems[i] = a->rec->fields[i].type;
		const struct type *e = &b->rec->fields[i].type;
		if (elems[i].kind != e->kind)
			return false;
		if (e->kind == T_STR && e->size > elems[i].size)
			elems[i].size = e->size;
		else if (e->kind == T_TUPLE && !sema_tuple_merge(s, &elems[i], e))
			return false;
	}
	*a = sema_tuple(s, elems, n);
	return true;
}
