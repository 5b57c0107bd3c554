/* JSON output of maps: one object per line, spaced exactly like bpftrace's
 * JsonOutput ("{"type": "map", "data": {"@c": {"a": 1, "b": 2}}}": objects
 * get ", " and ": ", arrays get bare ","):
 *   map    count/sum/min/max/plain values; scalar maps: {"@x": 5}
 *   stats  avg (just the average) and stats ({"count", "average", "total"})
 *   hist   hist/lhist: [{"min": 2, "max": 3, "count": 1},...]
 * Keys are the text key with its parentheses and every space removed
 * ("@t[1, a]" becomes "1,a"; newest bpftrace strips spaces inside string
 * keys too). An empty map prints nothing. */
#include <string.h>

#include "output/output_priv.h"

#define FLUSH_AT 65536

void json_key(struct strbuf *sb, const struct sg_bundle *b, const struct sg_map *m,
	      const uint8_t *key, struct strbuf *tmp)
{
	sb_reset(tmp);
	stack_key_begin();
	if (m->key.nelems == 1)
		text_value(tmp, b, &m->key.elems[0], key + m->key.offset);
	else
		text_value(tmp, b, &m->key, key);
	stack_key_end();
	const char *s = sb_str(tmp);
	size_t n = tmp->len;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		s++;
		n -= 2;
	}
	size_t w = 0; /* squeeze the spaces out in place */
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			tmp->buf[w++] = s[i];
	json_str(sb, tmp->buf ? tmp->buf : "", w);
}

static void json_div(struct strbuf *sb, const struct sg_map *m, uint64_t v, uint32_t div)
{
	if (agg_signed(m))
		json_i64(sb, div > 1 ? (int64_t)v / (int64_t)div : (int64_t)v);
	else
		json_u64(sb, div > 1 ? v / div : v);
}

static void json_row_value(struct sg_output *o, const struct mview *v, const struct mrow *r,
			   uint32_t div)
{
	const struct sg_map *m = v->m;
	struct strbuf *sb = &o->sb;
	struct hrows h;
	switch (m->agg) {
	case SG_AGG_NONE:
		if (m->value.kind == SG_V_INT && div > 1)
			json_div(sb, m, r->a, div);
		else
			json_value(sb, o->b, &m->value, r->val);
		break;
	case SG_AGG_AVG:
		json_div(sb, m, mrow_avg(m, r), div);
		break;
	case SG_AGG_STATS:
		sb_append(sb, "{\"count\": ");
		json_div(sb, m, r->b, 1);
		sb_append(sb, ", \"average\": ");
		json_div(sb, m, mrow_avg(m, r), div);
		sb_append(sb, ", \"total\": ");
		json_div(sb, m, r->a, 1);
		sb_appendc(sb, '}');
		break;
	case SG_AGG_HIST:
	case SG_AGG_LHIST:
		hist_rows(&h, v, r, div);
		hist_json(sb, m, &h);
		break;
	default:
		json_div(sb, m, r->a, div);
		break;
	}
}

static const char *json_type(const struct sg_map *m)
{
	switch (m->agg) {
	case SG_AGG_HIST:
	case SG_AGG_LHIST:
		return "hist";
	case SG_AGG_AVG:
	case SG_AGG_STATS:
		return "stats";
	default:
		return "map";
	}
}

void json_map(struct sg_output *o, const struct mview *v, const struct map_opts *mo)
{
	struct strbuf *sb = &o->sb;
	if (v->nrows == 0)
		return;
	sb_append(sb, "{\"type\": \"");
	sb_append(sb, json_type(v->m));
	sb_append(sb, "\", \"data\": {");
	json_str(sb, v->m->name, strlen(v->m->name));
	sb_append(sb, ": ");
	if (!v->m->nkeys) {
		json_row_value(o, v, &v->rows[0], mo->div);
	} else {
		sb_appendc(sb, '{');
		for (size_t i = 0; i < v->nrows; i++) {
			if (i)
				sb_append(sb, ", ");
			json_key(sb, o->b, v->m, v->rows[i].key, &o->tmp);
			sb_append(sb, ": ");
			json_row_value(o, v, &v->rows[i], mo->div);
			if (sb->len >= FLUSH_AT)
				out_flush_sb(o, sb);
		}
		sb_appendc(sb, '}');
	}
	sb_append(sb, "}}\n");
}
