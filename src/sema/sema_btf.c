/* Typing of C-type expressions: casts to kernel/script types, member access
 * through pointers and records, indexing, `*p`, `&x`, sizeof and offsetof.
 * Every value read through a pointer keeps the pointer's address space
 * (struct type.as), which lowering uses to pick the kernel or user read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sema/btf.h"
#include "sema/enums.h"
#include "sema/probes.h"
#include "sema/sema_int.h"

static const char *tn(const struct type *t, char *buf, size_t len)
{
	return type_name(t, buf, len);
}

/* "unknown struct 'struct foo'" plus the nearest known names (computed on
 * the error path only, and only when errors are shown). */
static int unknown_type(struct sema *s, struct srcloc loc, const char *name)
{
	bool rec = strncmp(name, "struct ", 7) == 0 || strncmp(name, "union ", 6) == 0;
	int err = sema_err(s, loc, "unknown %s '%s'", rec ? name[0] == 's' ? "struct" : "union" :
				strncmp(name, "enum ", 5) == 0 ? "enum" : "type", name);
	if (!s->final)
		return err;
	char *near[3];
	int n = sgbtf_suggest(s, name, near, 3);
	if (n) {
		struct strbuf sb = {0};
		for (int i = 0; i < n; i++) {
			sb_printf(&sb, "%s'%s'", i ? (i == n - 1 ? " or " : ", ") : "", near[i]);
			free(near[i]);
		}
		sema_note(s, "did you mean %s?", sb.buf);
		sb_free(&sb);
	}
	return err;
}

static int resolve(struct sema *s, struct node *n, const char *ctype, bool user, struct type *t)
{
	char *missing = NULL;
	int err = sgbtf_resolve(s, ctype, user, t, &missing);
	if (err == -ENOENT)
		err = unknown_type(s, n->loc, missing ? missing : ctype);
	else if (err == -EINVAL && !sgbtf_script_defs(s)) /* else reported with the definition */
		err = sema_err(s, n->loc, "cannot understand the type '%s'", ctype);
	free(missing);
	if (!err)
		sgbtf_note_includes(s);
	return err;
}

static bool user_probe(const struct sema *s)
{
	const char *p = s->cur && s->cur->prov ? s->cur->prov->name : "";
	return strcmp(p, "uprobe") == 0 || strcmp(p, "uretprobe") == 0 || strcmp(p, "usdt") == 0;
}

/* Records copied by value may carry a stale size (a self-reference made
 * while the record was being defined): the record's own size is right. */
static void fix_record(struct type *t)
{
	if (t->kind == T_RECORD && t->rec)
		t->size = t->rec->size;
}

/* (uint8[4])x, (bool[2])(uint16)1: an integer's bytes as an array of
 * integers of the same total size (little-endian, as in memory), and
 * (uint32)arr back; bpftrace's reinterpreting casts. */
int sema_array_cast(struct sema *s, struct node *n, const struct type *t)
{
	const struct type *from = &n->l->type, *arr = t->kind == T_ARRAY ? t : from;
	const struct type *num = t->kind == T_ARRAY ? from : t;
	char a[96], b[96];
	if (from->kind == T_NONE)
		return 0;
	if (!arr->elem || arr->elem->kind != T_INT || num->kind != T_INT ||
	    num->size != arr->size || (arr->size & (arr->size - 1)) || arr->size > 8)
		return sema_err(s, n->loc, "cannot cast %s to %s: an integer and an array of "
				"integers of the same size (1, 2, 4 or 8 bytes) convert",
				tn(from, a, sizeof(a)), tn(t, b, sizeof(b)));
	n->type = *t;
	return 0;
}

int sema_btf_cast(struct sema *s, struct node *n)
{
	const struct type *from = &n->l->type;
	bool user = user_probe(s) || (from->kind == T_PTR && from->as == AS_USER);
	struct type t;
	int err = resolve(s, n, n->ctype, user, &t);
	if (err)
		return err;
	char a[96], b[96];
	if (t.kind == T_STR && strstr(n->ctype, "int8[")) { /* (uint8[4]): bytes, not a string */
		bool sign = strncmp(n->ctype, "int8", 4) == 0;
		struct type *e = type_arena_alloc(&s->arena, sizeof(*e));
		*e = type_int(1, sign);
		t = (struct type){.kind = T_ARRAY, .nelem = t.size, .elem = e, .size = t.size};
	}
	if (t.kind == T_ARRAY)
		return sema_array_cast(s, n, &t);
	if (t.kind != T_PTR && t.kind != T_INT)
		return sema_err(s, n->loc, "cannot cast to %s: only integer and pointer casts are supported",
				tn(&t, a, sizeof(a)));
	if (from->kind != T_NONE && from->kind != T_INT && from->kind != T_PTR)
		return sema_err(s, n->loc, "cannot cast %s to %s", tn(from, a, sizeof(a)),
				tn(&t, b, sizeof(b)));
	const struct sema_enum *e = sema_enum_of(s, &t);
	if (e && n->l->kind == N_INT && !sema_enum_has(e, (int64_t)n->l->num))
		return sema_err(s, n->l->loc, "%s has no enumerator of value %lld", e->name,
				(long long)n->l->num); /* as bpftrace: a literal must name one */
	n->type = t;
	return 0;
}

static int complete(struct sema *s, struct node *n, const struct record *r)
{
	if (!sgbtf_complete(s, r) && (r->nfields || r->size))
		return 0;
	return sema_err(s, n->loc, "%s is only declared, its fields are unknown", r->name);
}

static int no_field(struct sema *s, struct node *n, const struct record *r)
{
	int err = sema_err(s, n->loc, "%s has no field '%s'", r->name, n->name);
	int best = -1, bestd = 4;
	for (uint32_t i = 0; s->final && i < r->nfields; i++) {
		int d = edit_distance(n->name, r->fields[i].name, bestd);
		if (d < bestd) {
			bestd = d;
			best = (int)i;
		}
	}
	if (best >= 0)
		sema_note(s, "did you mean '%s'?", r->fields[best].name);
	return err;
}

/* The record accessed by n (p->f or r.f); errors for anything else. */
static int field_record(struct sema *s, struct node *n, const struct record **r)
{
	const struct type *t = &n->l->type;
	char a[96];
	if (t->kind == T_PTR) {
		if (!t->elem || t->elem->kind != T_RECORD)
			return sema_err(s, n->loc, "cannot access field '%s' of %s: not a pointer to a struct or union",
					n->name, tn(t, a, sizeof(a)));
		/* Newest bpftrace dereferences for '.' too: ptr.f means ptr->f. */
		n->post = 1;
		*r = t->elem->rec;
		return 0;
	}
	/* bpftrace takes s->f on a struct value too (`@s = *curtask; @s->pid`) */
	n->post = 0;
	*r = t->rec;
	return 0;
}

int sema_btf_field(struct sema *s, struct node *n)
{
	const struct record *r = NULL;
	int err = field_record(s, n, &r);
	if (err || (err = complete(s, n, r)))
		return err;
	const struct field *f = record_field(r, n->name);
	if (!f)
		return no_field(s, n, r);
	n->res.field = f;
	n->type = f->type;
	fix_record(&n->type);
	if (n->l->type.as == AS_USER) /* read from user memory: stays there */
		n->type.as = AS_USER;
	else if (n->type.kind != T_PTR)
		n->type.as = n->l->type.as;
	return 0;
}

int sema_btf_value(struct sema *s, struct srcloc loc, const struct type *t)
{
	const struct record *bad = NULL;
	char a[96];
	int err = sgbtf_complete_deep(s, t, &bad);
	if (err == -ENOENT && bad)
		return sema_err(s, loc, "%s is only declared, its fields are unknown", bad->name);
	if (err)
		return sema_err(s, loc, "cannot lay out %s", tn(t, a, sizeof(a)));
	uint32_t size = t->kind == T_RECORD && t->rec ? t->rec->size : t->size;
	if (size > SG_VALUE_MAX)
		return sema_err(s, loc, "%s is %u bytes, too big for a value (at most %u bytes)",
				tn(t, a, sizeof(a)), size, SG_VALUE_MAX);
	return 0;
}

bool sema_btf_is_place(const struct node *n)
{
	switch (n->kind) {
	case N_FIELD:
		if (n->l->type.kind == T_PTR)
			return true;
		return n->l->type.kind == T_RECORD && sema_btf_is_place(n->l);
	case N_UNOP:
		return n->op == OP_DEREF;
	case N_INDEX:
		return n->l->type.kind == T_PTR || sema_btf_is_place(n->l);
	default:
		return false;
	}
}

/* Element type of an indexable t (arrays, char arrays, pointers). */
static int elem_of(struct sema *s, struct node *n, const struct type *t, struct type *out)
{
	char a[96];
	if (t->kind == T_ARRAY && t->elem)
		*out = *t->elem;
	else if (t->kind == T_STR)
		*out = type_int(1, true);
	else if (t->kind == T_PTR && t->elem)
		*out = *t->elem;
	else
		return sema_err(s, n->loc, "cannot index %s: not an array or a typed pointer",
				tn(t, a, sizeof(a)));
	fix_record(out);
	out->as = out->kind == T_PTR && t->as != AS_USER ? out->as : t->as;
	return 0;
}

int sema_btf_index(struct sema *s, struct node *n)
{
	int err = sema_expr(s, n->l);
	int e2 = sema_expr(s, n->r);
	if (err || e2)
		return err ? err : e2;
	const struct type *t = &n->l->type, *i = &n->r->type;
	if (t->kind == T_NONE || i->kind == T_NONE)
		return 0;
	char a[96];
	if (i->kind != T_INT)
		return sema_err(s, n->r->loc, "an index must be an integer, not %s", tn(i, a, sizeof(a)));
	if ((err = elem_of(s, n, t, &n->type)))
		return err;
	uint32_t len = t->kind == T_ARRAY ? t->nelem : t->kind == T_STR ? t->size : 0;
	if (n->r->kind == N_INT && len && n->r->num >= len)
		return sema_err(s, n->loc, "the index %llu is out of bounds for array of size %u",
				(unsigned long long)n->r->num, len);
	return 0;
}

int sema_btf_unop(struct sema *s, struct node *n)
{
	const struct type *t = &n->l->type;
	char a[96];
	if (n->op == OP_ADDROF) {
		if (!sema_btf_is_place(n->l))
			return sema_err(s, n->loc, "cannot take the address of this expression: only of values read through a pointer");
		struct type *e = type_arena_alloc(&s->arena, sizeof(*e));
		*e = *t;
		n->type = (struct type){.kind = T_PTR, .size = 8, .elem = e, .as = t->as};
		return 0;
	}
	if (t->kind != T_PTR)
		return sema_err(s, n->loc, "cannot dereference %s: not a pointer", tn(t, a, sizeof(a)));
	if (!t->elem)
		return sema_err(s, n->loc, "cannot dereference %s: cast it to a typed pointer first",
				tn(t, a, sizeof(a)));
	n->type = *t->elem;
	fix_record(&n->type);
	if (n->type.kind != T_PTR || t->as == AS_USER)
		n->type.as = t->as;
	return 0;
}

/* The type sizeof/offsetof are applied to: a written type, or an expression's. */
static int operand_type(struct sema *s, struct node *n, struct type *t)
{
	int err = n->ctype ? resolve(s, n, n->ctype, false, t) : sema_expr(s, n->l);
	if (!err && !n->ctype)
		*t = n->l->type;
	return err;
}

int sema_btf_sizeof(struct sema *s, struct node *n)
{
	struct type t;
	int err = operand_type(s, n, &t);
	if (err)
		return err;
	char a[96];
	if (t.kind == T_VOID || (t.kind == T_RECORD && !t.size))
		return sema_err(s, n->loc, "sizeof of %s is unknown", tn(&t, a, sizeof(a)));
	n->num = t.kind == T_RECORD ? t.rec->size : t.size;
	n->type = type_int(8, false);
	return 0;
}

/* Adds the offset of path "a.b.c" in record r to *off. */
static int field_path(struct sema *s, struct node *n, const struct type *t, uint64_t *off)
{
	char *path = xstrdup(n->name), *save = NULL;
	int err = 0;
	for (char *part = strtok_r(path, ".", &save); part && !err; part = strtok_r(NULL, ".", &save)) {
		char a[96];
		if (t->kind != T_RECORD) {
			err = sema_err(s, n->loc, "offsetof: %s is not a struct or union", tn(t, a, sizeof(a)));
			break;
		}
		if ((err = complete(s, n, t->rec)))
			break;
		const struct field *f = record_field(t->rec, part);
		if (!f) {
			struct node tmp = *n;
			tmp.name = part;
			err = no_field(s, &tmp, t->rec);
			break;
		}
		*off += f->offset;
		t = &f->type;
	}
	free(path);
	return err;
}

int sema_btf_offsetof(struct sema *s, struct node *n)
{
	struct type t;
	int err = operand_type(s, n, &t);
	if (err)
		return err;
	if (t.kind == T_NONE)
		return 0;
	uint64_t off = 0;
	if ((err = field_path(s, n, &t, &off)))
		return err;
	n->num = off;
	n->type = type_int(8, false);
	return 0;
}

void sema_btf_ctx_field(struct sema *s, const struct field *f, struct type *t)
{
	struct type r;
	if (f->ctype && f->type.kind == T_INT && strncmp(f->ctype, "enum ", 5) == 0) {
		/* The format's size stands; BTF names the values. */
		if (sgbtf_resolve(s, f->ctype, false, &r, NULL) == 0 && r.kind == T_INT)
			t->enum_id = r.enum_id;
		return;
	}
	if (!f->ctype || f->type.kind != T_PTR || f->type.elem)
		return;
	if (sgbtf_resolve(s, f->ctype, f->type.as == AS_USER, &r, NULL) == 0 && r.kind == T_PTR)
		*t = r;
}

bool sema_btf_is_ptr_arith(const struct node *n)
{
	const struct type *a = &n->l->type, *b = &n->r->type;
	if (n->op == OP_ADD)
		return (a->kind == T_PTR && b->kind == T_INT) || (a->kind == T_INT && b->kind == T_PTR);
	return n->op == OP_SUB && a->kind == T_PTR && b->kind == T_INT;
}

int sema_btf_ptr_arith(struct sema *s, struct node *n)
{
	const struct type *p = n->l->type.kind == T_PTR ? &n->l->type : &n->r->type;
	n->type = *p;
	return 0;
}
