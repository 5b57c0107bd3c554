/* Internal interface shared by the output module's files. Nothing outside
 * src/output includes this.
 *
 * Reference behaviour is bpftrace's newest text/JSON writers
 * (src/output/text.cpp, json.cpp, format.cpp, format_string.cpp); where
 * bpftrace 0.17 (the Debian package) differs, the comment at the spot says
 * so. */
#ifndef SG_OUTPUT_PRIV_H
#define SG_OUTPUT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/util.h"
#include "output/output.h"

/* ---- printf.c: bpftrace printf formats, parsed once ---- */

enum pf_flag {
	PF_LEFT = 1,  /* '-' */
	PF_PLUS = 2,  /* '+' */
	PF_SPACE = 4, /* ' ' (accepted, no effect: see printf.c) */
	PF_ALT = 8,   /* '#' */
	PF_ZERO = 16, /* '0' */
};

enum pf_conv { PF_D, PF_U, PF_O, PF_X, PF_XX, PF_C, PF_S, PF_P, PF_R, PF_RX, PF_RH };

/* One conversion and the literal text before it. */
struct pf_spec {
	uint32_t lit_off, lit_len; /* into pf_prog.lits */
	int32_t width;             /* 0: none */
	uint8_t flags;             /* enum pf_flag */
	uint8_t conv;              /* enum pf_conv */
	uint8_t bits;              /* integer cast from the length modifier: 8/16/32/64 */
};

struct pf_prog {
	char *lits; /* every literal run, "%%" already collapsed */
	struct pf_spec *specs;
	uint32_t nspecs;
	uint32_t tail_off, tail_len; /* literal text after the last conversion */
};

void pf_parse(const char *fmt, struct pf_prog *p);
void pf_free(struct pf_prog *p);
/* Formats the record's args (offsets from rec) into sb, appending; tmp is
 * scratch space kept by the caller so that formatting does not allocate.
 * The caller has checked that every arg lies within the record. */
void pf_format(const struct pf_prog *p, const struct sg_bundle *b,
	       const struct sg_value_desc *args, const uint8_t *rec, struct strbuf *sb,
	       struct strbuf *tmp);

/* ---- value.c: scalars and value descriptors, as text or JSON ---- */

/* Reads an integer of d->size bytes at p, sign- or zero-extended by d. */
uint64_t val_int(const struct sg_value_desc *d, const uint8_t *p);
/* Length of a STR value (up to the first NUL within d->size). */
size_t val_strlen(const struct sg_value_desc *d, const uint8_t *p);

void put_u64(struct strbuf *sb, uint64_t v);
void put_i64(struct strbuf *sb, int64_t v);
/* Integer as JSON: a number, or a quoted string when a double cannot hold
 * it exactly (bpftrace's JsonEmitter rule, per RFC 8259). */
void json_u64(struct strbuf *sb, uint64_t v);
void json_i64(struct strbuf *sb, int64_t v);
void json_str(struct strbuf *sb, const char *s, size_t n);

/* A value described by d, at base + d->offset. */
void text_value(struct strbuf *sb, const struct sg_bundle *b,
		const struct sg_value_desc *d, const uint8_t *base);
void json_value(struct strbuf *sb, const struct sg_bundle *b,
		const struct sg_value_desc *d, const uint8_t *base);
/* bpftrace's buf formatting: printable ASCII kept, others "\xNN". */
void text_buf(struct strbuf *sb, const uint8_t *p, size_t n, bool keep_ascii,
	      bool escape_hex);
/* special.c: TIMESTAMP, KSYM, INET and MAC values (at p) as text. */
void text_special(struct strbuf *sb, const struct sg_bundle *b, const struct sg_value_desc *d,
		  const uint8_t *p);
/* stack.c: kstack/ustack (at p) and usym() values as text; map keys print
 * stacks with a narrower indent, between stack_key_begin/end. */
void text_stack(struct strbuf *sb, const uint8_t *p);
void text_usym(struct strbuf *sb, const uint8_t *p);
/* The trailer a truncated string gets, or NULL when it is whole (value.c). */
const char *str_trailer(const struct sg_bundle *b, const struct sg_value_desc *d, size_t n);
/* cgroup_path(): "unified:/path" per hierarchy holding cgroup id, v2 first,
 * then v1 by name, joined by ','; filter: a wildcard on the hierarchy
 * names, or NULL (cgpath.c). */
void text_cgroup_path(struct strbuf *sb, uint64_t id, const char *filter);
void stack_key_begin(void);
void stack_key_end(void);
/* A BUF value: its payload and length, clamped to the descriptor. */
const uint8_t *val_buf(const struct sg_value_desc *d, const uint8_t *base, size_t *n);

/* ---- merge.c: a map dump merged across CPUs and sorted like bpftrace ---- */

struct mrow {
	const uint8_t *key; /* the entry's key; user key part for hist maps */
	const uint8_t *val; /* SG_AGG_NONE: CPU 0's value */
	size_t idx;         /* position in the dump, for stable ties */
	uint64_t a;         /* merged value; AVG/STATS: total; HIST: bucket total */
	uint64_t b;         /* AVG/STATS: count; MIN/MAX: sort key; HIST: run end */
	size_t run;         /* HIST: first entry of this key's run in mview.hent */
};

struct hent {             /* one histogram bucket entry */
	const uint8_t *key; /* full key: user part then the u64 bucket index */
	uint64_t bucket, count;
};

struct mview {
	const struct sg_mapdump *d;
	const struct sg_map *m;
	size_t ukey_size; /* user key bytes (hist maps drop the bucket) */
	struct mrow *rows;
	size_t nrows;
	struct hent *hent; /* HIST/LHIST: entries sorted by (key, bucket) */
	size_t nhent;
};

/* Merges and sorts; skips all but the last `top` rows when top > 0.
 * Returns -EINVAL when the dump does not match its map. */
int mview_build(struct mview *v, const struct sg_mapdump *d, size_t top);
void mview_free(struct mview *v);
bool agg_signed(const struct sg_map *m);
/* AVG/STATS average, like bpftrace: total / count in the value's signedness. */
uint64_t mrow_avg(const struct sg_map *m, const struct mrow *r);

/* ---- hist.c: histogram rows ---- */

struct hrows {
	uint64_t lo, hi;  /* first and last non-empty bucket; lo > hi: empty */
	uint64_t maxcnt;  /* largest count, for the bars */
	const struct hent *e, *end; /* this key's bucket entries, by bucket */
	uint32_t div;
};

void hist_rows(struct hrows *h, const struct mview *v, const struct mrow *r, uint32_t div);
void hist_text(struct strbuf *sb, const struct sg_map *m, const struct hrows *h);
void hist_json(struct strbuf *sb, const struct sg_map *m, const struct hrows *h);

/* ---- text.c / json.c: one map ---- */

struct map_opts {
	uint32_t div; /* print(@m, top, div); 1 normally */
};

void text_map(struct sg_output *o, const struct mview *v, const struct map_opts *mo);
void json_map(struct sg_output *o, const struct mview *v, const struct map_opts *mo);
/* "@name" or "@name[key]" as bpftrace prints it in front of a value. */
void text_key(struct strbuf *sb, const struct sg_bundle *b, const struct sg_map *m,
	      const uint8_t *key);
/* The key as a JSON object key (bpftrace drops the tuple parentheses and
 * every space). */
void json_key(struct strbuf *sb, const struct sg_bundle *b, const struct sg_map *m,
	      const uint8_t *key, struct strbuf *tmp);

/* ---- output.c ---- */

struct sg_output {
	FILE *out, *err;
	enum sg_format fmt;
	const struct sg_bundle *b;
	struct pf_prog *pf;   /* per event; PRINTF events only */
	uint32_t *ev_extent;  /* per event: bytes its args need from the record */
	struct strbuf sb;     /* what is about to be written; reused throughout */
	struct strbuf line;   /* a formatted printf, before JSON escaping */
	struct strbuf tmp;    /* scratch (JSON keys, non-string printf args) */
};

/* helper_err.c: a HELPER_ERROR record (-k), text to o->err, JSON into o->sb. */
void out_helper_error(struct sg_output *o, const struct sg_event *ev, const uint8_t *rec);

/* Writes sb to the output and empties it. */
void out_flush_sb(struct sg_output *o, struct strbuf *sb);

#endif
