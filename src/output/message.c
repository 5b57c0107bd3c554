/* Text produced in user space on a probe's request (time(), cat(),
 * system(), join()): written as is, or wrapped in a JSON object the way
 * bpftrace's JSON writer does it ({"type": "time", "data": "..."}). */
#include "output/output_priv.h"

bool output_is_text(const struct sg_output *o)
{
	return !o || o->fmt == SG_FMT_TEXT;
}

void output_message(struct sg_output *o, const char *type, const char *text, size_t n)
{
	if (!o || !text)
		return;
	sb_reset(&o->sb);
	if (o->fmt == SG_FMT_TEXT) {
		sb_appendn(&o->sb, text, n);
	} else {
		sb_append(&o->sb, "{\"type\": \"");
		sb_append(&o->sb, type);
		sb_append(&o->sb, "\", \"data\": ");
		json_str(&o->sb, text, n);
		sb_append(&o->sb, "}\n");
	}
	out_flush_sb(o, &o->sb);
}
