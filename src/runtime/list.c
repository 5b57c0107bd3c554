#include "runtime/list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sema/tracefs.h"

/* The tracefs pattern ("cat:name") that covers every match of a full
 * probe pattern, or NULL when only full-name matching can decide. */
static char *tracefs_pattern(const char *pattern)
{
	const char *rest = NULL;
	if (strncmp(pattern, "tracepoint:", 11) == 0)
		rest = pattern + 11;
	else if (strncmp(pattern, "t:", 2) == 0)
		rest = pattern + 2;
	if (!rest)
		return NULL;
	return strchr(rest, ':') ? xstrdup(rest) : xasprintf("%s:*", rest);
}

static void print_field(const struct tp_field *f, FILE *out)
{
	if (f->array_len && !f->is_data_loc) {
		/* "char[16]" is shown the C way: "char comm[16]". */
		const char *lb = strrchr(f->ctype, '[');
		int n = lb ? (int)(lb - f->ctype) : (int)strlen(f->ctype);
		fprintf(out, "    %.*s %s%s\n", n, f->ctype, f->name, lb ? lb : "");
	} else {
		fprintf(out, "    %s %s\n", f->ctype, f->name);
	}
}

static void print_fields(const char *catname, FILE *out)
{
	const char *colon = strchr(catname, ':');
	char *cat = xstrndup(catname, (size_t)(colon - catname));
	struct tp_format f;
	if (tracefs_read_format(cat, colon + 1, &f) == 0) {
		for (size_t i = 0; i < f.nfields; i++)
			if (!f.fields[i].is_common)
				print_field(&f.fields[i], out);
		tp_format_free(&f);
	}
	free(cat);
}

int sg_list_probes_ex(const char *pattern, bool verbose, FILE *out)
{
	char *full = NULL, *tp = NULL;
	int other = sg_list_types(pattern, verbose, out);
	if (other != 1)
		return other;
	other = sg_list_other(pattern, verbose, out);
	if (other != 1)
		return other;
	if (!pattern || !*pattern)
		pattern = "*";
	else if (!strpbrk(pattern, ":*?"))
		pattern = full = xasprintf("*%s*", pattern);
	tp = tracefs_pattern(pattern);
	char **names;
	int n = tracefs_match(tp ? tp : "*:*", &names);
	if (n < 0)
		fprintf(stderr, "spyglass: cannot list tracepoints: %s\n", strerror(-n));
	for (int i = 0; i < n; i++) {
		char *probe = xasprintf("tracepoint:%s", names[i]);
		if (tp || wildcard_match(pattern, probe)) {
			fprintf(out, "%s\n", probe);
			if (verbose)
				print_fields(names[i], out);
		}
		free(probe);
	}
	if (n > 0)
		tracefs_names_free(names, n);
	if (!tp)
		sg_list_perf_events(pattern, out);
	free(tp);
	free(full);
	return n < 0 ? n : 0;
}

int sg_list_probes(const char *pattern, FILE *out)
{
	return sg_list_probes_ex(pattern, false, out);
}
