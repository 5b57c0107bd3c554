/* cgroup_path(id[, filter]) as bpftrace prints it: for every mounted cgroup
 * hierarchy, "NAME:PATH" where PATH is the directory whose inode number is
 * the cgroup id ("/" for the root), NAME "unified" for cgroup2 and the
 * mount directory's name for v1 ("cpu,cpuacct"); cgroup2 first, then v1
 * sorted by name; hierarchies without the cgroup are left out; joined by
 * ','. Lookups walk the hierarchy, so the last answer is cached. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/output_priv.h"

#define CG_MAX_DEPTH 64

/* Depth-first search below dir (fd) for inode ino; appends the path. */
static bool find_ino(int fd, uint64_t ino, struct strbuf *path, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	bool found = false;
	for (struct dirent *e; !found && depth < CG_MAX_DEPTH && (e = readdir(d));) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		size_t mark = path->len;
		sb_printf(path, "/%s", e->d_name);
		if (e->d_ino == ino)
			found = true;
		else {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			found = sub >= 0 && find_ino(sub, ino, path, depth + 1);
		}
		if (!found) {
			path->len = mark;
			path->buf[mark] = 0;
		}
	}
	closedir(d);
	return found;
}

/* The cgroup's path inside the hierarchy mounted at root, or false. */
static bool path_in(const char *root, uint64_t ino, struct strbuf *out)
{
	struct stat st;
	if (stat(root, &st) < 0)
		return false;
	if ((uint64_t)st.st_ino == ino) {
		sb_append(out, "/");
		return true;
	}
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd >= 0 && find_ino(fd, ino, out, 0);
}

struct cg_root {
	char name[256];
	char dir[4096];
	bool v2;
};

static int root_cmp(const void *a, const void *b)
{
	const struct cg_root *x = a, *y = b;
	if (x->v2 != y->v2)
		return x->v2 ? -1 : 1;
	return x->v2 ? 0 : strcmp(x->name, y->name);
}

/* cgroup and cgroup2 mounts from /proc/mounts, in bpftrace's order. */
static size_t cg_roots(struct cg_root *out, size_t max)
{
	FILE *f = fopen("/proc/mounts", "re");
	size_t n = 0;
	char dev[256], dir[4096], fstype[64];
	while (f && n < max && fscanf(f, "%255s %4095s %63s %*[^\n]", dev, dir, fstype) == 3) {
		bool v2 = strcmp(fstype, "cgroup2") == 0;
		if (!v2 && strcmp(fstype, "cgroup") != 0)
			continue;
		const char *base = strrchr(dir, '/');
		snprintf(out[n].name, sizeof(out[n].name), "%.255s", v2 ? "unified" : base ? base + 1 : dir);
		snprintf(out[n].dir, sizeof(out[n].dir), "%s", dir);
		out[n++].v2 = v2;
	}
	if (f)
		fclose(f);
	qsort(out, n, sizeof(*out), root_cmp);
	return n;
}

static struct {
	uint64_t id;
	char *filter, *text;
} cg_cache;

static void resolve(struct strbuf *sb, uint64_t id, const char *filter)
{
	struct cg_root roots[16];
	size_t n = cg_roots(roots, 16);
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (filter && !wildcard_match(filter, roots[i].name))
			continue;
		struct strbuf path = {0};
		if (path_in(roots[i].dir, id, &path)) {
			sb_printf(sb, "%s%s:%s", first ? "" : ",", roots[i].name, sb_str(&path));
			first = false;
		}
		sb_free(&path);
	}
}

void text_cgroup_path(struct strbuf *sb, uint64_t id, const char *filter)
{
	const char *f = filter ? filter : "";
	if (!cg_cache.text || cg_cache.id != id || strcmp(cg_cache.filter, f) != 0) {
		struct strbuf t = {0};
		resolve(&t, id, filter);
		free(cg_cache.text);
		free(cg_cache.filter);
		cg_cache.text = sb_detach(&t);
		cg_cache.filter = xstrdup(f);
		cg_cache.id = id;
	}
	sb_append(sb, cg_cache.text);
}
