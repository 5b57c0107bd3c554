/* Reader for glibc's /etc/ld.so.cache ("glibc-ld.so.cache1.1" format; the
 * old "ld.so-1.7.0" prefix, still written by some glibc versions, is
 * skipped). Layout from glibc's sysdeps/generic/dl-cache.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sym/ldcache.h"

#define OLD_MAGIC "ld.so-1.7.0"
#define NEW_MAGIC "glibc-ld.so.cache1.1"
#define NEW_HEADER 48 /* magic+version 20, nlibs, len_strings, flags+pad, ext, 3 unused */
#define NEW_ENTRY 24  /* flags, key, value, osversion, u64 hwcap */
#define OLD_ENTRY 12
#define FLAG_ELF_LIBC6 0x0003
#define FLAG_X8664_LIB64 0x0300
#define FLAG_TYPE_MASK 0x00ff
#define FLAG_ARCH_MASK 0xff00

static uint32_t rd32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Offset of the new-format header: 0, or after the old table. -1: none. */
static long new_header(const char *d, size_t size)
{
	size_t off = 0;
	if (size >= 16 && memcmp(d, OLD_MAGIC, strlen(OLD_MAGIC)) == 0) {
		uint64_t n = rd32(d + 12);
		off = (size_t)((16 + n * OLD_ENTRY + 7) & ~(uint64_t)7);
	}
	if (off > size || size - off < NEW_HEADER ||
	    memcmp(d + off, NEW_MAGIC, strlen(NEW_MAGIC)) != 0)
		return -1;
	return (long)off;
}

/* A NUL-terminated string at offset o of the new-format area, or NULL. */
static const char *str_at(const char *base, size_t avail, uint32_t o)
{
	if (o >= avail || !memchr(base + o, 0, avail - o))
		return NULL;
	return base + o;
}

int ldcache_parse(struct ldcache *c, char *data, size_t size)
{
	memset(c, 0, sizeof(*c));
	c->data = data;
	c->size = size;
	long off = new_header(data, size);
	if (off < 0)
		return -EINVAL;
	const char *base = data + off;
	size_t avail = size - (size_t)off;
	uint64_t n = rd32(base + 20);
	if (n > (avail - NEW_HEADER) / NEW_ENTRY)
		return -EINVAL;
	c->entries = xcalloc(n ? n : 1, sizeof(*c->entries));
	for (size_t i = 0; i < n; i++) {
		const char *e = base + NEW_HEADER + i * NEW_ENTRY;
		struct ldcache_entry *out = &c->entries[c->nentries];
		out->flags = (int32_t)rd32(e);
		out->soname = str_at(base, avail, rd32(e + 4));
		out->path = str_at(base, avail, rd32(e + 8));
		if (out->soname && out->path)
			c->nentries++;
	}
	return 0;
}

int ldcache_load(struct ldcache *c, const char *path)
{
	size_t size;
	char *data;
	memset(c, 0, sizeof(*c));
	int err = read_file(path, &data, &size);
	if (err)
		return err;
	err = ldcache_parse(c, data, size);
	if (err)
		ldcache_free(c);
	return err;
}

void ldcache_free(struct ldcache *c)
{
	if (!c)
		return;
	free(c->data);
	free(c->entries);
	memset(c, 0, sizeof(*c));
}

/* Does soname ("libc.so.6") answer to the short name ("c", "libc",
 * "libc.so", "libc.so.6")? */
static bool soname_matches(const char *soname, const char *name)
{
	const char *s = strncmp(soname, "lib", 3) == 0 && strncmp(name, "lib", 3) != 0 ? soname + 3
										       : soname;
	size_t n = strlen(name);
	return strncmp(s, name, n) == 0 && (s[n] == 0 || s[n] == '.');
}

const char *ldcache_find(const struct ldcache *c, const char *name)
{
	const struct ldcache_entry *best = NULL;
	for (size_t i = 0; c && i < c->nentries; i++) {
		const struct ldcache_entry *e = &c->entries[i];
		if ((e->flags & FLAG_TYPE_MASK) != FLAG_ELF_LIBC6 ||
		    (e->flags & FLAG_ARCH_MASK) != FLAG_X8664_LIB64 || !soname_matches(e->soname, name))
			continue;
		if (!best || strlen(e->soname) < strlen(best->soname))
			best = e;
	}
	return best ? best->path : NULL;
}
