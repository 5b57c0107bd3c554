/* The output object: parses every printf format once, then turns ringbuf
 * records and map dumps into bpftrace's text or JSON lines. Writes go to
 * the FILE in one fwrite per event or map; flushing is the caller's (the
 * runtime flushes after each batch of records). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output/output_priv.h"

void sg_mapdump_free(struct sg_mapdump *d)
{
	if (!d)
		return;
	free(d->keys);
	free(d->values);
	memset(d, 0, sizeof(*d));
}

/* Bytes of the record an event's arguments reach: shorter records are
 * malformed. Tuple elements lie within their tuple's size. */
static uint32_t args_extent(const struct sg_event *ev)
{
	uint64_t end = sizeof(uint64_t);
	for (uint32_t i = 0; i < ev->args.nelems; i++) {
		const struct sg_value_desc *d = &ev->args.elems[i];
		end = MAX(end, (uint64_t)d->offset + d->size);
	}
	end = MAX(end, (uint64_t)ev->size);
	return end > UINT32_MAX ? UINT32_MAX : (uint32_t)end;
}

/* Events whose fmt is a printf format over their args. */
static bool has_printf_fmt(enum sg_action a)
{
	return a == SG_ACT_PRINTF || a == SG_ACT_CAT || a == SG_ACT_SYSTEM;
}

struct sg_output *output_new(FILE *out, enum sg_format fmt, const struct sg_bundle *b)
{
	struct sg_output *o = xcalloc(1, sizeof(*o));
	o->out = out;
	o->err = stderr;
	o->fmt = fmt;
	o->b = b;
	size_t nev = b ? b->nevents : 0;
	o->pf = xcalloc(nev ? nev : 1, sizeof(*o->pf));
	o->ev_extent = xcalloc(nev ? nev : 1, sizeof(*o->ev_extent));
	for (size_t i = 0; i < nev; i++) {
		if (has_printf_fmt(b->events[i].action))
			pf_parse(b->events[i].fmt, &o->pf[i]);
		o->ev_extent[i] = args_extent(&b->events[i]);
	}
	return o;
}

void output_free(struct sg_output *o)
{
	if (!o)
		return;
	size_t nev = o->b ? o->b->nevents : 0;
	for (size_t i = 0; i < nev; i++)
		pf_free(&o->pf[i]);
	free(o->pf);
	free(o->ev_extent);
	sb_free(&o->sb);
	sb_free(&o->line);
	sb_free(&o->tmp);
	free(o);
}

void output_set_err(struct sg_output *o, FILE *err)
{
	if (o && err)
		o->err = err;
}

void out_flush_sb(struct sg_output *o, struct strbuf *sb)
{
	if (sb->len && o->out)
		fwrite_unlocked(sb->buf, 1, sb->len, o->out);
	sb_reset(sb);
}

/* The event a record belongs to, or NULL when the record is malformed. */
static const struct sg_event *record_event(const struct sg_output *o, const void *rec,
					   size_t len, size_t *id_out)
{
	uint64_t id;
	if (!o || !o->b || !rec || len < sizeof(id))
		return NULL;
	memcpy(&id, rec, sizeof(id));
	if (id >= o->b->nevents || len < o->ev_extent[id])
		return NULL;
	*id_out = (size_t)id;
	return &o->b->events[id];
}

int output_format_printf(const struct sg_output *o, const struct sg_event *ev,
			 const uint8_t *rec, size_t len, struct strbuf *sb)
{
	if (!o || !o->b || !ev || !rec || !sb || !has_printf_fmt(ev->action))
		return -EINVAL;
	uintptr_t base = (uintptr_t)o->b->events, at = (uintptr_t)ev;
	size_t id = (size_t)(at - base) / sizeof(*ev);
	if (at < base || id >= o->b->nevents || len < o->ev_extent[id])
		return -EINVAL;
	struct strbuf tmp = {0}; /* not the hot path: output_event uses its own */
	pf_format(&o->pf[id], o->b, &ev->args, rec, sb, &tmp);
	sb_free(&tmp);
	return 0;
}

static void emit_printf(struct sg_output *o, size_t id, const uint8_t *rec)
{
	const struct sg_event *ev = &o->b->events[id];
	if (o->fmt == SG_FMT_TEXT) {
		pf_format(&o->pf[id], o->b, &ev->args, rec, &o->sb, &o->tmp);
		return;
	}
	sb_reset(&o->line);
	pf_format(&o->pf[id], o->b, &ev->args, rec, &o->line, &o->tmp);
	sb_append(&o->sb, "{\"type\": \"printf\", \"data\": ");
	json_str(&o->sb, sb_str(&o->line), o->line.len);
	sb_append(&o->sb, "}\n");
}

/* print(expr): the value alone on a line (JSON: a "value" object). */
static void emit_value(struct sg_output *o, const struct sg_value_desc *d, const uint8_t *rec)
{
	if (o->fmt == SG_FMT_TEXT) {
		text_value(&o->sb, o->b, d, rec);
		sb_appendc(&o->sb, '\n');
		return;
	}
	sb_append(&o->sb, "{\"type\": \"value\", \"data\": ");
	json_value(&o->sb, o->b, d, rec);
	sb_append(&o->sb, "}\n");
}

int output_event(struct sg_output *o, const void *rec, size_t len)
{
	size_t id;
	const struct sg_event *ev = record_event(o, rec, len, &id);
	if (!ev)
		return -EINVAL;
	sb_reset(&o->sb);
	switch (ev->action) {
	case SG_ACT_PRINTF:
		emit_printf(o, id, rec);
		break;
	case SG_ACT_PRINT_VALUE:
		if (ev->args.nelems == 0)
			return -EINVAL;
		emit_value(o, &ev->args.elems[0], rec);
		break;
	case SG_ACT_HELPER_ERROR:
		out_helper_error(o, ev, rec);
		break;
	default:
		return -EINVAL; /* map and exit actions are the runtime's */
	}
	out_flush_sb(o, &o->sb);
	return 0;
}

int output_map_top(struct sg_output *o, const struct sg_mapdump *d, size_t top, uint32_t div)
{
	if (!o)
		return -EINVAL;
	struct mview v;
	int err = mview_build(&v, d, top);
	if (err)
		return err;
	struct map_opts mo = {.div = div ? div : 1};
	sb_reset(&o->sb);
	if (o->fmt == SG_FMT_TEXT)
		text_map(o, &v, &mo);
	else
		json_map(o, &v, &mo);
	out_flush_sb(o, &o->sb);
	mview_free(&v);
	return 0;
}

void output_map(struct sg_output *o, const struct sg_mapdump *d)
{
	output_map_top(o, d, 0, 0);
}

/* Newest bpftrace: text "Attached N probe(s)" on stderr (0.17 printed
 * "Attaching N probes..." on stdout); JSON on the output, with both the
 * "count" and "data" forms bpftrace emits. */
void output_attached(struct sg_output *o, FILE *where, int nprobes)
{
	if (!o)
		return;
	if (o->fmt == SG_FMT_TEXT) {
		FILE *f = where ? where : o->err;
		fprintf(f, "Attached %d probe%s\n", nprobes, nprobes == 1 ? "" : "s");
		return;
	}
	if (o->out)
		fprintf(o->out, "{\"type\": \"attached_probes\", \"count\": %d, "
				"\"data\": {\"probes\": %d}}\n", nprobes, nprobes);
}

/* Newest bpftrace: text on stderr (0.17: stdout); JSON on the output. */
void output_lost(struct sg_output *o, uint64_t n)
{
	if (!o)
		return;
	unsigned long long v = (unsigned long long)n;
	if (o->fmt == SG_FMT_TEXT)
		fprintf(o->err, "Lost %llu events\n", v);
	else if (o->out)
		fprintf(o->out, "{\"type\": \"lost_events\", \"count\": %llu, "
				"\"data\": {\"events\": %llu}}\n", v, v);
}

/* A map that filled up: a warning on stderr in text (with the other
 * warnings); in JSON a record on the output, like lost_events, so that a
 * consumer of the stream knows the map's contents are incomplete. */
void output_map_full(struct sg_output *o, const char *map, uint64_t dropped, bool declared)
{
	if (!o)
		return;
	unsigned long long n = (unsigned long long)dropped;
	if (o->fmt == SG_FMT_TEXT) {
		fprintf(o->err, "Warning: map %s is full: %llu updates were dropped "
			"(%s)\n", map, n, declared ? "max entries of its declaration"
						     : "config max_map_keys");
		return;
	}
	sb_reset(&o->sb);
	sb_append(&o->sb, "{\"type\": \"map_full\", \"data\": {\"map\": ");
	json_str(&o->sb, map, strlen(map));
	sb_printf(&o->sb, ", \"dropped\": %llu}}\n", n);
	out_flush_sb(o, &o->sb);
}

void output_end(struct sg_output *o)
{
	if (o && o->out && o->fmt == SG_FMT_TEXT)
		fputs("\n\n", o->out);
}
