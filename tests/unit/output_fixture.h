/* Hand-built bundles, maps and map dumps for the output tests
 * (test_output.c, test_hist.c, test_printf.c). Everything is static so each
 * test binary gets its own copy. */
#ifndef SG_OUTPUT_FIXTURE_H
#define SG_OUTPUT_FIXTURE_H

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "bundle/bundle.h"
#include "output/output.h"
#include "test.h"

static inline struct sg_value_desc fx_int(uint32_t off, uint32_t size, int is_signed)
{
	return (struct sg_value_desc){.kind = SG_V_INT, .offset = off, .size = size,
				      .is_signed = (uint8_t)is_signed};
}

static inline struct sg_value_desc fx_str(uint32_t off, uint32_t size)
{
	return (struct sg_value_desc){.kind = SG_V_STR, .offset = off, .size = size};
}

static inline struct sg_value_desc fx_kind(enum sg_vkind k, uint32_t off, uint32_t size)
{
	return (struct sg_value_desc){.kind = k, .offset = off, .size = size};
}

/* A tuple of n elements (copied), at offset off. */
static inline struct sg_value_desc fx_tuple(uint32_t off, uint32_t size, int n, ...)
{
	struct sg_value_desc t = {.kind = SG_V_TUPLE, .offset = off, .size = size};
	t.nelems = (uint32_t)n;
	t.elems = xcalloc((size_t)(n ? n : 1), sizeof(*t.elems));
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		t.elems[i] = va_arg(ap, struct sg_value_desc);
	va_end(ap);
	return t;
}

/* A bundle with room for maps and events added by the helpers below. */
static inline struct sg_bundle *fx_bundle(void)
{
	struct sg_bundle *b = xcalloc(1, sizeof(*b));
	b->ringbuf_map = -1;
	b->lost_map = -1;
	b->probe_names = xcalloc(2, sizeof(char *));
	b->probe_names[0] = xstrdup("BEGIN");
	b->probe_names[1] = xstrdup("tracepoint:syscalls:sys_enter_openat");
	b->nprobe_names = 2;
	return b;
}

static inline void fx_bundle_free(struct sg_bundle *b)
{
	sg_bundle_free(b);
	free(b);
}

/* Adds a map; key is the user-key tuple (ownership taken), nkeys its size.
 * The pointer is valid until the next fx_map() (the array is realloc'd). */
static inline struct sg_map *fx_map(struct sg_bundle *b, const char *name, enum sg_agg agg,
				    uint32_t key_size, struct sg_value_desc key,
				    uint32_t value_size, struct sg_value_desc value)
{
	b->maps = xrealloc(b->maps, (b->nmaps + 1) * sizeof(*b->maps));
	struct sg_map *m = &b->maps[b->nmaps++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->type = agg == SG_AGG_NONE ? SG_MAP_HASH : SG_MAP_PERCPU_HASH;
	m->agg = agg;
	m->key_size = key_size;
	m->key = key;
	m->nkeys = key.nelems;
	m->value_size = value_size;
	m->value = value;
	return m;
}

/* Adds an event; args ownership taken. Returns its id. */
static inline uint64_t fx_event(struct sg_bundle *b, enum sg_action act, const char *fmt,
				struct sg_value_desc args, uint32_t size)
{
	b->events = xrealloc(b->events, (b->nevents + 1) * sizeof(*b->events));
	struct sg_event *ev = &b->events[b->nevents];
	memset(ev, 0, sizeof(*ev));
	ev->action = act;
	ev->fmt = fmt ? xstrdup(fmt) : NULL;
	ev->args = args;
	ev->size = size;
	ev->map = -1;
	return b->nevents++;
}

/* A dump being built: entries appended with fx_add(). */
struct fx_dump {
	struct sg_mapdump d;
	size_t cap;
};

static inline void fx_dump_init(struct fx_dump *f, const struct sg_map *m, int ncpus)
{
	memset(f, 0, sizeof(*f));
	f->d.map = m;
	f->d.ncpus = ncpus;
	f->d.value_stride = ALIGN_UP(m->value_size, 8);
}

/* Appends one entry: key bytes and ncpus value slots (each value_size). */
static inline void fx_add(struct fx_dump *f, const void *key, const void *vals)
{
	const struct sg_map *m = f->d.map;
	if (f->d.n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->d.keys = xrealloc(f->d.keys, f->cap * m->key_size);
		f->d.values = xrealloc(f->d.values, f->cap * f->d.value_stride * (size_t)f->d.ncpus);
	}
	memcpy(f->d.keys + f->d.n * m->key_size, key, m->key_size);
	for (int c = 0; c < f->d.ncpus; c++) {
		uint8_t *dst = f->d.values + (f->d.n * (size_t)f->d.ncpus + (size_t)c) * f->d.value_stride;
		memset(dst, 0, f->d.value_stride);
		memcpy(dst, (const uint8_t *)vals + (size_t)c * m->value_size, m->value_size);
	}
	f->d.n++;
}

/* Runs output_map on a memstream and returns what it printed (caller frees). */
static inline char *fx_print_map(const struct sg_bundle *b, enum sg_format fmt,
				 const struct sg_mapdump *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sg_output *o = output_new(f, fmt, b);
	output_map(o, d);
	output_free(o);
	fclose(f);
	return buf;
}

/* Same for print(@m, top, div). */
static inline char *fx_print_top(const struct sg_bundle *b, enum sg_format fmt,
				 const struct sg_mapdump *d, size_t top, uint32_t div)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sg_output *o = output_new(f, fmt, b);
	CHECK_INT(output_map_top(o, d, top, div), 0);
	output_free(o);
	fclose(f);
	return buf;
}

/* Whether every line of s parses as JSON (python3's json module). Returns
 * -1 when python3 cannot be run, so callers can tell a skip from a failure. */
static inline int fx_json_valid(const char *s)
{
	char path[] = "/tmp/sg_json_XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	fputs(s, f);
	fclose(f);
	char cmd[256];
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import sys,json\n"
		 "for l in open(sys.argv[1], encoding=\"utf-8\"): json.loads(l)' %s 2>/dev/null",
		 path);
	int rc = system(cmd);
	unlink(path);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) == 127)
		return -1;
	return WEXITSTATUS(rc) == 0;
}

#endif
