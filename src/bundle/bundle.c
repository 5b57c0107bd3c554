#include "bundle/bundle.h"

#include <stdlib.h>
#include <string.h>

void sg_value_desc_free(struct sg_value_desc *d)
{
	if (!d)
		return;
	for (uint32_t i = 0; i < d->nelems; i++)
		sg_value_desc_free(&d->elems[i]);
	free(d->elems);
	free(d->name);
	d->elems = NULL;
	d->name = NULL;
	d->nelems = 0;
}

static void prog_free(struct sg_prog *p)
{
	free(p->name);
	free(p->insns);
	free(p->lines);
	free(p->func_starts);
	for (size_t i = 0; i < p->nattach; i++) {
		free(p->attach[i].provider);
		free(p->attach[i].target);
		free(p->attach[i].name);
	}
	free(p->attach);
}

void sg_bundle_free(struct sg_bundle *b)
{
	if (!b)
		return;
	free((char *)b->src.name);
	free((char *)b->src.text);
	for (size_t i = 0; i < b->nmaps; i++) {
		free(b->maps[i].name);
		sg_value_desc_free(&b->maps[i].key);
		sg_value_desc_free(&b->maps[i].value);
	}
	free(b->maps);
	for (size_t i = 0; i < b->nprogs; i++)
		prog_free(&b->progs[i]);
	free(b->progs);
	for (size_t i = 0; i < b->nevents; i++) {
		free(b->events[i].fmt);
		sg_value_desc_free(&b->events[i].args);
	}
	free(b->events);
	for (size_t i = 0; i < b->nprobe_names; i++)
		free(b->probe_names[i]);
	free(b->probe_names);
	free(b->trunc_trailer);
	for (size_t i = 0; i < b->nstrings; i++)
		free(b->strings[i]);
	free(b->strings);
	for (size_t i = 0; i < b->nenums; i++) {
		free(b->enums[i].name);
		for (size_t j = 0; j < b->enums[i].n; j++)
			free(b->enums[i].names[j]);
		free(b->enums[i].names);
		free(b->enums[i].values);
	}
	free(b->enums);
	memset(b, 0, sizeof(*b));
}

const struct sg_map *sg_bundle_map(const struct sg_bundle *b, const char *name)
{
	for (size_t i = 0; i < b->nmaps; i++)
		if (strcmp(b->maps[i].name, name) == 0)
			return &b->maps[i];
	return NULL;
}

bool sg_map_is_array(const struct sg_map *m)
{
	return m->type == SG_MAP_ARRAY || m->type == SG_MAP_PERCPU_ARRAY;
}

bool sg_map_bucket_array(const struct sg_map *m)
{
	return sg_map_is_array(m) && (m->agg == SG_AGG_HIST || m->agg == SG_AGG_LHIST);
}

const char *sg_enum_name(const struct sg_enum *e, uint64_t v)
{
	for (size_t i = 0; e && i < e->n; i++)
		if (e->values[i] == v)
			return e->names[i];
	return NULL;
}
