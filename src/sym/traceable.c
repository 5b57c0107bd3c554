/* available_filter_functions: one function per line, "name" or
 * "name [module]"; names repeat for static functions of the same name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sym/ksyms.h"
#include "sym/traceable.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(struct traceable *t)
{
	if (!t->n)
		return;
	qsort(t->names, t->n, sizeof(*t->names), cmp_str);
	size_t w = 1;
	for (size_t r = 1; r < t->n; r++) {
		if (strcmp(t->names[r], t->names[w - 1]) == 0)
			free(t->names[r]);
		else
			t->names[w++] = t->names[r];
	}
	t->n = w;
}

int traceable_load(const char *path, struct traceable *out)
{
	memset(out, 0, sizeof(*out));
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	VEC(char *) names = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) > 0) {
		size_t n = strcspn(line, " \t\n");
		if (n)
			vec_push(&names, xstrndup(line, n));
	}
	int err = ferror(f) ? -EIO : 0;
	free(line);
	fclose(f);
	out->names = names.data;
	out->n = names.len;
	sort_unique(out);
	if (err)
		traceable_free(out);
	return err;
}

void traceable_from_ksyms(const struct ksyms *k, struct traceable *out)
{
	memset(out, 0, sizeof(*out));
	out->names = xcalloc(k->n ? k->n : 1, sizeof(*out->names));
	for (size_t i = 0; i < k->n; i++)
		out->names[out->n++] = xstrdup(k->syms[i].name);
	sort_unique(out);
}

bool traceable_has(const struct traceable *t, const char *name)
{
	return t && t->n &&
	       bsearch(&name, t->names, t->n, sizeof(*t->names), cmp_str) != NULL;
}

void traceable_free(struct traceable *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

const struct traceable *traceable_default(const char *tracefs_dir)
{
	static struct traceable t;
	static int state; /* 0: not tried, 1: loaded, -1: unreadable */
	if (state == 0 && tracefs_dir) {
		char *path = xasprintf("%s/available_filter_functions", tracefs_dir);
		state = traceable_load(path, &t) == 0 && t.n ? 1 : -1;
		free(path);
	}
	return state > 0 ? &t : NULL;
}
