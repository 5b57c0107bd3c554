/* /etc/ld.so.cache: the dynamic loader's map from library sonames to paths,
 * so that `uprobe:libc:malloc` finds the same file the loader would. */
#ifndef SG_LDCACHE_H
#define SG_LDCACHE_H

#include <stddef.h>
#include <stdint.h>

struct ldcache_entry {
	const char *soname; /* "libc.so.6" (points into the cache's data) */
	const char *path;   /* "/lib/x86_64-linux-gnu/libc.so.6" */
	int32_t flags;      /* glibc's FLAG_* bits: type and architecture */
};

struct ldcache {
	char *data; /* the whole file */
	size_t size;
	struct ldcache_entry *entries;
	size_t nentries;
};

/* Parses a cache image (takes ownership of data, malloc'd). 0 or -EINVAL
 * (not a cache in the glibc 2.x "new" format, or offsets out of bounds). */
int ldcache_parse(struct ldcache *c, char *data, size_t size);
/* Reads and parses path (/etc/ld.so.cache). 0 or -errno. */
int ldcache_load(struct ldcache *c, const char *path);
void ldcache_free(struct ldcache *c);
/* Path of the x86-64 library that short name `name` means ("c", "libc",
 * "libc.so", "libc.so.6"), or NULL: the entry with the shortest soname wins,
 * as the loader would pick libfoo.so.1 over libfoo.so.1.2. */
const char *ldcache_find(const struct ldcache *c, const char *name);

#endif
