/* tracefs access: finding (and if needed mounting) tracefs, listing events
 * with wildcards, reading an event's `format` file, and suggesting names. */
#ifndef SG_TRACEFS_H
#define SG_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Directory of tracefs ("/sys/kernel/tracing"); mounts it when missing.
 * Returns NULL (with errno set) when it can be neither found nor mounted. */
const char *tracefs_dir(void);

struct tp_field {
	char *name;       /* "filename" */
	char *ctype;      /* declared type as written: "const char *", "char[16]", "__data_loc char[]" */
	uint32_t offset, size;
	bool is_signed;
	bool is_ptr;      /* declared type ends in '*' */
	bool is_data_loc; /* __data_loc: u32 (len << 16 | offset) to the data */
	uint32_t array_len; /* char comm[16] → 16; 0 if not an array */
	bool is_common;   /* common_* header field */
};

struct tp_format {
	char *category, *name;
	uint32_t id;
	struct tp_field *fields;
	size_t nfields;
};

/* Reads events/<cat>/<name>/format. -ENOENT if there is no such event. */
int tracefs_read_format(const char *category, const char *name, struct tp_format *out);
void tp_format_free(struct tp_format *f);
/* Parses the text of a format file (name, ID and fields; category is left
 * NULL). -EINVAL when it holds no field. */
int tp_format_parse(const char *text, struct tp_format *out);
/* Event id (events/<cat>/<name>/id), or -errno. */
int tracefs_event_id(const char *category, const char *name);

/* All events "cat:name" matching a pattern of the form "catglob:nameglob",
 * sorted. Returns the count (>= 0) or -errno; free with tracefs_names_free. */
int tracefs_match(const char *pattern, char ***out);
void tracefs_names_free(char **names, int n);
/* Up to max existing "cat:name" closest to a missing one (edit distance),
 * nearest first, stored in out[] (free each with free()). Returns the count. */
int tracefs_suggest(const char *catname, char **out, int max);

#endif
