/* Raw tracepoints from BTF (see rawtp.h). */
#include "sema/rawtp.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static const char *const prefixes[] = {"__probestub_", "__traceiter_"};

static int cmp_rawtp(const void *a, const void *b)
{
	return strcmp(((const struct rawtp *)a)->name, ((const struct rawtp *)b)->name);
}

/* The tracepoint name a FUNC stands for, or NULL. */
static const char *tp_name(const struct btf *btf, const struct btf_type *t)
{
	if (!btf_is_func(t))
		return NULL;
	const char *name = btf__name_by_offset(btf, t->name_off);
	for (size_t i = 0; name && i < ARRAY_SIZE(prefixes); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return name + strlen(prefixes[i]);
	return NULL;
}

int rawtps_build(const struct btf *btf, struct rawtps *out)
{
	VEC(struct rawtp) v = {0};
	uint32_t n = btf__type_cnt(btf);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = t ? tp_name(btf, t) : NULL;
		const struct btf_type *proto = name ? btf__type_by_id(btf, t->type) : NULL;
		/* A prototype without the leading __data is not a tracepoint's. */
		if (proto && btf_is_func_proto(proto) && btf_vlen(proto) >= 1) {
			struct rawtp r = {xstrdup(name), t->type};
			vec_push(&v, r);
		}
	}
	if (v.len > 1)
		qsort(v.data, v.len, sizeof(*v.data), cmp_rawtp);
	/* Both prefixes name most tracepoints: keep one entry each. */
	size_t k = 0;
	for (size_t i = 0; i < v.len; i++) {
		if (k && strcmp(v.data[k - 1].name, v.data[i].name) == 0)
			free(v.data[i].name);
		else
			v.data[k++] = v.data[i];
	}
	out->v = v.data;
	out->n = k;
	return k ? 0 : -ENOENT;
}

const struct rawtp *rawtps_find(const struct rawtps *t, const char *name)
{
	struct rawtp key = {.name = (char *)name};
	return t->n ? bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_rawtp) : NULL;
}

void rawtps_free(struct rawtps *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
