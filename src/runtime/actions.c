/* User-space actions a probe asks for through a ringbuf record: time(),
 * cat(), system() and join(). Their text goes through the output module,
 * so -f json wraps it like bpftrace does. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runtime/rt.h"

#define CAT_MAX (1u << 20) /* bytes of a file cat() prints at most */

static void act_time(struct rt *rt, const struct sg_event *ev)
{
	char buf[1024];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return;
	size_t n = strftime(buf, sizeof(buf), ev->fmt ? ev->fmt : "%H:%M:%S\n", &tm);
	output_message(rt->out, "time", buf, n);
}

/* Appends what stream f yields (up to max bytes) to sb. */
static void read_all(FILE *f, struct strbuf *sb, size_t max)
{
	char buf[4096];
	size_t n;
	while (sb->len < max && (n = fread(buf, 1, MIN(sizeof(buf), max - sb->len), f)) > 0)
		sb_appendn(sb, buf, n);
}

static void act_cat(struct rt *rt, const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "spyglass: failed to open file '%s': %s\n", path,
			strerror(errno));
		return;
	}
	read_all(f, sb, rt->b->max_cat_bytes ? rt->b->max_cat_bytes : CAT_MAX);
	fclose(f);
	output_message(rt->out, "cat", sb_str(sb), sb->len);
}

/* Runs cmd with /bin/sh and prints its standard output, like bpftrace. */
static void act_system(struct rt *rt, const char *cmd, struct strbuf *sb)
{
	rt_flush(rt); /* what was printed before comes first */
	FILE *p = popen(cmd, "re");
	if (!p) {
		fprintf(stderr, "spyglass: system: cannot run '%s': %s\n", cmd, strerror(errno));
		return;
	}
	read_all(p, sb, CAT_MAX);
	pclose(p);
	output_message(rt->out, "syscall", sb_str(sb), sb->len); /* bpftrace's JSON type */
}

/* Record: elems[0] = number of arguments read, elems[1..] the strings. */
static void act_join(struct rt *rt, const struct sg_event *ev, const uint8_t *rec, size_t len,
		     struct strbuf *sb)
{
	if (ev->args.nelems == 0 || ev->args.elems[0].offset + 8 > len)
		return;
	uint64_t n;
	memcpy(&n, rec + ev->args.elems[0].offset, sizeof(n));
	for (uint32_t i = 1; i < ev->args.nelems && i <= n; i++) {
		const struct sg_value_desc *d = &ev->args.elems[i];
		if (d->offset + d->size > len)
			break;
		if (i > 1)
			sb_append(sb, ev->fmt ? ev->fmt : " ");
		sb_appendn(sb, (const char *)rec + d->offset, strnlen((const char *)rec + d->offset, d->size));
	}
	/* The line ends in text only: bpftrace's JSON data has no newline. */
	if (output_is_text(rt->out))
		sb_appendc(sb, '\n');
	output_message(rt->out, "join", sb_str(sb), sb->len);
}

void rt_user_action(struct rt *rt, const struct sg_event *ev, const uint8_t *rec, size_t len)
{
	struct strbuf arg = {0}, sb = {0};
	if (ev->action == SG_ACT_CAT || ev->action == SG_ACT_SYSTEM) {
		if (output_format_printf(rt->out, ev, rec, len, &arg) != 0)
			goto out; /* malformed record */
	}
	switch (ev->action) {
	case SG_ACT_TIME: act_time(rt, ev); break;
	case SG_ACT_CAT: act_cat(rt, sb_str(&arg), &sb); break;
	case SG_ACT_SYSTEM: act_system(rt, sb_str(&arg), &sb); break;
	case SG_ACT_JOIN: act_join(rt, ev, rec, len, &sb); break;
	default: break;
	}
out:
	sb_free(&arg);
	sb_free(&sb);
}
