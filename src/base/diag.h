/* Diagnostics: `file:line:col: error: message`, the source line, and a caret
 * under the offending spot. Every user-facing compile error goes through here. */
#ifndef SG_DIAG_H
#define SG_DIAG_H

#include <stdarg.h>
#include <stdio.h>

struct srcloc {
	int line; /* 1-based; 0 = no location */
	int col;  /* 1-based byte column */
	int len;  /* bytes to underline (>= 1 when line > 0) */
	int site; /* code expanded from a macro call: diag->sites[site - 1]; 0: none */
};

/* A macro call that code was expanded from: errors in that code say so. */
struct diag_site {
	struct srcloc call; /* the call (itself maybe inside another expansion) */
	const char *name;   /* the macro's name */
};

struct source {
	const char *name; /* "stdin", "-e" programs use "stdin" like bpftrace */
	const char *text; /* whole program text, NUL-terminated */
	size_t len;
};

struct diag {
	const struct source *src;
	FILE *out;  /* stderr unless a test redirects it */
	int errors; /* number of errors reported */
	int warnings;
	const struct diag_site *sites; /* macro expansion sites (not owned) */
	int nsites;
};

void diag_init(struct diag *d, const struct source *src, FILE *out);
void diag_error(struct diag *d, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* diag_error for callers that take their own variable arguments. */
void diag_verror(struct diag *d, struct srcloc loc, const char *fmt, va_list ap);
void diag_warn(struct diag *d, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A follow-up line without location, e.g. "note: did you mean ...". */
void diag_note(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the source line of loc with a caret underline (used by the runtime too). */
void diag_show_line(const struct source *src, struct srcloc loc, FILE *out);
/* Where the source ends (an error about what is missing points there). */
struct srcloc diag_end_loc(const struct source *src);
/* Merges two locations into one that spans both (same line only; else a). */
struct srcloc srcloc_span(struct srcloc a, struct srcloc b);

#endif
