/* Map typing: every map has one key layout and one value type for the whole
 * program. The first use sets them; later uses must agree (strings widen to
 * the longest use, integers are stored as 64 bits). */
#include <errno.h>
#include <string.h>

#include "sema/btf.h"
#include "sema/sema_int.h"

/* Pointers stay pointers (as in bpftrace): @m[k][0] and @m[k]->f read
 * through them, in their address space, and they print in hex. */
struct type sema_storage_type(const struct type *t)
{
	if (t->kind == T_INT)
		return type_int_widened(t);
	return *t;
}

struct type sema_tuple(struct sema *s, const struct type *elems, uint32_t n)
{
	struct record *r = type_arena_alloc(&s->arena, sizeof(*r));
	r->name = "tuple";
	r->fields = type_arena_alloc(&s->arena, (n ? n : 1) * sizeof(*r->fields));
	r->nfields = n;
	uint32_t off = 0;
	for (uint32_t i = 0; i < n; i++) {
		r->fields[i].type = elems[i];
		r->fields[i].offset = off;
		off += ALIGN_UP(elems[i].size, 8);
	}
	r->size = off;
	return (struct type){.kind = T_TUPLE, .size = off, .rec = r};
}

struct sema_map *sema_map_get(struct sema *s, const char *name, struct srcloc loc)
{
	struct sema_map *m = name_table_get(&s->map_names, name);
	if (m)
		return m;
	m = xcalloc(1, sizeof(*m));
	m->name = xstrdup(name);
	m->loc = loc;
	m->index = -1;
	m->decl = sema_decl_find(s, name);
	vec_push(&s->maps, m);
	name_table_put(&s->map_names, m->name, m);
	return m;
}

static bool storable(const struct type *t)
{
	return t->kind == T_INT || t->kind == T_STR || t->kind == T_PROBE || t->kind == T_FUNC || t->kind == T_PTR ||
	       t->kind == T_TUPLE || t->kind == T_RECORD || t->kind == T_ARRAY;
}

/* Structs, unions and arrays have one layout: no widening between uses. */
static bool fixed_layout(const struct type *t)
{
	return t->kind == T_RECORD || t->kind == T_ARRAY;
}

/* A value stored whole: complete, not too big (tuples may hold structs). */
static int whole_value(struct sema *s, struct srcloc loc, const struct type *t)
{
	if (!fixed_layout(t) && t->kind != T_TUPLE)
		return 0;
	return sema_btf_value(s, loc, t);
}

/* Values only user space prints (ntop(), ksym(), strftime(), macaddr(),
 * buf()): fine as keys, which are only ever built and printed. */
static bool key_only_storable(const struct type *t)
{
	return type_is_user_text(t) || t->kind == T_BUF;
}

/* Merges key part types into the map's key; returns -EINVAL on a mismatch. */
static int unify_key(struct sema *s, struct sema_map *m, struct node *n,
		     struct type *parts, uint32_t nparts)
{
	if (!m->key_known) {
		m->key = nparts ? sema_tuple(s, parts, nparts) : (struct type){.kind = T_NONE};
		m->nkeys = nparts;
		m->key_known = true;
		s->changed = true;
		return 0;
	}
	if (m->nkeys != nparts)
		return sema_err(s, n->loc, "map %s used with %u key%s here, but %u elsewhere",
				m->name, nparts, nparts == 1 ? "" : "s", m->nkeys);
	bool grow = false;
	for (uint32_t i = 0; i < nparts; i++) {
		const struct type *old = &m->key.rec->fields[i].type;
		if (old->kind != parts[i].kind ||
		    (fixed_layout(old) && !type_equal(old, &parts[i]))) {
			char a[64], b[64];
			return sema_err(s, n->loc, "map %s key %u has type %s here, but %s elsewhere",
					m->name, i + 1, type_name(&parts[i], a, sizeof(a)),
					type_name(old, b, sizeof(b)));
		}
		if (parts[i].size > old->size)
			grow = true;
		else
			parts[i] = *old;
	}
	if (grow) {
		m->key = sema_tuple(s, parts, nparts);
		s->changed = true;
	}
	return 0;
}

int sema_map_keys(struct sema *s, struct node *n)
{
	struct sema_map *m = sema_map_get(s, n->name, n->loc);
	n->res.map = m;
	uint32_t nparts = (uint32_t)node_list_len(n->args);
	struct type parts[16];
	if (nparts > 16)
		return sema_err(s, n->loc, "too many map keys (at most 16)");
	uint32_t i = 0;
	int err = 0;
	for (struct node *k = n->args; k; k = k->next, i++) {
		int e = sema_expr(s, k);
		if (e || k->type.kind == T_NONE) {
			err = err ? err : (e ? e : -EAGAIN);
			continue;
		}
		if (!storable(&k->type) && !key_only_storable(&k->type)) {
			char b[64];
			err = sema_err(s, k->loc, "%s cannot be used as a map key",
				       type_name(&k->type, b, sizeof(b)));
			continue;
		}
		if ((e = whole_value(s, k->loc, &k->type))) {
			err = err ? err : e;
			continue;
		}
		parts[i] = sema_storage_type(&k->type);
	}
	if (err)
		return err == -EAGAIN ? 0 : err;
	struct type key = sema_tuple(s, parts, nparts);
	if (key.size > SG_VALUE_MAX)
		return sema_err(s, n->loc, "the key of %s is %u bytes, too big (at most %u bytes)",
				m->name, key.size, SG_VALUE_MAX);
	return unify_key(s, m, n, parts, nparts);
}

static const char *agg_name(enum sg_agg a)
{
	static const char *names[] = {"a value", "count()", "sum()", "min()", "max()",
				      "avg()", "stats()", "hist()", "lhist()"};
	return names[a];
}

int sema_map_value(struct sema *s, struct node *mapnode, const struct type *t,
		   enum sg_agg agg)
{
	struct sema_map *m = mapnode->res.map;
	m->assigned = true;
	if (t->kind == T_NONE)
		return 0;
	if (agg == SG_AGG_NONE && !storable(t) && !key_only_storable(t)) {
		char b[64];
		return sema_err(s, mapnode->loc, "%s cannot be stored in a map",
				type_name(t, b, sizeof(b)));
	}
	int err = agg == SG_AGG_NONE ? whole_value(s, mapnode->loc, t) : 0;
	if (!err && s->final)
		err = sema_decl_check_use(s, mapnode, agg, !mapnode->args);
	if (err)
		return err;
	struct type st = sema_storage_type(t);
	if (!m->value_known) {
		m->value = st;
		m->agg = agg;
		m->value_known = true;
		s->changed = true;
	} else if (m->agg != agg || m->value.kind != st.kind ||
		   (fixed_layout(&st) && !type_equal(&st, &m->value))) {
		char a[64], b[64];
		if (m->agg != agg)
			return sema_err(s, mapnode->loc, "map %s is assigned %s here, but %s elsewhere",
					m->name, agg_name(agg), agg_name(m->agg));
		return sema_err(s, mapnode->loc, "map %s is assigned %s here, but %s elsewhere",
				m->name, type_name(&st, a, sizeof(a)),
				type_name(&m->value, b, sizeof(b)));
	} else if (st.kind == T_TUPLE) {
		uint32_t old = m->value.size;
		if (!sema_tuple_merge(s, &m->value, &st))
			return sema_err(s, mapnode->loc, "map %s is assigned tuples of different types",
					m->name);
		s->changed |= m->value.size != old;
	} else if (st.size > m->value.size) {
		m->value.size = st.size;
		s->changed = true;
	}
	mapnode->type = m->value;
	return 0;
}
