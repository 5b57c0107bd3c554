/* Histogram rows, as bpftrace's build_histogram / build_linear_histogram
 * and its text and JSON emitters lay them out.
 *
 * hist() buckets (k = 0): index 0 holds negative values, 1 the value 0,
 * 2 the value 1, and k >= 3 the values [2^(k-2), 2^(k-1)). Each bucket's
 * label is its exclusive upper bound: 0, 1, 2, then 4, 8, ... written with
 * K/M/G/T/P/E for powers of 1024 ("1K", "2M"). A row prints the previous
 * label and its own: "(..., 0)", "[0]", "[1]", "[2, 4)", "[512, 1K)"; two
 * plain integer labels one apart make a single value "[n]".
 * lhist(v, min, max, step): index 0 is below min, i >= 1 covers
 * [min+(i-1)*step, min+i*step), and the first index whose bound passes max
 * is "[bound, ...)". Labels get K/M suffixes only when step is a multiple
 * of 1024. With step 1 the newest bpftrace prints "[3]" where 0.17 printed
 * "[3, 4)" (adjacent integer labels); that newest form is used here. */
#include <string.h>

#include "output/output_priv.h"

#define HIST_MAX_BUCKET 65 /* 1 + 64 powers of two after the value 0 */
#define LHIST_MAX_BUCKET 1001 /* bpftrace's collect_histogram_data: 1002 slots */
#define BAR_WIDTH 52

struct hlab {
	bool sym;     /* K/M-style label: never a "[n]" single value */
	bool big;     /* hist() bound >= 2^63: num holds it as a u64 (2^64 wraps to 0) */
	int64_t num;  /* its value */
	char text[32];
};

/* bpftrace's hist_index_label: with n = 2^k sub-buckets, index b's bound
 * is 2^power * (n + (b & (n - 1))), power = (b >> k) - 1, written with
 * K/M/... for the largest power of 1024 in 2^power; indexes up to 2^(k+1)
 * are plain integers (one value per bucket). */
static void hist_label(uint64_t b, uint32_t k, struct hlab *l)
{
	memset(l, 0, sizeof(*l));
	if (b <= (2u << k)) {
		l->num = (int64_t)b;
		snprintf(l->text, sizeof(l->text), "%d", (int)b);
		return;
	}
	uint64_t n = 1u << k, mult = n + (b & (n - 1));
	unsigned power = (unsigned)(b >> k) - 1, decade = power / 10;
	uint64_t val = power + k >= 64 ? 0 : (1ULL << power) * mult; /* 2^64 wraps */
	l->sym = true;
	l->big = power + k >= 63;
	l->num = (int64_t)val;
	snprintf(l->text, sizeof(l->text), "%llu%.1s",
		 (unsigned long long)((1ULL << (power - 10 * decade)) * mult),
		 &"\0KMGTPE"[decade]);
}

static bool lhist_label(const struct sg_map *m, uint64_t b, struct hlab *l)
{
	memset(l, 0, sizeof(*l));
	int64_t x;
	if (b > INT64_MAX || __builtin_mul_overflow((int64_t)b, m->lhist_step, &x) ||
	    __builtin_add_overflow(x, m->lhist_min, &x) || x > m->lhist_max)
		return false; /* the overflow bucket has no upper bound */
	l->num = x;
	const int64_t kilo = 1024, mega = 1024 * 1024;
	if (m->lhist_step % kilo != 0 || x == 0) {
		l->sym = m->lhist_step % kilo == 0;
		snprintf(l->text, sizeof(l->text), "%lld", (long long)x);
	} else {
		l->sym = true;
		bool meg = x % mega == 0;
		snprintf(l->text, sizeof(l->text), "%lld%c",
			 (long long)(meg ? x / mega : x % kilo == 0 ? x / kilo : x),
			 meg ? 'M' : x % kilo == 0 ? 'K' : '\0');
	}
	return true;
}

static bool label(const struct sg_map *m, uint64_t b, struct hlab *l)
{
	if (m->agg == SG_AGG_LHIST)
		return lhist_label(m, b, l);
	hist_label(b, m->hist_bits, l);
	return true;
}

static bool valid_bucket(const struct sg_map *m, uint64_t b)
{
	if (m->agg == SG_AGG_HIST) /* the largest is 2^64's: 2^k * (65 - k) */
		return m->hist_bits <= 5 && b <= (HIST_MAX_BUCKET - m->hist_bits) << m->hist_bits;
	if (m->lhist_step <= 0 || m->lhist_max < m->lhist_min)
		return false;
	/* 0 below min, 1..n within, n + 1 at or above max (n = (max-min)/step).
	 * bpftrace keeps LHIST_MAX_BUCKET + 1 slots and rejects larger indexes,
	 * which also bounds the rows a corrupt dump could make us print. */
	uint64_t n = ((uint64_t)m->lhist_max - (uint64_t)m->lhist_min) / (uint64_t)m->lhist_step;
	return b <= n + 1 && b <= LHIST_MAX_BUCKET;
}

void hist_rows(struct hrows *h, const struct mview *v, const struct mrow *r, uint32_t div)
{
	memset(h, 0, sizeof(*h));
	h->e = v->hent + r->run;
	h->end = v->hent + r->b;
	h->lo = 1;
	/* div scales hist() counts only: bpftrace ignores it for lhist */
	h->div = v->m->agg == SG_AGG_HIST && div > 1 ? div : 1;
	bool any = false;
	for (const struct hent *e = h->e; e < h->end; e++) {
		if (!e->count || !valid_bucket(v->m, e->bucket))
			continue;
		if (!any)
			h->lo = e->bucket; /* entries are sorted by bucket */
		h->hi = e->bucket;
		h->maxcnt = MAX(h->maxcnt, e->count / h->div);
		any = true;
	}
}

/* The bucket's count (after div), advancing *e through the sorted run. */
static uint64_t count_at(const struct hrows *h, const struct hent **e, uint64_t b)
{
	while (*e < h->end && (*e)->bucket < b)
		(*e)++;
	return *e < h->end && (*e)->bucket == b ? (*e)->count / h->div : 0;
}

static void row_label(char *out, size_t n, const struct sg_map *m, uint64_t b)
{
	struct hlab prev, cur;
	bool has_cur = label(m, b, &cur);
	if (b == 0) {
		snprintf(out, n, "(..., %s)", cur.text);
		return;
	}
	label(m, b - 1, &prev); /* always exists below the overflow bucket */
	if (!has_cur)
		snprintf(out, n, "[%s, ...)", prev.text);
	else if (!prev.sym && !cur.sym && prev.num + 1 == cur.num)
		snprintf(out, n, "[%s]", prev.text);
	else
		snprintf(out, n, "[%s, %s)", prev.text, cur.text);
}

/* bpftrace computes the bar in float: (count / (float)max) * 52. */
static int bar_width(uint64_t count, uint64_t max)
{
	if (max == 0)
		return 0;
	float f = (float)count / (float)max;
	f = f * (float)BAR_WIDTH;
	int w = (int)f;
	return w < 0 ? 0 : w > BAR_WIDTH ? BAR_WIDTH : w;
}

/* One row: label left-justified to 16, count right-justified to 8, then
 * " |", the bar padded to 52 and "|". */
static void text_row(struct strbuf *sb, const char *lab, uint64_t count, uint64_t max)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "%-16s%8llu |", lab, (unsigned long long)count);
	if (n < 0 || (size_t)n >= sizeof(line) - BAR_WIDTH - 3)
		n = 0;
	int w = bar_width(count, max);
	memset(line + n, '@', (size_t)w);
	memset(line + n + w, ' ', (size_t)(BAR_WIDTH - w));
	n += BAR_WIDTH;
	line[n++] = '|';
	line[n++] = '\n';
	sb_appendn(sb, line, (size_t)n);
}

void hist_text(struct strbuf *sb, const struct sg_map *m, const struct hrows *h)
{
	const struct hent *e = h->e;
	for (uint64_t b = h->lo; b <= h->hi; b++) {
		char lab[80];
		row_label(lab, sizeof(lab), m, b);
		text_row(sb, lab, count_at(h, &e, b), h->maxcnt);
	}
}

/* A bound as a JSON number. The newest bpftrace stores lhist's K/M labels
 * as unsigned, so a negative one comes out as 2^64 - x; the signed value
 * is printed here. */
static void label_json(struct strbuf *sb, const struct hlab *l, bool minus_one)
{
	if (l->big) { /* 2^64 wrapped to 0: its "max" is the largest u64 */
		json_u64(sb, (uint64_t)l->num - (minus_one ? 1 : 0));
	} else if (minus_one && l->num == INT64_MIN) { /* lhist from INT64_MIN */
		sb_append(sb, "\"-9223372036854775809\""); /* quoted: no double holds it */
	} else {
		json_i64(sb, minus_one ? l->num - 1 : l->num);
	}
}

/* bpftrace's JSON gives closed intervals: "min" is the previous label,
 * "max" this label minus one; the first and last buckets lack one. */
void hist_json(struct strbuf *sb, const struct sg_map *m, const struct hrows *h)
{
	const struct hent *e = h->e;
	sb_appendc(sb, '[');
	for (uint64_t b = h->lo; b <= h->hi; b++) {
		struct hlab prev, cur;
		if (b != h->lo)
			sb_appendc(sb, ',');
		sb_appendc(sb, '{');
		if (b > 0 && label(m, b - 1, &prev)) {
			sb_append(sb, "\"min\": ");
			label_json(sb, &prev, false);
			sb_append(sb, ", ");
		}
		if (label(m, b, &cur)) {
			sb_append(sb, "\"max\": ");
			label_json(sb, &cur, true);
			sb_append(sb, ", ");
		}
		sb_append(sb, "\"count\": ");
		put_u64(sb, count_at(h, &e, b));
		sb_appendc(sb, '}');
	}
	sb_appendc(sb, ']');
}
