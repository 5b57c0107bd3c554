#include "base/diag.h"

#include <stdarg.h>
#include <string.h>

void diag_init(struct diag *d, const struct source *src, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->src = src;
	d->out = out ? out : stderr;
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
	fprintf(out, "%.*s\n", linelen, p);
	int col = loc.col > 0 ? loc.col : 1;
	if (col > linelen + 1)
		col = linelen + 1;
	for (int i = 1; i < col; i++)
		fputc(p[i - 1] == '\t' ? '\t' : ' ', out);
	int n = loc.len > 0 ? loc.len : 1;
	if (col - 1 + n > linelen && linelen >= col)
		n = linelen - col + 1;
	fputc('^', out);
	for (int i = 1; i < n; i++)
		fputc('~', out);
	fputc('\n', out);
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

void diag_error(struct diag *d, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, "error", loc, fmt, ap);
	va_end(ap);
	d->errors++;
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

struct srcloc srcloc_span(struct srcloc a, struct srcloc b)
{
	if (a.line != b.line || b.col < a.col)
		return a;
	struct srcloc r = a;
	r.len = b.col + (b.len > 0 ? b.len : 1) - a.col;
	return r;
}
