/* Reading maps into sg_mapdump snapshots (per-CPU aware), clearing and
 * zeroing them, and printing the script's maps at exit. */
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/rt.h"

static bool map_is_percpu(const struct sg_map *m)
{
	return m->type == SG_MAP_PERCPU_HASH || m->type == SG_MAP_PERCPU_ARRAY ||
	       m->type == SG_MAP_LRU_PERCPU_HASH;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Bytes of one lookup: per-CPU maps return one 8-byte-aligned slot per
 * possible CPU. */
static size_t value_bytes(const struct rt *rt, const struct sg_map *m)
{
	return map_is_percpu(m) ? ALIGN_UP(m->value_size, 8) * (size_t)rt->ncpus : m->value_size;
}

/* Every key currently in map mi (array maps: every index). */
static size_t map_keys(struct rt *rt, int mi, uint8_t **out)
{
	const struct sg_map *m = &rt->b->maps[mi];
	int fd = rt->map_fds[mi];
	size_t ks = m->key_size, n = 0, cap = 0;
	uint8_t *keys = NULL;
	if (sg_map_is_array(m)) {
		keys = xmalloc((size_t)m->max_entries * ks);
		for (uint32_t i = 0; i < m->max_entries; i++)
			memcpy(keys + (size_t)i * ks, &i, MIN(ks, sizeof(i)));
		*out = keys;
		return m->max_entries;
	}
	/* Capped at max_entries: concurrent deletes can restart the walk. */
	while (n < m->max_entries) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			keys = xrealloc(keys, cap * ks);
		}
		if (bpf_map_get_next_key(fd, n ? keys + (n - 1) * ks : NULL, keys + n * ks))
			break;
		n++;
	}
	*out = keys;
	return n;
}

/* Reads hash maps in batches: one syscall per `chunk` entries instead of
 * two per key, which dominates printing large maps at exit. Returns -errno
 * when the kernel cannot batch this map, so the caller walks it key by key. */
static int dump_batched(struct rt *rt, int mi, struct sg_mapdump *d, size_t vsz)
{
	const struct sg_map *m = &rt->b->maps[mi];
	uint64_t token[8] = {0}; /* opaque cursor: a u32 bucket index for hash maps */
	size_t cap = MIN((size_t)m->max_entries, 4096), ks = m->key_size;
	bool first = true;
	d->keys = xmalloc(cap * ks);
	d->values = xmalloc(cap * vsz);
	for (;;) {
		if (d->n + 256 > cap) {
			cap *= 2;
			d->keys = xrealloc(d->keys, cap * ks);
			d->values = xrealloc(d->values, cap * vsz);
		}
		__u32 count = (__u32)(cap - d->n);
		int err = bpf_map_lookup_batch(rt->map_fds[mi], first ? NULL : token, token,
					       d->keys + d->n * ks, d->values + d->n * vsz, &count, NULL);
		err = err ? -errno : 0;
		d->n += count;
		if (err == -ENOENT)
			return 0; /* walked the whole map */
		if (err == -ENOSPC && count == 0) {
			cap *= 2; /* one bucket holds more entries than fit */
			d->keys = xrealloc(d->keys, cap * ks);
			d->values = xrealloc(d->values, cap * vsz);
			continue;
		}
		if (err)
			return first && !d->n ? err : 0;
		first = false;
	}
}

int rt_map_dump(struct rt *rt, int mi, struct sg_mapdump *d)
{
	const struct sg_map *m = &rt->b->maps[mi];
	memset(d, 0, sizeof(*d));
	d->map = m;
	d->ncpus = map_is_percpu(m) ? rt->ncpus : 1;
	d->value_stride = ALIGN_UP(m->value_size, 8);
	size_t vsz = d->value_stride * (size_t)d->ncpus;
	if (!sg_map_is_array(m) && m->max_entries > 1 && dump_batched(rt, mi, d, vsz) == 0)
		return 0;
	free(d->keys);
	free(d->values);
	d->n = 0;
	uint8_t *keys;
	size_t nkeys = map_keys(rt, mi, &keys);
	bool buckets = sg_map_bucket_array(m);
	d->key_size = buckets ? 8 : m->key_size;
	d->keys = xcalloc(nkeys ? nkeys : 1, d->key_size);
	d->values = xcalloc(nkeys ? nkeys : 1, vsz);
	for (size_t i = 0; i < nkeys; i++) {
		const uint8_t *k = keys + i * m->key_size;
		uint8_t *v = d->values + d->n * vsz;
		/* An entry deleted since the walk is simply skipped. */
		if (bpf_map_lookup_elem(rt->map_fds[mi], k, v))
			continue;
		if (buckets && all_zero(v, vsz) && rt->emptied[mi] != MAP_ZEROED)
			continue; /* a bucket nothing fell into (zero(@h) keeps them, as a hash would) */
		if (buckets)
			memcpy(d->keys + d->n * 8, &(uint64_t){i}, 8);
		else
			memcpy(d->keys + d->n * m->key_size, k, m->key_size);
		d->n++;
	}
	free(keys);
	return 0;
}

int rt_map_clear(struct rt *rt, int mi)
{
	const struct sg_map *m = &rt->b->maps[mi];
	if (sg_map_is_array(m)) {
		int err = rt_map_zero(rt, mi); /* array elements cannot be deleted */
		rt->emptied[mi] = MAP_CLEARED; /* gone, as a hash map's entries would be */
		return err;
	}
	uint8_t *keys;
	size_t n = map_keys(rt, mi, &keys);
	for (size_t i = 0; i < n; i++)
		bpf_map_delete_elem(rt->map_fds[mi], keys + i * m->key_size);
	free(keys);
	return 0;
}

int rt_map_zero(struct rt *rt, int mi)
{
	const struct sg_map *m = &rt->b->maps[mi];
	rt->emptied[mi] = MAP_ZEROED;
	uint8_t *keys;
	size_t n = map_keys(rt, mi, &keys);
	void *zero = xcalloc(1, value_bytes(rt, m));
	for (size_t i = 0; i < n; i++)
		bpf_map_update_elem(rt->map_fds[mi], keys + i * m->key_size, zero,
				    sg_map_is_array(m) ? BPF_ANY : BPF_EXIST);
	free(zero);
	free(keys);
	return 0;
}

void rt_map_print_top(struct rt *rt, int mi, uint32_t top, uint32_t div)
{
	struct sg_mapdump d;
	if (rt->out_broken || mi < 0 || (size_t)mi >= rt->b->nmaps)
		return;
	rt_map_dump(rt, mi, &d);
	output_map_top(rt->out, &d, top, div);
	sg_mapdump_free(&d);
}

void rt_map_print(struct rt *rt, int mi)
{
	rt_map_print_top(rt, mi, 0, 0);
}

static int cmp_map_name(const void *a, const void *b)
{
	const struct sg_map *x = *(const struct sg_map *const *)a;
	const struct sg_map *y = *(const struct sg_map *const *)b;
	return strcmp(x->name, y->name);
}

/* The script's maps (not internal '.' ones), in order of name. */
static size_t script_maps(const struct sg_bundle *b, const struct sg_map ***out)
{
	const struct sg_map **v = xmalloc((b->nmaps ? b->nmaps : 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < b->nmaps; i++)
		if (b->maps[i].name[0] != '.' && b->maps[i].type != SG_MAP_RINGBUF)
			v[n++] = &b->maps[i];
	qsort(v, n, sizeof(*v), cmp_map_name);
	*out = v;
	return n;
}

static bool dump_all_zero(const struct sg_mapdump *d)
{
	return all_zero(d->values, d->n * d->value_stride * (size_t)d->ncpus);
}

int rt_print_maps(struct rt *rt)
{
	const struct sg_map **maps;
	size_t n = script_maps(rt->b, &maps);
	int err = 0;
	for (size_t i = 0; i < n && !err; i++) {
		struct sg_mapdump d;
		if (rt_interrupted(rt) || rt->out_broken) {
			err = -EINTR; /* a second Ctrl-C: stop printing */
			break;
		}
		int mi = (int)(maps[i] - rt->b->maps);
		rt_map_dump(rt, mi, &d);
		/* clear() of a keyless map (an array) hides it until written again,
		 * as `END { clear(@x); }` means; PR 3578 of bpftrace */
		if (d.n > 0 && !(rt->emptied[mi] == MAP_CLEARED && dump_all_zero(&d)))
			output_map(rt->out, &d);
		sg_mapdump_free(&d);
		if (!rt_flush(rt))
			err = -EPIPE;
	}
	free(maps);
	return err;
}

uint64_t rt_lost_events(struct rt *rt)
{
	int mi = rt->b->lost_map;
	if (mi < 0)
		return 0;
	uint32_t key = 0;
	size_t slots = map_is_percpu(&rt->b->maps[mi]) ? (size_t)rt->ncpus : 1;
	uint64_t *v = xcalloc(slots, sizeof(uint64_t));
	uint64_t sum = 0;
	if (bpf_map_lookup_elem(rt->map_fds[mi], &key, v) == 0)
		for (size_t i = 0; i < slots; i++)
			sum += v[i];
	free(v);
	return sum;
}
