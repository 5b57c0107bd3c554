/* Listing (-l) of the probe types that are not tracepoints: functions of a
 * binary or library ("uprobe:/bin/bash:read*", also uretprobe:/u:/ur:),
 * software and hardware events, and raw tracepoints. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "runtime/list.h"
#include "sema/perf_events.h"
#include "sema/tracefs.h"
#include "sym/elfsym.h"

/* "uprobe:PATH[:FUNC]": every function symbol of PATH matching FUNC. */
static int list_uprobes(const char *prov, const char *rest, FILE *out)
{
	char *bin = xstrdup(rest), *func = strrchr(bin, ':'), *path = NULL;
	if (func)
		*func++ = 0;
	struct elf_syms syms = {0};
	int err = elf_find_binary(bin, &path);
	if (!err)
		err = elf_syms_read(path, &syms);
	if (err)
		fprintf(stderr, "spyglass: cannot list %s probes of %s: %s\n", prov, bin,
			err == -ENOEXEC ? "not an ELF file" : strerror(-err));
	for (size_t i = 0; i < syms.n; i++)
		if ((!func || wildcard_match(func, syms.syms[i].name)) &&
		    (i == 0 || strcmp(syms.syms[i].name, syms.syms[i - 1].name) != 0))
			fprintf(out, "%s:%s:%s\n", prov, path, syms.syms[i].name);
	elf_syms_free(&syms);
	free(path);
	free(bin);
	return err;
}

static void list_events(bool hw, const char *pattern, FILE *out)
{
	int n;
	const struct perf_event_name *t = perf_event_table(hw, &n);
	for (int i = 0; i < n; i++) {
		/* Listed "software:cpu-clock:" as bpftrace does; matched without the ':' too. */
		char *name = xasprintf("%s:%s", hw ? "hardware" : "software", t[i].name);
		char *listed = xasprintf("%s:", name);
		if (wildcard_match(pattern, name) || wildcard_match(pattern, listed))
			fprintf(out, "%s\n", listed);
		free(listed);
		free(name);
	}
}

static int list_rawtracepoints(const char *pattern, FILE *out)
{
	char **names;
	int n = tracefs_match("*:*", &names);
	if (n < 0) {
		fprintf(stderr, "spyglass: cannot list raw tracepoints: %s\n", strerror(-n));
		return n;
	}
	for (int i = 0; i < n; i++) {
		if (strncmp(names[i], "syscalls:", 9) == 0)
			continue; /* ftrace syscall events, not kernel tracepoints */
		char *probe = xasprintf("rawtracepoint:%s", strchr(names[i], ':') + 1);
		if (wildcard_match(pattern, probe))
			fprintf(out, "%s\n", probe);
		free(probe);
	}
	tracefs_names_free(names, n);
	return 0;
}

static const char *after(const char *pattern, const char *const *provs, const char **prov)
{
	for (; *provs; provs += 2) {
		size_t l = strlen(provs[0]);
		if (strncmp(pattern, provs[0], l) == 0 && pattern[l] == ':') {
			*prov = provs[1];
			return pattern + l + 1;
		}
	}
	return NULL;
}

int sg_list_other(const char *pattern, FILE *out)
{
	static const char *const uprobes[] = {"uprobe", "uprobe", "u", "uprobe", "uretprobe",
					      "uretprobe", "ur", "uretprobe", NULL};
	static const char *const others[] = {"software", "software", "s", "software",
					     "hardware", "hardware", "h", "hardware",
					     "rawtracepoint", "rawtracepoint", "rt", "rawtracepoint",
					     NULL};
	const char *prov, *rest;
	if (pattern && (rest = after(pattern, uprobes, &prov)))
		return list_uprobes(prov, rest, out);
	if (!pattern || !(rest = after(pattern, others, &prov)))
		return 1;
	char *full = xasprintf("%s:%s", prov, rest);
	int err = 0;
	if (strcmp(prov, "rawtracepoint") == 0)
		err = list_rawtracepoints(full, out);
	else
		list_events(strcmp(prov, "hardware") == 0, full, out);
	free(full);
	return err;
}

void sg_list_perf_events(const char *pattern, FILE *out)
{
	list_events(false, pattern, out);
	list_events(true, pattern, out);
}
