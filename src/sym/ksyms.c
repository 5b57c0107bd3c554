/* /proc/kallsyms: parsed once into an address-sorted array. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sym/ksyms.h"

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* "ffffffff81000000 T _text [mod]": address, type, name (module dropped). */
static int parse_line(char *line, struct ksym *out)
{
	char *end, *name;
	out->addr = strtoull(line, &end, 16);
	if (end == line || *end != ' ' || !end[1] || end[2] != ' ')
		return -EINVAL;
	name = end + 3;
	name[strcspn(name, " \t\n")] = 0;
	if (!*name)
		return -EINVAL;
	out->name = xstrdup(name);
	return 0;
}

int ksyms_load(const char *path, struct ksyms *out)
{
	memset(out, 0, sizeof(*out));
	FILE *f = fopen(path ? path : "/proc/kallsyms", "re");
	if (!f)
		return -errno;
	VEC(struct ksym) v = {0};
	char *line = NULL;
	size_t cap = 0;
	bool nonzero = false;
	while (getline(&line, &cap, f) > 0) {
		struct ksym s;
		if (parse_line(line, &s) == 0) {
			nonzero |= s.addr != 0;
			vec_push(&v, s);
		}
	}
	free(line);
	fclose(f);
	out->syms = v.data;
	out->n = v.len;
	if (out->n && !nonzero) {
		ksyms_free(out);
		return -EPERM;
	}
	qsort(out->syms, out->n, sizeof(*out->syms), by_addr);
	return 0;
}

void ksyms_free(struct ksyms *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->syms[i].name);
	free(k->syms);
	memset(k, 0, sizeof(*k));
}

const struct ksym *ksyms_find(const struct ksyms *k, uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi = k ? k->n : 0; /* first symbol above addr, in [lo, hi] */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct ksym *s = &k->syms[lo - 1];
	if (off)
		*off = addr - s->addr;
	return s;
}

int ksyms_addr(const struct ksyms *k, const char *name, uint64_t *addr)
{
	for (size_t i = 0; k && i < k->n; i++)
		if (strcmp(k->syms[i].name, name) == 0) {
			*addr = k->syms[i].addr;
			return 0;
		}
	return -ENOENT;
}

const struct ksyms *ksyms_default(void)
{
	static struct ksyms k;
	static int state; /* 0: not tried, 1: loaded, -1: failed */
	if (state == 0)
		state = ksyms_load(NULL, &k) == 0 ? 1 : -1;
	return state > 0 ? &k : NULL;
}
