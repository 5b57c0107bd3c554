/* A map dump turned into printable rows: per-CPU values merged by the
 * map's aggregation, histogram buckets grouped by key, and the rows sorted
 * the way bpftrace sorts them (format.cpp in the newest bpftrace):
 *   count/sum/plain integers: by value (signed when the value is signed);
 *   min/max: by the value compared as unsigned (newest bpftrace sorts with
 *     min_max_value<uint64_t>, so negative minimums sort last; 0.17 sorted
 *     them as signed);
 *   avg/stats: by the average;
 *   hist/lhist: by the total count, ties in key byte order (bpftrace
 *     gathers histograms in a std::map keyed by the key bytes);
 *   any other value (strings, tuples, ...): by key, integer fields as
 *     signed, string fields by their bytes, bools and pointers as numbers,
 *     arrays, structs and tuples by their parts in order.
 * bpftrace's std::sort keeps the kernel's iteration order for ties, which
 * changes from run to run (each hash map has its own random hash seed);
 * ties here sort by key as above, then keep the dump's order, so the same
 * data always prints the same way. One qsort per map. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output/output_priv.h"

/* Enum values order like the integers they are. */
static bool int_kind(enum sg_vkind k)
{
	return k == SG_V_INT || k == SG_V_ENUM;
}

bool agg_signed(const struct sg_map *m)
{
	switch (m->agg) {
	case SG_AGG_COUNT:
	case SG_AGG_HIST:
	case SG_AGG_LHIST:
		return false;
	case SG_AGG_NONE:
		return int_kind(m->value.kind) && m->value.is_signed;
	default:
		return m->value.is_signed;
	}
}

uint64_t mrow_avg(const struct sg_map *m, const struct mrow *r)
{
	if (r->b == 0)
		return 0;
	if (agg_signed(m)) {
		int64_t c = (int64_t)r->b;
		return c > 0 ? (uint64_t)((int64_t)r->a / c) : 0; /* truncates toward 0 */
	}
	return r->a / r->b;
}

static bool is_hist(const struct sg_map *m)
{
	return m->agg == SG_AGG_HIST || m->agg == SG_AGG_LHIST;
}

static const uint8_t *cpu_val(const struct sg_mapdump *d, size_t i, int cpu)
{
	return d->values + (i * (size_t)d->ncpus + (size_t)cpu) * d->value_stride;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint64_t sum_cpus(const struct sg_mapdump *d, size_t i, size_t off)
{
	uint64_t s = 0; /* unsigned wrap-around gives the signed sum too */
	for (int c = 0; c < d->ncpus; c++)
		s += rd64(cpu_val(d, i, c) + off);
	return s;
}

/* Merges the CPUs that saw a value; `as_signed` picks the comparison. */
static uint64_t minmax_cpus(const struct sg_mapdump *d, size_t i, bool is_max, bool as_signed)
{
	uint64_t best = 0;
	bool any = false;
	for (int c = 0; c < d->ncpus; c++) {
		struct sg_minmax mm;
		memcpy(&mm, cpu_val(d, i, c), sizeof(mm));
		if (!mm.set)
			continue;
		uint64_t v = (uint64_t)mm.value;
		bool better = as_signed ? (is_max ? (int64_t)v > (int64_t)best
						 : (int64_t)v < (int64_t)best)
					: (is_max ? v > best : v < best);
		if (!any || better)
			best = v;
		any = true;
	}
	return best; /* 0 when no CPU saw a value, as in bpftrace */
}

static size_t dump_key_size(const struct sg_mapdump *d)
{
	return d->key_size ? d->key_size : d->map->key_size;
}

static void merge_row(const struct sg_mapdump *d, size_t i, struct mrow *r)
{
	const struct sg_map *m = d->map;
	r->key = d->keys + i * dump_key_size(d);
	r->val = cpu_val(d, i, 0);
	r->idx = i;
	switch (m->agg) {
	case SG_AGG_NONE:
		r->a = int_kind(m->value.kind) ? val_int(&m->value, r->val + m->value.offset) : 0;
		break;
	case SG_AGG_COUNT:
	case SG_AGG_SUM:
		r->a = sum_cpus(d, i, 0);
		break;
	case SG_AGG_MIN:
	case SG_AGG_MAX:
		r->a = minmax_cpus(d, i, m->agg == SG_AGG_MAX, m->value.is_signed);
		r->b = minmax_cpus(d, i, m->agg == SG_AGG_MAX, false);
		break;
	case SG_AGG_AVG:
	case SG_AGG_STATS:
		r->a = sum_cpus(d, i, offsetof(struct sg_avg, total));
		r->b = sum_cpus(d, i, offsetof(struct sg_avg, count));
		break;
	default:
		break;
	}
}

static int cmp_u64(uint64_t a, uint64_t b, bool as_signed)
{
	if (as_signed)
		return (int64_t)a < (int64_t)b ? -1 : (int64_t)a > (int64_t)b;
	return a < b ? -1 : a > b;
}

static int cmp_idx(const struct mrow *x, const struct mrow *y)
{
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int cmp_field(const struct sg_value_desc *f, const uint8_t *a, const uint8_t *b);

/* Array elements, struct fields and tuple members, in order. */
static int cmp_parts(const struct sg_value_desc *f, const uint8_t *a, const uint8_t *b)
{
	int c = 0;
	if (f->kind == SG_V_ARRAY) {
		size_t step = f->elems[0].size;
		for (uint32_t i = 0; i < f->count && !c; i++)
			c = cmp_field(&f->elems[0], a + i * step, b + i * step);
		return c;
	}
	for (uint32_t i = 0; i < f->nelems && !c; i++)
		c = cmp_field(&f->elems[i], a, b);
	return c;
}

/* Integer key fields compare as signed whatever their type, as in bpftrace;
 * bools and pointers as the numbers they are; arrays, structs and tuples
 * by their parts. a and b: the enclosing key or value, f at f->offset. */
static int cmp_field(const struct sg_value_desc *f, const uint8_t *a, const uint8_t *b)
{
	a += f->offset;
	b += f->offset;
	if (int_kind(f->kind)) {
		struct sg_value_desc s = *f;
		s.is_signed = 1;
		return cmp_u64(val_int(&s, a), val_int(&s, b), true);
	}
	switch (f->kind) {
	case SG_V_BOOL:
	case SG_V_PTR: return cmp_u64(val_int(f, a), val_int(f, b), false);
	case SG_V_STR: return memcmp(a, b, f->size);
	case SG_V_ARRAY:
	case SG_V_RECORD:
	case SG_V_TUPLE: return cmp_parts(f, a, b);
	default: return 0; /* other field types keep their order */
	}
}

static int cmp_by_key(const struct sg_map *m, const struct mrow *x, const struct mrow *y)
{
	const struct sg_value_desc *flds = m->key.elems;
	uint32_t n = m->nkeys ? m->key.nelems : 0;
	const uint8_t *a = x->key + m->key.offset, *b = y->key + m->key.offset;
	for (uint32_t i = 0; i < n; i++) {
		int c = cmp_field(&flds[i], a, b);
		if (c)
			return c;
	}
	return 0;
}

static int cmp_rows(const void *pa, const void *pb, void *arg)
{
	const struct sg_map *m = arg;
	const struct mrow *x = pa, *y = pb;
	int c = 0;
	switch (m->agg) {
	case SG_AGG_NONE:
		c = int_kind(m->value.kind) ? cmp_u64(x->a, y->a, agg_signed(m))
					      : cmp_by_key(m, x, y);
		break;
	case SG_AGG_COUNT:
	case SG_AGG_SUM:
		c = cmp_u64(x->a, y->a, agg_signed(m));
		break;
	case SG_AGG_MIN:
	case SG_AGG_MAX:
		c = cmp_u64(x->b, y->b, false);
		break;
	case SG_AGG_AVG:
	case SG_AGG_STATS:
		c = cmp_u64(mrow_avg(m, x), mrow_avg(m, y), agg_signed(m));
		break;
	default:
		break;
	}
	if (!c && (m->agg != SG_AGG_NONE || int_kind(m->value.kind))) /* else done above */
		c = cmp_by_key(m, x, y);
	return c ? c : cmp_idx(x, y);
}

struct hctx {
	size_t ukey;
};

static int cmp_hent(const void *pa, const void *pb, void *arg)
{
	const struct hctx *h = arg;
	const struct hent *x = pa, *y = pb;
	int c = memcmp(x->key, y->key, h->ukey);
	return c ? c : (x->bucket > y->bucket) - (x->bucket < y->bucket);
}

static int cmp_hrows(const void *pa, const void *pb, void *arg)
{
	const struct hctx *h = arg;
	const struct mrow *x = pa, *y = pb;
	int c = cmp_u64(x->a, y->a, false);
	return c ? c : memcmp(x->key, y->key, h->ukey);
}

/* Histogram maps: one row per user key, over a run of bucket entries. */
static void build_hist(struct mview *v)
{
	const struct sg_mapdump *d = v->d;
	struct hctx h = {v->ukey_size};
	v->hent = xcalloc(d->n, sizeof(*v->hent));
	v->nhent = d->n;
	for (size_t i = 0; i < d->n; i++) {
		struct hent *e = &v->hent[i];
		e->key = d->keys + i * dump_key_size(d);
		e->bucket = rd64(e->key + v->ukey_size);
		e->count = sum_cpus(d, i, 0);
	}
	qsort_r(v->hent, v->nhent, sizeof(*v->hent), cmp_hent, &h);
	v->rows = xcalloc(d->n ? d->n : 1, sizeof(*v->rows));
	for (size_t i = 0; i < v->nhent; i++) {
		struct mrow *r = v->nrows ? &v->rows[v->nrows - 1] : NULL;
		if (!r || memcmp(r->key, v->hent[i].key, h.ukey) != 0) {
			r = &v->rows[v->nrows++];
			*r = (struct mrow){.key = v->hent[i].key, .idx = i, .run = i};
		}
		r->a += v->hent[i].count;
		r->b = i + 1;
	}
	qsort_r(v->rows, v->nrows, sizeof(*v->rows), cmp_hrows, &h);
}

static int check_dump(const struct sg_mapdump *d)
{
	if (!d || !d->map || d->ncpus < 1)
		return -EINVAL;
	const struct sg_map *m = d->map;
	size_t need = m->agg == SG_AGG_NONE ? m->value_size
		      : m->agg >= SG_AGG_MIN && m->agg <= SG_AGG_STATS ? 16 : 8;
	if (d->n && (!d->keys || !d->values || d->value_stride < need))
		return -EINVAL;
	if (is_hist(m) && dump_key_size(d) < 8)
		return -EINVAL;
	return 0;
}

int mview_build(struct mview *v, const struct sg_mapdump *d, size_t top)
{
	memset(v, 0, sizeof(*v));
	int err = check_dump(d);
	if (err)
		return err;
	v->d = d;
	v->m = d->map;
	v->ukey_size = is_hist(v->m) ? dump_key_size(d) - 8 : dump_key_size(d);
	if (is_hist(v->m)) {
		build_hist(v);
	} else {
		v->rows = xcalloc(d->n ? d->n : 1, sizeof(*v->rows));
		v->nrows = d->n;
		for (size_t i = 0; i < d->n; i++)
			merge_row(d, i, &v->rows[i]);
		qsort_r(v->rows, v->nrows, sizeof(*v->rows), cmp_rows, (void *)v->m);
	}
	if (top && v->nrows > top) { /* print(@m, top): the largest `top` */
		memmove(v->rows, v->rows + (v->nrows - top), top * sizeof(*v->rows));
		v->nrows = top;
	}
	return 0;
}

void mview_free(struct mview *v)
{
	if (!v)
		return;
	free(v->rows);
	free(v->hent);
	memset(v, 0, sizeof(*v));
}
