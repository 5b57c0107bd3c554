#include "sema/tracefs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

#define TRACEFS_MNT "/sys/kernel/tracing"

const char *tracefs_dir(void)
{
	/* Checking for events/ distinguishes a mounted tracefs from the empty
	 * mount point sysfs always provides. */
	if (access(TRACEFS_MNT "/events", F_OK) == 0)
		return TRACEFS_MNT;
	if (access("/sys/kernel/debug/tracing/events", F_OK) == 0)
		return "/sys/kernel/debug/tracing";
	if (mount("nodev", TRACEFS_MNT, "tracefs", 0, NULL) != 0 && errno != EBUSY)
		return NULL;
	if (access(TRACEFS_MNT "/events", F_OK) != 0)
		return NULL;
	return TRACEFS_MNT;
}

/* Category and event names come from user input: refuse anything that
 * could escape the events directory. */
static bool valid_component(const char *s)
{
	return *s && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 && !strchr(s, '/');
}

static int event_path(const char *cat, const char *name, const char *file, char *buf, size_t len)
{
	const char *dir = tracefs_dir();
	if (!dir)
		return -errno ? -errno : -ENOENT;
	if (!valid_component(cat) || !valid_component(name))
		return -ENOENT;
	int n = snprintf(buf, len, "%s/events/%s/%s/%s", dir, cat, name, file);
	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

/* ---- format parsing ---------------------------------------------------- */

static char *trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Splits a declaration ("const char * filename", "char comm[16]",
 * "__data_loc char[] name") into the field name and the type as written,
 * with an array suffix moved onto the type: "char[16]". */
static void parse_decl(const char *decl, size_t n, struct tp_field *f)
{
	const char *suffix = "";
	size_t slen = 0;
	while (n && isspace((unsigned char)decl[n - 1]))
		n--;
	if (n && decl[n - 1] == ']') {
		const char *lb = memrchr(decl, '[', n);
		if (lb) {
			suffix = lb;
			slen = (size_t)(decl + n - lb);
			f->array_len = (uint32_t)strtoul(lb + 1, NULL, 10);
			n = (size_t)(lb - decl);
		}
	}
	size_t e = n;
	while (e && isspace((unsigned char)decl[e - 1]))
		e--;
	size_t s = e;
	while (s && is_ident_char(decl[s - 1]))
		s--;
	f->name = xstrndup(decl + s, e - s);
	char *base = trim_dup(decl, s);
	f->ctype = xasprintf("%s%.*s", base, (int)slen, suffix);
	free(base);
	size_t tl = strlen(f->ctype);
	f->is_ptr = tl && f->ctype[tl - 1] == '*';
	f->is_data_loc = strncmp(f->ctype, "__data_loc", 10) == 0;
	f->is_common = strncmp(f->name, "common_", 7) == 0;
}

static bool attr_u32(const char *line, const char *key, uint32_t *out)
{
	const char *p = strstr(line, key);
	if (!p)
		return false;
	char *end;
	unsigned long v = strtoul(p + strlen(key), &end, 10);
	if (end == p + strlen(key))
		return false;
	*out = (uint32_t)v;
	return true;
}

/* One "\tfield:DECL;\toffset:N;\tsize:N;\tsigned:N;" line. */
static int parse_field_line(const char *line, struct tp_field *f)
{
	const char *decl = strstr(line, "field:");
	if (!decl)
		return -EINVAL;
	decl += 6;
	const char *semi = strchr(decl, ';');
	if (!semi)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	uint32_t sign = 0;
	if (!attr_u32(semi, "offset:", &f->offset) || !attr_u32(semi, "size:", &f->size)) {
		return -EINVAL;
	}
	attr_u32(semi, "signed:", &sign);
	f->is_signed = sign != 0;
	parse_decl(decl, (size_t)(semi - decl), f);
	return 0;
}

int tp_format_parse(const char *text, struct tp_format *out)
{
	VEC(struct tp_field) fields = {0};
	memset(out, 0, sizeof(*out));
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *l = xstrndup(line, len);
		struct tp_field f;
		if (strncmp(l, "name: ", 6) == 0 && !out->name)
			out->name = trim_dup(l + 6, len - 6);
		else if (strncmp(l, "ID: ", 4) == 0)
			out->id = (uint32_t)strtoul(l + 4, NULL, 10);
		else if (strstr(l, "field:") && parse_field_line(l, &f) == 0)
			vec_push(&fields, f);
		free(l);
		line = eol ? eol + 1 : NULL;
	}
	out->fields = fields.data;
	out->nfields = fields.len;
	return fields.len ? 0 : -EINVAL;
}

void tp_format_free(struct tp_format *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nfields; i++) {
		free(f->fields[i].name);
		free(f->fields[i].ctype);
	}
	free(f->fields);
	free(f->category);
	free(f->name);
	memset(f, 0, sizeof(*f));
}

int tracefs_read_format(const char *category, const char *name, struct tp_format *out)
{
	char path[512], *text;
	memset(out, 0, sizeof(*out));
	int err = event_path(category, name, "format", path, sizeof(path));
	if (err)
		return err;
	err = read_file(path, &text, NULL);
	if (err)
		return err == -ENOTDIR ? -ENOENT : err;
	err = tp_format_parse(text, out);
	free(text);
	if (err) {
		tp_format_free(out);
		return err;
	}
	free(out->name);
	out->category = xstrdup(category);
	out->name = xstrdup(name);
	return 0;
}

int tracefs_event_id(const char *category, const char *name)
{
	char path[512], buf[32];
	int err = event_path(category, name, "id", path, sizeof(path));
	if (err)
		return err;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOTDIR ? -ENOENT : -errno;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	buf[n > 0 ? n : 0] = 0;
	char *end;
	long id = strtol(buf, &end, 10);
	return end == buf || id < 0 || id > INT32_MAX ? -EINVAL : (int)id;
}

/* ---- listing ----------------------------------------------------------- */

typedef VEC(char *) name_vec;

static bool has_wildcard(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}

static bool is_dir_entry(int dirfd, const struct dirent *e)
{
	if (e->d_name[0] == '.')
		return false;
	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	struct stat st;
	return fstatat(dirfd, e->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

/* Appends the events of one category that match nameglob. */
static void match_category(int evfd, const char *cat, const char *nameglob, name_vec *out)
{
	if (!has_wildcard(nameglob)) {
		/* Exact name: one stat instead of reading the directory. */
		char rel[512];
		struct stat st;
		snprintf(rel, sizeof(rel), "%s/%s", cat, nameglob);
		if (valid_component(nameglob) && fstatat(evfd, rel, &st, 0) == 0 && S_ISDIR(st.st_mode))
			vec_push(out, xasprintf("%s:%s", cat, nameglob));
		return;
	}
	int fd = openat(evfd, cat, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)))
		if (is_dir_entry(fd, e) && wildcard_match(nameglob, e->d_name))
			vec_push(out, xasprintf("%s:%s", cat, e->d_name));
	closedir(d);
}

static int match_all_categories(int evfd, const char *catglob, const char *nameglob, name_vec *out)
{
	int fd = dup(evfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int err = -errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	struct dirent *e;
	/* ftrace's own events (function, print, ...) are no tracepoints: no
	 * BPF program attaches to them, and available_events leaves them out,
	 * so a wildcard category does too (as bpftrace's does). */
	while ((e = readdir(d)))
		if (is_dir_entry(evfd, e) && wildcard_match(catglob, e->d_name) &&
		    strcmp(e->d_name, "ftrace") != 0)
			match_category(evfd, e->d_name, nameglob, out);
	closedir(d);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tracefs_match(const char *pattern, char ***out)
{
	const char *colon = strchr(pattern, ':');
	const char *dir = tracefs_dir();
	*out = NULL;
	if (!colon)
		return -EINVAL;
	if (!dir)
		return -errno ? -errno : -ENOENT;
	char evpath[256];
	snprintf(evpath, sizeof(evpath), "%s/events", dir);
	int evfd = open(evpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (evfd < 0)
		return -errno;
	char *cat = xstrndup(pattern, (size_t)(colon - pattern));
	name_vec names = {0};
	int err = 0;
	if (has_wildcard(cat))
		err = match_all_categories(evfd, cat, colon + 1, &names);
	else if (valid_component(cat))
		match_category(evfd, cat, colon + 1, &names);
	free(cat);
	close(evfd);
	if (err) {
		tracefs_names_free(names.data, (int)names.len);
		return err;
	}
	if (names.len > 1)
		qsort(names.data, names.len, sizeof(char *), cmp_str);
	*out = names.data;
	return (int)names.len;
}

void tracefs_names_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- suggestions ------------------------------------------------------- */

struct candidate {
	int dist;
	const char *name;
};

static int cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return strcmp(x->name, y->name);
}

int tracefs_suggest(const char *catname, char **out, int max)
{
	char **all;
	int n = tracefs_match("*:*", &all);
	if (n <= 0 || max <= 0)
		return n < 0 ? n : 0;
	/* Only names within about a third of the length are useful hints;
	 * beyond that every event looks equally unrelated. */
	int limit = MAX(2, (int)strlen(catname) / 3);
	struct candidate *c = xmalloc((size_t)n * sizeof(*c));
	int nc = 0;
	for (int i = 0; i < n; i++) {
		int d = edit_distance(catname, all[i], limit);
		if (d <= limit)
			c[nc++] = (struct candidate){d, all[i]};
	}
	qsort(c, (size_t)nc, sizeof(*c), cmp_candidate);
	int k = MIN(nc, max);
	for (int i = 0; i < k; i++)
		out[i] = xstrdup(c[i].name);
	free(c);
	tracefs_names_free(all, n);
	return k;
}
