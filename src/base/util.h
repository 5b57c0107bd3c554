/* Small utilities shared by every module: checked allocation, growable
 * arrays, and a string buffer. Allocation failure is not user input: it
 * prints one line and exits, so callers need not thread ENOMEM everywhere. */
#ifndef SG_UTIL_H
#define SG_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + (a) - 1) / (a) * (a))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Room for element n of an array of n elements grown one at a time with no
 * capacity field: the capacity is implicit, doubling whenever n is a power
 * of two. (Growing by one copies O(n^2) bytes where realloc cannot extend
 * in place, as under ASan: minutes for 40 000 printf()s.) */
void *xgrow(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable array: `VEC(int) v = {0}; vec_push(&v, 3); v.data[0]; vec_free(&v);` */
#define VEC(T) struct { T *data; size_t len, cap; }
#define vec_grow(v, n)                                                        \
	do {                                                                  \
		if ((v)->len + (n) > (v)->cap) {                              \
			size_t nc_ = (v)->cap ? (v)->cap * 2 : 8;             \
			while (nc_ < (v)->len + (n))                          \
				nc_ *= 2;                                     \
			(v)->data = xrealloc((v)->data, nc_ * sizeof(*(v)->data)); \
			(v)->cap = nc_;                                       \
		}                                                             \
	} while (0)
#define vec_push(v, x)                                                        \
	do {                                                                  \
		vec_grow(v, 1);                                               \
		(v)->data[(v)->len++] = (x);                                  \
	} while (0)
#define vec_free(v)                                                           \
	do {                                                                  \
		free((v)->data);                                              \
		(v)->data = NULL;                                             \
		(v)->len = (v)->cap = 0;                                      \
	} while (0)

/* String buffer (always NUL-terminated once anything was appended). */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void sb_append(struct strbuf *sb, const char *s);
void sb_appendn(struct strbuf *sb, const char *s, size_t n);
void sb_appendc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(struct strbuf *sb); /* "" when empty */
char *sb_detach(struct strbuf *sb);    /* caller frees; never NULL */
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* Shell-style wildcard match ('*' and '?'), used for probe and listing patterns. */
bool wildcard_match(const char *pattern, const char *s);
/* Levenshtein distance, used to suggest the nearest known name: the
 * distance if it is at most max, else max + 1. Strings whose lengths differ
 * by more than max are not compared (a 1 MB identifier against every
 * tracepoint name would take minutes). */
int edit_distance(const char *a, const char *b, int max);

/* Reads a whole file into a NUL-terminated buffer. Returns -errno. */
int read_file(const char *path, char **out, size_t *len);

#endif
