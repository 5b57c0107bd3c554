/* /etc/ld.so.cache reader: synthetic images (format, bounds, matching
 * rules) and the machine's real cache. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "sym/ldcache.h"
#include "test.h"

struct img {
	char buf[512];
	size_t n;     /* entries written */
	size_t str;   /* next free string offset */
};

#define HDR 48
#define ENT 24
#define X86_64_LIBC6 0x0303

static void img_init(struct img *m, size_t nentries)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->buf, "glibc-ld.so.cache1.1", 20);
	uint32_t n = (uint32_t)nentries;
	memcpy(m->buf + 20, &n, 4);
	m->str = HDR + nentries * ENT;
}

static uint32_t img_str(struct img *m, const char *s)
{
	uint32_t o = (uint32_t)m->str;
	strcpy(m->buf + o, s);
	m->str += strlen(s) + 1;
	return o;
}

static void img_add(struct img *m, int32_t flags, const char *soname, const char *path)
{
	char *e = m->buf + HDR + m->n++ * ENT;
	uint32_t k = img_str(m, soname), v = img_str(m, path);
	memcpy(e, &flags, 4);
	memcpy(e + 4, &k, 4);
	memcpy(e + 8, &v, 4);
}

static int img_parse(struct img *m, struct ldcache *c, size_t size)
{
	char *copy = xmalloc(size);
	memcpy(copy, m->buf, size);
	return ldcache_parse(c, copy, size);
}

TEST(ldcache_matching_rules)
{
	struct img m;
	img_init(&m, 4);
	img_add(&m, X86_64_LIBC6, "libfoo.so.1.2", "/a/libfoo.so.1.2");
	img_add(&m, X86_64_LIBC6, "libfoo.so.1", "/a/libfoo.so.1");
	img_add(&m, 0x0003, "libbar.so.1", "/lib32/libbar.so.1"); /* not x86-64 */
	img_add(&m, X86_64_LIBC6, "libfoobar.so.3", "/a/libfoobar.so.3");
	struct ldcache c;
	CHECK_INT(img_parse(&m, &c, m.str), 0);
	CHECK_INT(c.nentries, 4);
	CHECK_STR(ldcache_find(&c, "foo"), "/a/libfoo.so.1");
	CHECK_STR(ldcache_find(&c, "libfoo"), "/a/libfoo.so.1");
	CHECK_STR(ldcache_find(&c, "libfoo.so.1.2"), "/a/libfoo.so.1.2");
	CHECK_STR(ldcache_find(&c, "libfoobar"), "/a/libfoobar.so.3");
	CHECK(ldcache_find(&c, "fo") == NULL);  /* no partial names */
	CHECK(ldcache_find(&c, "bar") == NULL); /* other architecture */
	ldcache_free(&c);
	ldcache_free(NULL);
}

TEST(ldcache_rejects_bad_images)
{
	struct img m;
	struct ldcache c;
	img_init(&m, 1);
	img_add(&m, X86_64_LIBC6, "libz.so.1", "/a/libz.so.1");
	CHECK_INT(img_parse(&m, &c, HDR - 1), -EINVAL); /* truncated header */
	ldcache_free(&c);
	CHECK_INT(img_parse(&m, &c, HDR + ENT - 1), -EINVAL); /* truncated table */
	ldcache_free(&c);
	/* Strings past the end (cut off) are skipped, not read. */
	CHECK_INT(img_parse(&m, &c, HDR + ENT + 4), 0);
	CHECK_INT(c.nentries, 0);
	ldcache_free(&c);
	memcpy(m.buf, "glibc-ld.so.cache1.0", 20);
	CHECK_INT(img_parse(&m, &c, m.str), -EINVAL); /* unknown version */
	ldcache_free(&c);
	uint32_t huge = 0x10000000;
	img_init(&m, 1);
	memcpy(m.buf + 20, &huge, 4);
	CHECK_INT(img_parse(&m, &c, sizeof(m.buf)), -EINVAL); /* count past the end */
	ldcache_free(&c);
}

TEST(ldcache_old_format_prefix)
{
	/* "ld.so-1.7.0", u32 count, 12-byte entries, then the new format at the
	 * next 8-byte boundary. */
	struct img m;
	img_init(&m, 1);
	img_add(&m, X86_64_LIBC6, "libz.so.1", "/a/libz.so.1");
	char *buf = xcalloc(1, 48 + m.str);
	memcpy(buf, "ld.so-1.7.0", 11);
	uint32_t one = 1;
	memcpy(buf + 12, &one, 4);
	memcpy(buf + 32, m.buf, m.str); /* 16 + 12 = 28, aligned up to 32 */
	struct ldcache c;
	CHECK_INT(ldcache_parse(&c, buf, 32 + m.str), 0);
	CHECK_STR(ldcache_find(&c, "z"), "/a/libz.so.1");
	ldcache_free(&c);
}

TEST(ldcache_real_cache_finds_libc)
{
	struct ldcache c;
	CHECK_INT(ldcache_load(&c, "/etc/ld.so.cache"), 0);
	const char *p = ldcache_find(&c, "c");
	CHECK(p && strstr(p, "/libc.so.6") && access(p, R_OK) == 0);
	CHECK_STR(ldcache_find(&c, "libc.so.6"), p);
	CHECK(ldcache_find(&c, "no_such_library_xyz") == NULL);
	ldcache_free(&c);
	CHECK_INT(ldcache_load(&c, "/nonexistent/ld.so.cache"), -ENOENT);
}
