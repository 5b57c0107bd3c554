/* Character-wise lexing for the top level: attach points (whose lexical rules
 * differ from expressions: "sys_enter_*", "/bin/bash", "cache-misses", "1e6"
 * are single words there), preprocessor lines and C struct definitions. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/lexer.h"

void lexer_skip_shebang(struct lexer *lx)
{
	if (lx->at.pos != 0 || lexer_peekc(lx, 0) != '#' || lexer_peekc(lx, 1) != '!')
		return;
	while (!lexer_at_eof(lx) && lexer_peekc(lx, 0) != '\n')
		lexer_advance(lx, 1);
}

static void report_byte(struct lexer *lx)
{
	int c = lexer_peekc(lx, 0);
	if (c > 0x20 && c < 0x7f)
		diag_error(lx->d, lexer_here(lx), "invalid character '%c'", c);
	else
		diag_error(lx->d, lexer_here(lx), "invalid character '\\x%02x'", c);
}

/* The whole line, with backslash-newline continuations (multi-line #define). */
int lexer_preproc_line(struct lexer *lx, char **out)
{
	size_t start = lx->at.pos;
	*out = NULL;
	while (!lexer_at_eof(lx)) {
		int c = lexer_peekc(lx, 0);
		if (c == 0) {
			report_byte(lx);
			return -EINVAL;
		}
		if (c == '\n')
			break;
		lexer_advance(lx, c == '\\' && lexer_peekc(lx, 1) == '\n' ? 2 : 1);
	}
	size_t end = lx->at.pos;
	while (end > start && (lx->src[end - 1] == ' ' || lx->src[end - 1] == '\t' ||
			       lx->src[end - 1] == '\r'))
		end--;
	*out = xstrndup(lx->src + start, end - start);
	return 0;
}

/* Location from `start` (on line `line`) to the current position, or to the
 * end of the first line when the construct spans several lines. */
static struct srcloc loc_from(const struct lexer *lx, size_t start, int line)
{
	size_t line_off = lexer_line_off(lx, line);
	struct srcloc loc = {.line = line, .col = (int)(start - line_off) + 1, .len = 1};
	size_t end = lx->at.pos;
	if (line != lx->at.line) {
		const char *nl = memchr(lx->src + start, '\n', lx->len - start);
		end = nl ? (size_t)(nl - lx->src) : lx->len;
	}
	loc.len = end > start ? (int)(end - start) : 1;
	return loc;
}

/* Skips to the '}' matching the '{' at the position, skipping comments. */
static int skip_braces(struct lexer *lx, struct srcloc start)
{
	int depth = 0;
	for (;;) {
		int c = lexer_peekc(lx, 0);
		if (lexer_at_eof(lx)) {
			diag_error(lx->d, start, "unterminated definition: missing '}'");
			return -EINVAL;
		}
		if (c == 0) {
			report_byte(lx);
			return -EINVAL;
		}
		if (c == '/' && (lexer_peekc(lx, 1) == '/' || lexer_peekc(lx, 1) == '*')) {
			if (lexer_skip_space(lx))
				return -EINVAL;
			continue;
		}
		lexer_advance(lx, 1);
		if (c == '{')
			depth++;
		else if (c == '}' && --depth == 0)
			return 0;
	}
}

/* After the keyword: NAME and '{' must follow. */
static int c_def_head(struct lexer *lx, struct srcloc kwloc, const char *kw,
		      size_t *name_off, size_t *nlen)
{
	if (lexer_skip_space(lx))
		return -EINVAL;
	*nlen = lexer_word_len(lx, 0);
	*name_off = lx->at.pos;
	lexer_advance(lx, *nlen);
	if (lexer_skip_space(lx))
		return -EINVAL;
	bool is_enum = kwloc.len == 4 && strncmp(kw, "enum", 4) == 0; /* may be anonymous */
	if ((*nlen == 0 && !is_enum) || lexer_peekc(lx, 0) != '{') {
		diag_error(lx->d, kwloc, "expected a definition: %.*s NAME { ... }",
			   kwloc.len, kw);
		return -EINVAL;
	}
	return 0;
}

int lexer_c_definition(struct lexer *lx, char **text, char **name, struct srcloc *loc)
{
	size_t start = lx->at.pos, name_off, nlen;
	int line = lx->at.line;
	size_t kwlen = lexer_word_len(lx, 0);
	struct srcloc kwloc = lexer_here(lx);
	*text = *name = NULL;
	kwloc.len = (int)kwlen;
	lexer_advance(lx, kwlen);
	if (c_def_head(lx, kwloc, lx->src + start, &name_off, &nlen))
		return -EINVAL;
	if (skip_braces(lx, kwloc))
		return -EINVAL;
	size_t semi = lexer_peek_nonspace(lx, 0);
	if (semi < lx->len && lx->src[semi] == ';')
		lexer_advance(lx, semi + 1 - lx->at.pos);
	*text = xstrndup(lx->src + start, lx->at.pos - start);
	*name = nlen ? xasprintf("%.*s %.*s", (int)kwlen, lx->src + start, (int)nlen,
				 lx->src + name_off) : xstrdup("enum (anonymous)");
	*loc = loc_from(lx, start, line);
	return 0;
}

/* ---- attach points ---- */

/* Providers whose target is a file path: there '/' belongs to the attach
 * point instead of starting the predicate. path_part is the index of the
 * ':'-separated part that holds the path. */
static const struct {
	const char *provider;
	int path_part;
} path_providers[] = {
	{"uprobe", 1}, {"uretprobe", 1}, {"u", 1}, {"ur", 1}, {"usdt", 1}, {"U", 1},
	{"iter", 2}, {"it", 2},
};

static int path_part_of(const char *provider)
{
	const char *eq = strchr(provider, '=');
	if (eq)
		provider = eq + 1; /* name=uprobe:... */
	for (size_t i = 0; i < ARRAY_SIZE(path_providers); i++)
		if (strcmp(path_providers[i].provider, provider) == 0)
			return path_providers[i].path_part;
	return -1;
}

static int ap_terminator(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	       c == ',' || c == '{' || c == '}' || c == ';' || c == '(' || c == ')';
}

struct ap_scan {
	struct strbuf part;
	VEC(char *) parts;
	int path_part;
};

static void end_part(struct ap_scan *s)
{
	vec_push(&s->parts, sb_detach(&s->part));
	if (s->parts.len == 1)
		s->path_part = path_part_of(s->parts.data[0]);
}

/* "..." inside an attach point: taken literally (quotes removed), so it may
 * hold ':', spaces or C++ signatures: uprobe:/bin/x:"ns::f(int)". */
static int ap_quoted(struct lexer *lx, struct ap_scan *s)
{
	struct srcloc start = lexer_here(lx);
	lexer_advance(lx, 1);
	for (;;) {
		int c = lexer_peekc(lx, 0);
		if (lexer_at_eof(lx) || c == '\n') {
			diag_error(lx->d, start, "unterminated string");
			return -EINVAL;
		}
		if (c == 0) {
			report_byte(lx);
			return -EINVAL;
		}
		lexer_advance(lx, 1);
		if (c == '"')
			return 0;
		if (c == '\\' && (lexer_peekc(lx, 0) == '"' || lexer_peekc(lx, 0) == '\\')) {
			c = lexer_peekc(lx, 0);
			lexer_advance(lx, 1);
		}
		sb_appendc(&s->part, (char)c);
	}
}

/* One step of the scan: 1 = the attach point ended, 0 = continue, <0 error. */
static int ap_step(struct lexer *lx, struct ap_scan *s)
{
	int c = lexer_peekc(lx, 0);
	if (lexer_at_eof(lx) || ap_terminator(c))
		return 1;
	if (c == '"')
		return ap_quoted(lx, s);
	if (c == ':') {
		end_part(s);
		lexer_advance(lx, 1);
		return 0;
	}
	if (c == '/' && (int)s->parts.len != s->path_part)
		return 1; /* starts the predicate (or a comment) */
	if (c <= 0x20 || c >= 0x7f) {
		report_byte(lx);
		return -EINVAL;
	}
	sb_appendc(&s->part, (char)c);
	lexer_advance(lx, 1);
	return 0;
}

static void ap_unexpected(struct lexer *lx)
{
	int c = lexer_peekc(lx, 0);
	if (lexer_at_eof(lx))
		diag_error(lx->d, lexer_here(lx), "syntax error: unexpected end of file, "
			   "expected attach point");
	else if (c > 0x20 && c < 0x7f)
		diag_error(lx->d, lexer_here(lx), "syntax error: unexpected '%c', "
			   "expected attach point", c);
	else
		report_byte(lx);
}

/* Drops a leading "name=" (named probes, newest syntax) from the provider. */
static void strip_probe_name(struct ap_scan *s)
{
	char *p0 = s->parts.data[0];
	char *eq = strchr(p0, '=');
	if (eq)
		memmove(p0, eq + 1, strlen(eq + 1) + 1);
}

int lexer_attach_point(struct lexer *lx, struct attach_point **out)
{
	struct ap_scan s = {.path_part = -1};
	size_t start = lx->at.pos;
	int line = lx->at.line, r;
	*out = NULL;
	while ((r = ap_step(lx, &s)) == 0)
		;
	if (r > 0 && lx->at.pos == start) {
		ap_unexpected(lx);
		r = -EINVAL;
	}
	end_part(&s);
	if (r < 0) {
		for (size_t i = 0; i < s.parts.len; i++)
			free(s.parts.data[i]);
		vec_free(&s.parts);
		return -EINVAL;
	}
	strip_probe_name(&s);
	struct attach_point *ap = xcalloc(1, sizeof(*ap));
	ap->raw = xstrndup(lx->src + start, lx->at.pos - start);
	ap->parts = s.parts.data;
	ap->nparts = (int)s.parts.len;
	ap->loc = loc_from(lx, start, line);
	*out = ap;
	return 0;
}
