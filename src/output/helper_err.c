/* -k / -kk reports of failing helpers (HELPER_ERROR records: u64 helper id
 * at 8, s64 result at 16; the event's loc is the call). As bpftrace prints
 * them:
 *   stdin:1:55-64: WARNING: Failed to probe_read_kernel_str: Bad address (-14)
 *   <the source line>
 *   <spaces>~~~~~~~~~
 * Text goes to the error stream (newest bpftrace logs warnings to stderr;
 * 0.17 wrote them to stdout); JSON is bpftrace's record on the output:
 *   {"type": "helper_error", "msg": "Bad address", "helper": "probe_read_str",
 *    "retcode": -14, "filename": "stdin", "line": 1, "col": 55} */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/disasm.h"
#include "output/output_priv.h"

static int64_t rd_i64(const uint8_t *p)
{
	int64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* The loc's source line and a '~' under the location. */
static void text_source(struct strbuf *sb, const struct source *src, struct srcloc loc)
{
	const char *p = src->text, *end = src->text ? src->text + src->len : NULL;
	if (!p || loc.line <= 0)
		return;
	for (int l = 1; l < loc.line && p < end; p++)
		if (*p == '\n')
			l++;
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
	sb_appendn(sb, p, n);
	sb_appendc(sb, '\n');
	for (int i = 1; i < loc.col; i++)
		sb_appendc(sb, ' ');
	for (int i = 0; i < (loc.len > 0 ? loc.len : 1); i++)
		sb_appendc(sb, '~');
	sb_appendc(sb, '\n');
}

/* Newest bpftrace's record: msg, helper, retcode, then where. */
static void json_helper_error(struct sg_output *o, const char *msg, const char *helper,
			      int64_t ret, const char *file, struct srcloc loc)
{
	struct strbuf *sb = &o->sb;
	sb_append(sb, "{\"type\": \"helper_error\", \"msg\": ");
	json_str(sb, msg, strlen(msg));
	sb_printf(sb, ", \"helper\": \"%s\", \"retcode\": %lld, \"filename\": ", helper,
		  (long long)ret);
	json_str(sb, file, strlen(file));
	sb_printf(sb, ", \"line\": %d, \"col\": %d}\n", loc.line, loc.col);
}

/* What newest bpftrace says for the map helpers' expected failures. */
static const char *map_msg(uint64_t id, int64_t ret)
{
	if (id == BPF_FUNC_map_delete_elem && ret == -ENOENT)
		return "Can't delete map element because it does not exist.";
	if (id == BPF_FUNC_map_lookup_elem)
		return "Can't lookup map element because it does not exist.";
	if (id == BPF_FUNC_map_update_elem && ret == -E2BIG)
		return "Map full; can't update element. Try increasing max_map_keys config or "
		       "manually setting the max entries in a map declaration e.g. `let @a = "
		       "hash(5000)`";
	return NULL;
}

static void text_map_msg(struct strbuf *sb, const char *src, const struct sg_event *ev,
			 const char *msg, const char *name, int64_t ret)
{
	sb_printf(sb, "%s:%d:%d-%d: WARNING: %s\nAdditional Info - helper: %s, retcode: %lld\n",
		  src, ev->loc.line, ev->loc.col, ev->loc.col + ev->loc.len, msg, name,
		  (long long)ret);
}

void out_helper_error(struct sg_output *o, const struct sg_event *ev, const uint8_t *rec)
{
	uint64_t id = (uint64_t)rd_i64(rec + 8);
	int64_t ret = rd_i64(rec + 16);
	const char *name = id < 1024 ? bpf_helper_name((int)id) : NULL;
	char idbuf[32];
	if (!name) {
		snprintf(idbuf, sizeof(idbuf), "helper %llu", (unsigned long long)id);
		name = idbuf;
	}
	char line[256];
	const char *src = o->b->src.name ? o->b->src.name : "stdin";
	int err = ret < 0 && ret > -4096 ? (int)-ret : 0;
	const char *special = map_msg(id, ret);
	if (o->fmt == SG_FMT_JSON) {
		json_helper_error(o, special ? special : err ? strerror(err) : "Unknown error", name,
				  ret, src, ev->loc);
		return;
	}
	struct strbuf sb = {0};
	if (special) {
		text_map_msg(&sb, src, ev, special, name, ret);
	} else {
		snprintf(line, sizeof(line), "%s:%d:%d-%d: WARNING: Failed to %s: %s (%lld)\n",
			 src, ev->loc.line, ev->loc.col, ev->loc.col + ev->loc.len, name,
			 err ? strerror(err) : "Unknown error", (long long)ret);
		sb_append(&sb, line);
	}
	text_source(&sb, &o->b->src, ev->loc);
	fwrite(sb.buf, 1, sb.len, o->err);
	sb_free(&sb);
}
