/* Map declarations (newest bpftrace, an unstable feature): `let @m =
 * lruhash(100);` before the probes picks the BPF map type and its maximum
 * number of entries. The map is still typed by its uses, which must suit
 * the declared type: per-CPU maps hold aggregations, the others values. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "sema/sema_int.h"

static const struct {
	const char *name;
	enum sg_map_type type;
	bool percpu;
} decl_types[] = {
	{"hash", SG_MAP_HASH, false},
	{"lruhash", SG_MAP_LRU_HASH, false},
	{"percpuhash", SG_MAP_PERCPU_HASH, true},
	{"percpuarray", SG_MAP_PERCPU_ARRAY, true},
	{"percpulruhash", SG_MAP_LRU_PERCPU_HASH, true},
};

const char *sema_decl_type_name(int type)
{
	for (size_t i = 0; i < ARRAY_SIZE(decl_types); i++)
		if ((int)decl_types[i].type == type)
			return decl_types[i].name;
	return "?";
}

static int bad_type(struct sema *s, const struct node *call)
{
	int err = sema_err(s, call->loc, "invalid bpf map type: %s", call->name);
	sema_note(s, "valid map types: hash, lruhash, percpuhash, percpuarray, percpulruhash");
	return err;
}

/* The declared type and size, or an error at the part that is wrong. */
static int decl_parse(struct sema *s, const struct node *n, struct sema_decl *out)
{
	const struct node *call = n->r;
	if (call->kind != N_CALL)
		return sema_err(s, call->loc, "a map declaration names a map type: "
				"let %s = hash(max_entries);", n->l->name);
	size_t i = 0;
	while (i < ARRAY_SIZE(decl_types) && strcmp(decl_types[i].name, call->name) != 0)
		i++;
	if (i == ARRAY_SIZE(decl_types))
		return bad_type(s, call);
	const struct node *a = call->args;
	if (!a || a->next || a->kind != N_INT || a->num < 1 || a->num > UINT32_MAX)
		return sema_err(s, a ? a->loc : call->loc, "%s() takes one argument: the maximum "
				"number of entries, an integer literal from 1 to %u", call->name,
				UINT32_MAX);
	if (decl_types[i].type == SG_MAP_PERCPU_ARRAY && a->num != 1)
		return sema_err(s, a->loc, "max entries can only be 1 for map type %s",
				call->name);
	*out = (struct sema_decl){.name = n->l->name, .type = (int)decl_types[i].type,
				  .percpu = decl_types[i].percpu, .max_entries = (uint32_t)a->num,
				  .n = n};
	return 0;
}

/* unstable_map_decl: warn (the default) once, or refuse declarations. */
static int unstable_check(struct sema *s)
{
	if (!s->prog->map_decls || s->opts.unstable_map_decl == 1)
		return 0;
	if (s->opts.unstable_map_decl == 2)
		return sema_err(s, s->prog->map_decls->loc, "map declarations feature is not "
				"enabled by default. To enable this unstable feature, set the "
				"config flag to enable. unstable_map_decl=enable");
	diag_warn(s->d, (struct srcloc){0}, "Script is using an unstable feature. To prevent "
		  "this warning you must explicitly enable the unstable feature in the "
		  "config e.g. unstable_map_decl=enable");
	return 0;
}

int sema_map_decls(struct sema *s)
{
	int err = unstable_check(s);
	for (const struct node *n = s->prog->map_decls; n && !err; n = n->next) {
		struct sema_decl d;
		int e = decl_parse(s, n, &d);
		if (!e && name_table_get(&s->decl_names, d.name))
			e = sema_err(s, n->l->loc, "map %s is declared twice", d.name);
		err = err ? err : e;
		if (e)
			continue;
		vec_push(&s->decls, d);
		name_table_put(&s->decl_names, d.name, (void *)(uintptr_t)s->decls.len);
	}
	return err;
}

const struct sema_decl *sema_decl_find(struct sema *s, const char *name)
{
	uintptr_t i = (uintptr_t)name_table_get(&s->decl_names, name);
	return i ? &s->decls.data[i - 1] : NULL;
}

int sema_decl_check_use(struct sema *s, const struct node *mapnode, enum sg_agg agg,
			bool scalar)
{
	const struct sema_decl *d = mapnode->res.map->decl;
	if (!d)
		return 0;
	bool hist = agg == SG_AGG_HIST || agg == SG_AGG_LHIST;
	if (d->type == SG_MAP_PERCPU_ARRAY && agg != SG_AGG_NONE && (!scalar || hist))
		return sema_err(s, mapnode->loc, "incompatible map types: %s is declared "
				"percpuarray, which only holds one count(), sum(), min(), max(), "
				"avg() or stats() value without keys", d->name);
	if (d->percpu == (agg != SG_AGG_NONE))
		return 0;
	return sema_err(s, mapnode->loc, "incompatible map types: %s is declared %s, %s",
			d->name, sema_decl_type_name(d->type),
			d->percpu ? "which holds aggregations (count(), sum(), hist(), ...), "
				    "not values"
				  : "which holds values, not aggregations (declare it percpuhash)");
}

void sema_decl_unused(struct sema *s)
{
	for (size_t i = 0; i < s->decls.len; i++)
		if (!name_table_get(&s->map_names, s->decls.data[i].name))
			diag_warn(s->d, s->decls.data[i].n->l->loc, "Unused map: %s",
				  s->decls.data[i].name);
}

void sema_decls_free(struct sema *s)
{
	vec_free(&s->decls);
	name_table_free(&s->decl_names);
}
