/* Text output of maps, as bpftrace's TextOutput::map prints them:
 *   @x: 5                        scalar
 *   @c[bpftrace]: 1              keyed (multi-key: "@t[1, a]: 5")
 *   @s: { .count = 2, .average = -2, .total = -5 }     stats (newest;
 *       0.17 printed "@s: count 2, average -2, total -5" and a blank line)
 *   @h:                          histogram: header, rows, blank line
 *   [4, 8)                 1 |@@@...@|
 *
 * Keyed histograms repeat "@h[key]:" + rows + blank line per key. The
 * header has no trailing space in the newest bpftrace (0.17: "@h: "). */
#include <string.h>

#include "output/output_priv.h"

#define FLUSH_AT 65536 /* bytes buffered before a large map is written out */

void text_key(struct strbuf *sb, const struct sg_bundle *b, const struct sg_map *m,
	      const uint8_t *key)
{
	sb_append(sb, m->name);
	if (!m->nkeys)
		return;
	sb_appendc(sb, '[');
	size_t mark = sb->len;
	stack_key_begin();
	if (m->key.nelems == 1)
		text_value(sb, b, &m->key.elems[0], key + m->key.offset);
	else
		text_value(sb, b, &m->key, key);
	stack_key_end();
	/* bpftrace prints the key, then drops one pair of parentheses around
	 * it (so a tuple key reads "1, a"; a string "(x)" reads "x" too). */
	size_t n = sb->len - mark;
	if (n >= 2 && sb->buf[mark] == '(' && sb->buf[sb->len - 1] == ')') {
		memmove(sb->buf + mark, sb->buf + mark + 1, n - 2);
		sb->len -= 2;
		sb->buf[sb->len] = 0;
	}
	sb_appendc(sb, ']');
}

/* An integer in the map's signedness, divided like print(@m, top, div). */
static void put_div(struct strbuf *sb, const struct sg_map *m, uint64_t v, uint32_t div)
{
	if (agg_signed(m))
		put_i64(sb, div > 1 ? (int64_t)v / (int64_t)div : (int64_t)v);
	else
		put_u64(sb, div > 1 ? v / div : v);
}

static void text_stats(struct strbuf *sb, const struct sg_map *m, const struct mrow *r,
		       uint32_t div)
{
	sb_append(sb, "{ .count = ");
	put_div(sb, m, r->b, 1);
	sb_append(sb, ", .average = ");
	put_div(sb, m, mrow_avg(m, r), div);
	sb_append(sb, ", .total = ");
	put_div(sb, m, r->a, 1);
	sb_append(sb, " }");
}

static void text_row_value(struct strbuf *sb, const struct sg_bundle *b, const struct sg_map *m,
			   const struct mrow *r, uint32_t div)
{
	switch (m->agg) {
	case SG_AGG_NONE:
		if (m->value.kind == SG_V_INT && div > 1)
			put_div(sb, m, r->a, div);
		else
			text_value(sb, b, &m->value, r->val);
		break;
	case SG_AGG_AVG:
		put_div(sb, m, mrow_avg(m, r), div);
		break;
	case SG_AGG_STATS:
		text_stats(sb, m, r, div);
		break;
	default: /* count, sum, min, max */
		put_div(sb, m, r->a, div);
		break;
	}
}

static void text_hists(struct sg_output *o, const struct mview *v, uint32_t div)
{
	for (size_t i = 0; i < v->nrows; i++) {
		struct hrows h;
		text_key(&o->sb, o->b, v->m, v->rows[i].key);
		sb_append(&o->sb, ":\n");
		hist_rows(&h, v, &v->rows[i], div);
		hist_text(&o->sb, v->m, &h);
		sb_appendc(&o->sb, '\n');
		if (o->sb.len >= FLUSH_AT)
			out_flush_sb(o, &o->sb);
	}
}

void text_map(struct sg_output *o, const struct mview *v, const struct map_opts *mo)
{
	if (v->m->agg == SG_AGG_HIST || v->m->agg == SG_AGG_LHIST) {
		text_hists(o, v, mo->div);
		return;
	}
	for (size_t i = 0; i < v->nrows; i++) {
		text_key(&o->sb, o->b, v->m, v->rows[i].key);
		sb_appendn(&o->sb, ": ", 2);
		text_row_value(&o->sb, o->b, v->m, &v->rows[i], mo->div);
		sb_appendc(&o->sb, '\n');
		if (o->sb.len >= FLUSH_AT)
			out_flush_sb(o, &o->sb);
	}
}
