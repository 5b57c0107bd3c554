#include "base/diag.h"

#include <stdarg.h>
#include <string.h>

#include "base/util.h"

void diag_init(struct diag *d, const struct source *src, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->src = src;
	d->out = out ? out : stderr;
}

/* Source lines longer than this are shown as a window around the column:
 * a 1 MB one-line script must not print megabytes of context. */
#define LINE_WINDOW 256

/* The window [*from, *to) of the line [p, eol) around column col. */
static void line_window(const char *p, const char *eol, int col, const char **from,
			const char **to)
{
	*from = p;
	*to = eol;
	if (eol - p <= LINE_WINDOW)
		return;
	if (col - 1 > LINE_WINDOW / 2)
		*from = p + MIN(col - 1 - LINE_WINDOW / 2, (int)(eol - p) - LINE_WINDOW);
	*to = *from + LINE_WINDOW;
}

/* The caret line, built whole and written at once (stderr is unbuffered). */
static void show_caret(const char *from, const char *to, bool cut, int col, int len, FILE *out)
{
	struct strbuf sb = {0};
	if (cut)
		sb_appendn(&sb, "   ", 3); /* under the "..." */
	for (const char *q = from; q < to && q - from < col - 1; q++)
		sb_appendc(&sb, *q == '\t' ? '\t' : ' ');
	int n = len > 0 ? len : 1, room = (int)(to - from) - (col - 1);
	if (n > room && room > 0)
		n = room;
	sb_appendc(&sb, '^');
	for (int i = 1; i < n; i++)
		sb_appendc(&sb, '~');
	sb_appendc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, out);
	sb_free(&sb);
}

void diag_show_line(const struct source *src, struct srcloc loc, FILE *out)
{
	if (!src || !src->text || loc.line <= 0)
		return;
	const char *p = src->text, *end = src->text + src->len;
	for (int l = 1; l < loc.line && p < end; p++)
		if (*p == '\n')
			l++;
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	int linelen = (int)(eol - p);
	int col = loc.col > 0 ? loc.col : 1;
	if (col > linelen + 1)
		col = linelen + 1;
	const char *from, *to;
	line_window(p, eol, col, &from, &to);
	fprintf(out, "%s%.*s%s\n", from > p ? "..." : "", (int)(to - from), from,
		to < eol ? "..." : "");
	show_caret(from, to, from > p, col - (int)(from - p), loc.len, out);
}

static void vreport(struct diag *d, const char *kind, struct srcloc loc,
		    const char *fmt, va_list ap)
{
	const char *name = d->src && d->src->name ? d->src->name : "stdin";
	if (loc.line > 0)
		fprintf(d->out, "%s:%d:%d: %s: ", name, loc.line, loc.col, kind);
	else
		fprintf(d->out, "%s: %s: ", name, kind);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	diag_show_line(d->src, loc, d->out);
	/* inside a macro: where it was called, outermost last (bounded: a
	 * corrupt chain cannot loop) */
	for (int s = loc.site, n = 0; s > 0 && s <= d->nsites && n < 64; n++) {
		const struct diag_site *site = &d->sites[s - 1];
		fprintf(d->out, "%s:%d:%d: note: in macro '%s' called here\n", name,
			site->call.line, site->call.col, site->name);
		diag_show_line(d->src, site->call, d->out);
		s = site->call.site < s ? site->call.site : 0;
	}
}

void diag_verror(struct diag *d, struct srcloc loc, const char *fmt, va_list ap)
{
	vreport(d, "error", loc, fmt, ap);
	d->errors++;
}

void diag_error(struct diag *d, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror(d, loc, fmt, ap);
	va_end(ap);
}

void diag_warn(struct diag *d, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, "warning", loc, fmt, ap);
	va_end(ap);
	d->warnings++;
}

void diag_note(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("note: ", d->out);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	va_end(ap);
}

struct srcloc diag_end_loc(const struct source *src)
{
	struct srcloc loc = {.line = 1, .col = 1, .len = 1};
	for (size_t i = 0; src && src->text && i < src->len; i++) {
		if (src->text[i] == '\n')
			loc.line++, loc.col = 1;
		else
			loc.col++;
	}
	return loc;
}

struct srcloc srcloc_span(struct srcloc a, struct srcloc b)
{
	if (a.line != b.line || b.col < a.col)
		return a;
	struct srcloc r = a;
	r.len = b.col + (b.len > 0 ? b.len : 1) - a.col;
	return r;
}
