/* Output: printf formatting, map printing (text like bpftrace, or JSON lines),
 * histograms. Consumes bundle descriptions and raw bytes; never talks to the
 * kernel, so any backend can use it. */
#ifndef SG_OUTPUT_H
#define SG_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bundle/bundle.h"

enum sg_format {
	SG_FMT_TEXT,
	SG_FMT_JSON,
};

/* A snapshot of one map, as read from whatever backend ran the program. */
struct sg_mapdump {
	const struct sg_map *map;
	size_t n;              /* entries */
	uint8_t *keys;         /* n × key_size */
	size_t key_size;       /* 0: map->key_size; a bucket array's u32 index
				  is given as the u64 bucket a hash key ends in */
	uint8_t *values;       /* n × ncpus × value_stride */
	size_t value_stride;   /* per-CPU value slot size: value_size rounded up to 8 */
	int ncpus;             /* 1 unless map->type is a per-CPU map */
};
void sg_mapdump_free(struct sg_mapdump *d);

struct sg_output;

struct sg_output *output_new(FILE *out, enum sg_format fmt, const struct sg_bundle *b);
void output_free(struct sg_output *o); /* NULL-safe; does not close out */

/* One ringbuf record whose action is PRINTF, PRINT_VALUE or HELPER_ERROR. Returns -EINVAL
 * on a malformed record (shorter than the event says). */
int output_event(struct sg_output *o, const void *rec, size_t len);
/* Prints one map (for print(@m) and at exit). Empty maps print nothing
 * in text mode, like bpftrace. */
void output_map(struct sg_output *o, const struct sg_mapdump *d);
/* "Attached N probes" (text: stderr-style line written to `where`). */
void output_attached(struct sg_output *o, FILE *where, int nprobes);
void output_lost(struct sg_output *o, uint64_t n);
/* "map @m is full: N updates were dropped" (text: stderr; JSON: a record). */
/* declared: the map's size comes from `let @m = hash(N)`, not max_map_keys */
void output_map_full(struct sg_output *o, const char *map, uint64_t dropped, bool declared);
/* Formats a printf record into sb (shared with the text/JSON writers). */
struct strbuf;
int output_format_printf(const struct sg_output *o, const struct sg_event *ev,
			 const uint8_t *rec, size_t len, struct strbuf *sb);

/* Text a user-space action produced (time(), cat(), system(), join()):
 * written as is in text mode; JSON: {"type": TYPE, "data": "text"}. */
void output_message(struct sg_output *o, const char *type, const char *text, size_t n);
bool output_is_text(const struct sg_output *o);

/* print(@m, top, div): only the last `top` entries after sorting (0: all),
 * values divided by div (0 or 1: none). Returns -EINVAL on a dump that
 * does not match its map; output_map() is this with top = div = 0. */
int output_map_top(struct sg_output *o, const struct sg_mapdump *d, size_t top,
		   uint32_t div);
/* End of tracing, before the exit-time map printout: text mode writes the
 * two newlines bpftrace prints there (its Output::end()); JSON writes
 * nothing. The runtime then prints each non-empty map, in name order. */
void output_end(struct sg_output *o);
/* kstack/ustack values hold a stack id; the backend reads the frames:
 * up to max instruction pointers into ips, returns how many (<= 0: none).
 * One reader per process (NULL: stacks print empty). */
typedef int (*sg_stack_reader_fn)(void *ctx, uint32_t id, uint64_t *ips, int max);
void output_set_stack_reader(sg_stack_reader_fn fn, void *ctx);

/* Where text-mode "Lost N events" goes (default stderr, like bpftrace). */
void output_set_err(struct sg_output *o, FILE *err);

#endif
