/* Listing (-l) of USDT probes, like `bpftrace -l 'usdt:PATH:*'`: one
 * "usdt:PATH:PROVIDER:NAME" line per probe of PATH (a path or a short
 * library/program name); with -p PID, of every file the process has mapped
 * ("usdt:*" then lists them all). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "runtime/list.h"
#include "sym/elfsym.h"
#include "sym/usdt.h"

typedef VEC(char *) str_vec;

/* The files mapped by pid, each once, in address order. */
static int mapped_files(int pid, str_vec *files)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		char *file = strchr(line, '/');
		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		bool seen = false;
		for (size_t i = 0; i < files->len && !seen; i++)
			seen = strcmp(files->data[i], file) == 0;
		if (!seen)
			vec_push(files, xstrdup(file));
	}
	free(line);
	fclose(f);
	return 0;
}

/* Prints the probes of path whose full name matches pattern. */
static void list_file(const char *path, const char *pattern, FILE *out)
{
	struct usdt_notes u;
	if (usdt_read(path, &u))
		return;
	for (size_t i = 0; i < u.n; i++) {
		char *name = xasprintf("usdt:%s:%s:%s", path, u.v[i].provider, u.v[i].name);
		bool dup = false; /* one line per probe, not per site */
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(u.v[k].provider, u.v[i].provider) == 0 &&
			      strcmp(u.v[k].name, u.v[i].name) == 0;
		if (!dup && wildcard_match(pattern, name))
			fprintf(out, "%s\n", name);
		free(name);
	}
	usdt_free(&u);
}

static int list_pid(int pid, const char *rest, FILE *out)
{
	str_vec files = {0};
	int err = mapped_files(pid, &files);
	if (err)
		fprintf(stderr, "spyglass: cannot list USDT probes of process %d: %s\n", pid,
			strerror(-err));
	char *pattern = xasprintf("usdt:%s", rest);
	for (size_t i = 0; i < files.len; i++) {
		list_file(files.data[i], pattern, out);
		free(files.data[i]);
	}
	free(pattern);
	free(files.data);
	return err;
}

/* "PATH[:PROVIDER[:NAME]]": a probe pattern over the full name. */
static int list_path(const char *rest, FILE *out)
{
	char *bin = xstrdup(rest), *probe = strchr(bin, ':'), *path = NULL;
	if (probe)
		*probe++ = 0;
	int err = elf_find_binary(bin, &path);
	if (err) {
		fprintf(stderr, "spyglass: cannot list usdt probes of %s: %s\n", bin,
			strerror(-err));
		free(bin);
		return err;
	}
	/* "usdt:PATH:NAME" names a probe of any provider. */
	bool one = probe && !strchr(probe, ':');
	char *pattern = xasprintf("usdt:%s:%s%s", path, one ? "*:" : "", probe ? probe : "*");
	list_file(path, pattern, out);
	free(pattern);
	free(path);
	free(bin);
	return 0;
}

int sg_list_usdt(const char *pattern, int pid, FILE *out)
{
	const char *rest;
	if (!pattern)
		return 1;
	if (strncmp(pattern, "usdt:", 5) == 0)
		rest = pattern + 5;
	else if (strncmp(pattern, "U:", 2) == 0)
		rest = pattern + 2;
	else
		return 1;
	if (pid > 0 && (strpbrk(rest, "*?") == rest || !strchr(rest, ':')))
		return list_pid(pid, *rest ? rest : "*", out);
	return list_path(rest, out);
}
