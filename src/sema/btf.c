/* Kernel BTF → spyglass types (see btf.h for the lazy scheme). */
#include "sema/btf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sema/enums.h"
#include "sema/sema_int.h"

struct named_type {
	char *name;
	const struct type *type;
};

struct enumerator_ref {
	const char *name; /* in the BTF string section */
	uint32_t id;      /* its enum's type id */
	uint16_t index;   /* its position in the enum */
};

struct sg_btf {
	struct btf *btf;        /* vmlinux BTF; NULL until needed or if missing */
	bool tried;             /* a load was attempted */
	struct type **by_id;    /* converted types (arena), indexed by BTF id */
	uint32_t ntypes;
	VEC(struct named_type) script; /* records defined in the script */
	bool script_done;
	int script_err;
	bool noted;             /* the #include note was printed */
	struct enumerator_ref *enumerators; /* every BTF enumerator, sorted by name */
	size_t nenumerators;
	bool enum_indexed;
};

struct sg_btf *sgbtf_state(struct sema *s)
{
	if (!s->btf)
		s->btf = xcalloc(1, sizeof(*s->btf));
	return s->btf;
}

void sgbtf_free(struct sg_btf *b)
{
	if (!b)
		return;
	btf__free(b->btf);
	free(b->by_id);
	free(b->enumerators);
	for (size_t i = 0; i < b->script.len; i++)
		free(b->script.data[i].name);
	vec_free(&b->script);
	free(b);
}

bool sgbtf_loaded(const struct sema *s)
{
	return s->btf && s->btf->btf;
}

bool sgbtf_load(struct sema *s)
{
	struct sg_btf *b = sgbtf_state(s);
	if (!b->tried) {
		b->tried = true;
		struct btf *btf = btf__load_vmlinux_btf(); /* libbpf 1.x: NULL on error */
		b->btf = btf;
		if (btf) {
			b->ntypes = btf__type_cnt(btf);
			b->by_id = xcalloc(b->ntypes, sizeof(*b->by_id));
		}
	}
	return b->btf != NULL;
}

static char *arena_str(struct sema *s, const char *str)
{
	char *p = type_arena_alloc(&s->arena, strlen(str) + 1);
	strcpy(p, str);
	return p;
}

/* Skips typedefs and qualifiers; *user is set by a `__user` type tag. */
static uint32_t skip_mods(const struct btf *btf, uint32_t id, bool *user)
{
	for (int guard = 0; guard < 64; guard++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (!t)
			return 0;
		switch (btf_kind(t)) {
		case BTF_KIND_TYPE_TAG:
			if (user && strcmp(btf__name_by_offset(btf, t->name_off), "user") == 0)
				*user = true;
			/* fallthrough */
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
			id = t->type;
			break;
		default:
			return id;
		}
	}
	return 0;
}

static struct type int_type(const struct btf *btf, const struct btf_type *t)
{
	uint32_t size = t->size;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return (struct type){.kind = T_ARRAY, .size = size, .nelem = size};
	struct type it = type_int(size, btf_int_encoding(t) & BTF_INT_SIGNED);
	it.is_bool = btf_int_encoding(t) & BTF_INT_BOOL; /* _Bool prints true/false */
	return it;
}

/* An enum's values and enumerators (registered once per BTF id). */
static struct type enum_type(struct sema *s, struct sg_btf *b, uint32_t id,
			     const struct btf_type *t)
{
	const struct sema_enum *have = sema_enum_by_btf(s, id);
	if (have)
		return sema_enum_type(s, have);
	const char *name = btf__name_by_offset(b->btf, t->name_off);
	char *full = xasprintf("enum %s", name && *name ? name : "(anonymous)");
	struct sema_enum *e = sema_enum_new(s, full, t->size, btf_kflag(t), id);
	free(full);
	for (uint16_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_enum64 *e64 = btf_is_enum64(t) ? btf_enum64(t) + i : NULL;
		const struct btf_enum *e32 = e64 ? NULL : btf_enum(t) + i;
		const char *en = btf__name_by_offset(b->btf, e64 ? e64->name_off : e32->name_off);
		int64_t v = e64 ? (int64_t)btf_enum64_value(e64) :
			btf_kflag(t) ? (int64_t)(int32_t)e32->val : (int64_t)(uint32_t)e32->val;
		sema_enum_push(e, en ? en : "", v);
	}
	return sema_enum_type(s, e);
}

/* char / signed char arrays hold text; unsigned char (u8) arrays hold bytes
 * (addresses for ntop(), macaddr()), which a string read would cut at the
 * first zero. */
static bool is_char(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, skip_mods(btf, id, NULL));
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
	return t && btf_is_int(t) && t->size == 1 && name &&
	       (strcmp(name, "char") == 0 || strcmp(name, "signed char") == 0);
}

static const struct type *conv(struct sema *s, struct sg_btf *b, uint32_t id);

static struct type array_type(struct sema *s, struct sg_btf *b, const struct btf_type *t)
{
	const struct btf_array *a = btf_array(t);
	if (is_char(b->btf, a->type) && a->nelems)
		return type_str(a->nelems);
	const struct type *elem = conv(s, b, a->type);
	return (struct type){.kind = T_ARRAY, .nelem = a->nelems, .elem = elem,
			     .size = a->nelems * elem->size};
}

static struct type record_stub(struct sema *s, struct sg_btf *b, uint32_t id,
			       const struct btf_type *t)
{
	struct record *r = type_arena_alloc(&s->arena, sizeof(*r));
	const char *name = btf__name_by_offset(b->btf, t->name_off);
	bool is_union = btf_is_union(t) || (btf_is_fwd(t) && btf_kflag(t));
	char *full = xasprintf("%s %s", is_union ? "union" : "struct",
			       name && *name ? name : "(anonymous)");
	r->name = arena_str(s, full);
	free(full);
	r->is_union = is_union;
	r->size = btf_is_fwd(t) ? 0 : t->size;
	r->btf_id = id;
	r->incomplete = true;
	return (struct type){.kind = T_RECORD, .size = r->size, .rec = r};
}

static struct type conv_val(struct sema *s, struct sg_btf *b, uint32_t id)
{
	bool user = false;
	id = skip_mods(b->btf, id, NULL);
	const struct btf_type *t = id ? btf__type_by_id(b->btf, id) : NULL;
	if (!t)
		return type_void();
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return int_type(b->btf, t);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return enum_type(s, b, id, t);
	case BTF_KIND_PTR: {
		uint32_t target = skip_mods(b->btf, t->type, &user);
		const struct btf_type *tt = btf__type_by_id(b->btf, target);
		const struct type *elem = tt && !btf_is_func_proto(tt) && target ? conv(s, b, target) : NULL;
		if (elem && elem->kind == T_VOID)
			elem = NULL;
		return (struct type){.kind = T_PTR, .size = 8, .elem = elem,
				     .as = user ? AS_USER : AS_KERNEL};
	}
	case BTF_KIND_ARRAY:
		return array_type(s, b, t);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_FWD:
		return record_stub(s, b, id, t);
	default:
		return type_void();
	}
}

/* The converted type of BTF id, cached (the cache slot is set before the
 * conversion so that self-references end at the stub). */
static const struct type *conv(struct sema *s, struct sg_btf *b, uint32_t id)
{
	if (id >= b->ntypes)
		return NULL;
	if (b->by_id[id])
		return b->by_id[id];
	struct type *t = type_arena_alloc(&s->arena, sizeof(*t));
	t->kind = T_VOID;
	b->by_id[id] = t;
	*t = conv_val(s, b, id);
	return t;
}

/* ---- record completion ---- */

struct fieldvec {
	struct field *data;
	uint32_t len, cap;
};

static void add_members(struct sema *s, struct sg_btf *b, const struct btf_type *t,
			uint32_t base_bits, struct fieldvec *fv, int depth)
{
	const struct btf_member *m = btf_members(t);
	for (uint16_t i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t bits = base_bits + btf_member_bit_offset(t, i);
		uint32_t bsize = btf_member_bitfield_size(t, i);
		const char *name = btf__name_by_offset(b->btf, m->name_off);
		uint32_t mid = skip_mods(b->btf, m->type, NULL);
		const struct btf_type *mt = btf__type_by_id(b->btf, mid);
		if ((!name || !*name) && mt && btf_is_composite(mt) && depth < 16) {
			add_members(s, b, mt, bits, fv, depth + 1); /* anonymous struct/union */
			continue;
		}
		if (fv->len == fv->cap) {
			fv->cap = fv->cap ? fv->cap * 2 : 16;
			fv->data = xrealloc(fv->data, fv->cap * sizeof(*fv->data));
		}
		struct field *f = &fv->data[fv->len++];
		memset(f, 0, sizeof(*f));
		f->name = arena_str(s, name ? name : "");
		f->type = *conv(s, b, m->type);
		f->offset = bits / 8;
		if (bsize) {
			f->bit_off = (uint16_t)(bits % 8);
			f->bit_size = (uint16_t)bsize;
		}
	}
}

int sgbtf_complete(struct sema *s, const struct record *cr)
{
	if (!cr || !cr->incomplete)
		return 0;
	struct record *r = (struct record *)cr; /* stubs are owned by the arena */
	if (!sgbtf_load(s))
		return -ENOENT;
	struct sg_btf *b = s->btf;
	const struct btf_type *t = btf__type_by_id(b->btf, r->btf_id);
	if (t && btf_is_fwd(t)) {
		const char *name = btf__name_by_offset(b->btf, t->name_off);
		int id = btf__find_by_name_kind(b->btf, name,
						btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT);
		t = id > 0 ? btf__type_by_id(b->btf, (uint32_t)id) : NULL;
		if (!t)
			return -ENOENT;
		r->size = t->size;
	}
	struct fieldvec fv = {0};
	if (t)
		add_members(s, b, t, 0, &fv, 0);
	r->fields = type_arena_alloc(&s->arena, (fv.len + 1) * sizeof(*r->fields));
	if (fv.len)
		memcpy(r->fields, fv.data, fv.len * sizeof(*fv.data));
	r->nfields = fv.len;
	free(fv.data);
	r->incomplete = false;
	return 0;
}

static int deep_fields(struct sema *s, const struct record *r, const struct record **bad,
		       int depth);

static int deep(struct sema *s, const struct type *t, const struct record **bad, int depth)
{
	while (t && t->kind == T_ARRAY)
		t = t->elem;
	if (!t || (t->kind != T_RECORD && t->kind != T_TUPLE) || !t->rec || t->rec->deep)
		return 0;
	if (depth > 64) /* records nest by value: only a corrupt BTF gets here */
		return -ELOOP;
	int err = sgbtf_complete(s, t->rec); /* an empty struct is fine: {} */
	if (err) {
		*bad = t->rec;
		return -ENOENT;
	}
	return deep_fields(s, t->rec, bad, depth);
}

static int deep_fields(struct sema *s, const struct record *r, const struct record **bad,
		       int depth)
{
	for (uint32_t i = 0; i < r->nfields; i++) {
		int err = deep(s, &r->fields[i].type, bad, depth + 1);
		if (err)
			return err;
	}
	((struct record *)r)->deep = true; /* records are owned by the arena */
	return 0;
}

int sgbtf_complete_deep(struct sema *s, const struct type *t, const struct record **bad)
{
	return deep(s, t, bad, 0);
}

/* ---- lookup by name ---- */

void sgbtf_add_script(struct sema *s, const char *name, const struct type *t)
{
	struct sg_btf *b = sgbtf_state(s);
	struct named_type nt = {xstrdup(name), t};
	vec_push(&b->script, nt);
}

int sgbtf_script_defs(struct sema *s)
{
	struct sg_btf *b = sgbtf_state(s);
	if (!b->script_done) {
		b->script_done = true; /* before parsing: members look names up */
		for (const struct struct_def *d = s->prog->structs; d; d = d->next) {
			int err = sgbtf_parse_def(s, d);
			b->script_err = b->script_err ? b->script_err : err;
		}
	}
	return b->script_err;
}

static const struct type *script_type(struct sema *s, const char *name)
{
	struct sg_btf *b = sgbtf_state(s);
	for (size_t i = 0; i < b->script.len; i++)
		if (strcmp(b->script.data[i].name, name) == 0)
			return b->script.data[i].type;
	return NULL;
}

static int kind_of(const char *name, const char **bare)
{
	static const struct { const char *kw; int kind; } kws[] = {
		{"struct ", BTF_KIND_STRUCT}, {"union ", BTF_KIND_UNION}, {"enum ", BTF_KIND_ENUM},
	};
	for (size_t i = 0; i < ARRAY_SIZE(kws); i++)
		if (strncmp(name, kws[i].kw, strlen(kws[i].kw)) == 0) {
			*bare = name + strlen(kws[i].kw);
			return kws[i].kind;
		}
	*bare = name;
	return BTF_KIND_TYPEDEF;
}

static int btf_named(struct sema *s, const char *name, struct type *out)
{
	const char *bare;
	int kind = kind_of(name, &bare);
	if (!sgbtf_load(s))
		return -ENOENT;
	int id = btf__find_by_name_kind(s->btf->btf, bare, kind);
	if (id <= 0 && kind == BTF_KIND_ENUM)
		id = btf__find_by_name_kind(s->btf->btf, bare, BTF_KIND_ENUM64);
	if (id <= 0 && kind == BTF_KIND_TYPEDEF) /* "struct foo" spelt without the keyword */
		id = btf__find_by_name_kind(s->btf->btf, bare, BTF_KIND_STRUCT);
	if (id <= 0)
		return -ENOENT;
	*out = *conv(s, s->btf, (uint32_t)id);
	return 0;
}

int sgbtf_base(struct sema *s, const char *name, struct type *out)
{
	if (sgbtf_c_int(name, out))
		return 0;
	int err = sgbtf_script_defs(s);
	if (err)
		return err;
	const struct type *t = script_type(s, name);
	if (t) {
		*out = *t;
		return 0;
	}
	return btf_named(s, name, out);
}


/* ---- suggestions (error path only: scans every BTF type) ---- */

/* Keeps the max nearest candidates (prefix + cand) to want, sorted. */
static void consider(const char *prefix, const char *cand, const char *want, char **out,
		     int *dist, int max, int *n)
{
	size_t lc = strlen(cand), lw = strlen(want);
	if (lc + 3 < lw || lw + 3 < lc)
		return;
	int d = edit_distance(want, cand, 3);
	if (d > 3 || d > (int)lw / 2 + 1 || (*n == max && dist[max - 1] <= d))
		return;
	char *full = xasprintf("%s%s", prefix, cand);
	for (int i = 0; i < *n; i++)
		if (strcmp(out[i], full) == 0) {
			free(full);
			return;
		}
	if (*n == max)
		free(out[--(*n)]);
	int at = (*n)++;
	for (; at > 0 && dist[at - 1] > d; at--) {
		out[at] = out[at - 1];
		dist[at] = dist[at - 1];
	}
	out[at] = full;
	dist[at] = d;
}

int sgbtf_suggest(struct sema *s, const char *name, char **out, int max)
{
	const char *bare;
	int kind = kind_of(name, &bare), n = 0, dist[8];
	char *prefix = xstrndup(name, (size_t)(bare - name));
	max = MIN(max, 8);
	struct sg_btf *b = sgbtf_state(s);
	for (size_t i = 0; i < b->script.len; i++) {
		const char *sn = b->script.data[i].name;
		if (strncmp(sn, prefix, strlen(prefix)) == 0)
			consider(prefix, sn + strlen(prefix), bare, out, dist, max, &n);
	}
	for (uint32_t id = 1; sgbtf_load(s) && id < b->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(b->btf, id);
		if (btf_kind(t) == kind && t->name_off)
			consider(prefix, btf__name_by_offset(b->btf, t->name_off), bare, out, dist,
				 max, &n);
	}
	free(prefix);
	return n;
}

void sgbtf_note_includes(struct sema *s)
{
	struct sg_btf *b = sgbtf_state(s);
	if (!s->final || b->noted || !s->prog->nincludes)
		return;
	b->noted = true;
	sema_note(s, "#include lines are not read: kernel types come from BTF "
		  "(and a few well-known header macros are built in)");
}

/* ---- kernel function signatures (fentry/fexit `args`, `retval`) ---- */

/* The parameters of FUNC_PROTO proto from the skip-th on, one u64 slot
 * each (the trampoline and raw tracepoints pass every argument as a u64). */
static struct record *proto_record(struct sema *s, struct sg_btf *b, const struct btf_type *proto,
				   uint32_t skip, const char *label)
{
	const struct btf_param *pa = btf_params(proto);
	uint32_t n = btf_vlen(proto);
	struct record *r = type_arena_alloc(&s->arena, sizeof(*r));
	r->name = arena_str(s, label);
	r->fields = type_arena_alloc(&s->arena, (n ? n : 1) * sizeof(*r->fields));
	for (uint32_t i = skip; i < n; i++) {
		const char *pn = btf__name_by_offset(b->btf, pa[i].name_off);
		char fallback[16];
		snprintf(fallback, sizeof(fallback), "arg%u", i - skip);
		struct field *f = &r->fields[r->nfields++];
		f->name = arena_str(s, pn && *pn ? pn : fallback);
		f->type = conv_val(s, b, pa[i].type); /* an ellipsis (type 0) is void */
		f->offset = 8 * (i - skip);
	}
	r->size = 8 * r->nfields;
	return r;
}

int sgbtf_func_args(struct sema *s, const char *func, struct record **args, struct type *ret)
{
	if (!sgbtf_load(s))
		return -ENOENT;
	struct sg_btf *b = sgbtf_state(s);
	int id = btf__find_by_name_kind(b->btf, func, BTF_KIND_FUNC);
	const struct btf_type *fn = id > 0 ? btf__type_by_id(b->btf, (uint32_t)id) : NULL;
	const struct btf_type *proto = fn ? btf__type_by_id(b->btf, fn->type) : NULL;
	if (!proto || !btf_is_func_proto(proto))
		return -ENOENT;
	char *label = xasprintf("args of %s", func);
	*args = proto_record(s, b, proto, 0, label);
	free(label);
	*ret = proto->type ? conv_val(s, b, proto->type) : type_void();
	return 0;
}

const struct btf *sgbtf_btf(struct sema *s)
{
	return sgbtf_load(s) ? sgbtf_state(s)->btf : NULL;
}

int sgbtf_proto_args(struct sema *s, uint32_t proto_id, uint32_t skip, const char *label,
		     struct record **args)
{
	if (!sgbtf_load(s))
		return -ENOENT;
	struct sg_btf *b = sgbtf_state(s);
	const struct btf_type *proto = btf__type_by_id(b->btf, proto_id);
	if (!proto || !btf_is_func_proto(proto) || btf_vlen(proto) < skip)
		return -ENOENT;
	*args = proto_record(s, b, proto, skip, label);
	return 0;
}

/* ---- enumerators as named constants ---- */

static int cmp_enumerator(const void *a, const void *b)
{
	return strcmp(((const struct enumerator_ref *)a)->name,
		      ((const struct enumerator_ref *)b)->name);
}

/* Built on the first lookup of an unknown identifier: BTF has no index
 * of enumerator names, and vmlinux has tens of thousands of them. */
static void index_enumerators(struct sg_btf *b)
{
	VEC(struct enumerator_ref) v = {0};
	b->enum_indexed = true;
	for (uint32_t id = 1; id < b->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(b->btf, id);
		if (!btf_is_any_enum(t))
			continue;
		for (uint16_t i = 0; i < btf_vlen(t); i++) {
			uint32_t off = btf_is_enum64(t) ? btf_enum64(t)[i].name_off :
				btf_enum(t)[i].name_off;
			struct enumerator_ref r = {btf__name_by_offset(b->btf, off), id, i};
			if (r.name && *r.name)
				vec_push(&v, r);
		}
	}
	if (v.len)
		qsort(v.data, v.len, sizeof(*v.data), cmp_enumerator);
	b->enumerators = v.data;
	b->nenumerators = v.len;
}

int sgbtf_enumerator(struct sema *s, const char *name, int64_t *value, struct type *type)
{
	if (!sgbtf_load(s))
		return -ENOENT;
	struct sg_btf *b = s->btf;
	if (!b->enum_indexed)
		index_enumerators(b);
	struct enumerator_ref key = {.name = name};
	const struct enumerator_ref *r = b->nenumerators ?
		bsearch(&key, b->enumerators, b->nenumerators, sizeof(key), cmp_enumerator) : NULL;
	if (!r)
		return -ENOENT;
	*type = *conv(s, b, r->id);
	const struct sema_enum *e = sema_enum_by_btf(s, r->id);
	if (!e || r->index >= e->n)
		return -ENOENT;
	*value = e->values[r->index];
	return 0;
}
