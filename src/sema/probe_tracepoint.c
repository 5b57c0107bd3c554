/* tracepoint:category:name (alias t:), with wildcards in both parts. A
 * wildcard probe is one program attached to every match; `args` is typed from
 * the tracefs format files. A probe that reads args is compiled once per
 * distinct format among its tracepoints (probe_split_by_args): those of
 * identical formats, like most syscalls:sys_enter_*, share one program. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/probes.h"
#include "sema/sema_int.h"
#include "sema/tracefs.h"

static void suggest(struct sema *s, const char *catname)
{
	char *near[3] = {0};
	int n = tracefs_suggest(catname, near, 3);
	for (int i = 0; i < n; i++) {
		sema_note(s, "did you mean tracepoint:%s?", near[i]);
		free(near[i]);
	}
}

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	if (ap->nparts != 3 || !*ap->parts[1] || !*ap->parts[2])
		return sema_err(s, ap->loc, "invalid tracepoint '%s': expected tracepoint:CATEGORY:NAME",
				ap->raw);
	if (!tracefs_dir())
		return sema_err(s, ap->loc, "tracefs is not available and could not be mounted");
	char *pattern = xasprintf("%s:%s", ap->parts[1], ap->parts[2]);
	char **names = NULL;
	int n = tracefs_match(pattern, &names);
	int err = 0;
	if (n <= 0) {
		err = sema_err(s, ap->loc, "tracepoint not found: %s", pattern);
		if (!strpbrk(pattern, "*?"))
			suggest(s, pattern);
	}
	for (int i = 0; i < n; i++) {
		char *name = xasprintf("tracepoint:%s", names[i]);
		probe_add_attach(s, p, "tracepoint", names[i], name);
		free(name);
	}
	tracefs_names_free(names, n > 0 ? n : 0);
	free(pattern);
	return err;
}

static bool int_size(uint32_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* `unsigned long args[6]`: an array of integers of size / count bytes each
 * (signed as the format says); other element sizes are bytes. */
static struct type array_field(struct sema *s, const struct tp_field *f)
{
	uint32_t esize = f->size / f->array_len;
	if (!int_size(esize) || esize * f->array_len != f->size)
		return (struct type){.kind = T_ARRAY, .size = f->size, .nelem = f->size};
	struct type *e = type_arena_alloc(&s->arena, sizeof(*e));
	*e = type_int(esize, f->is_signed);
	return (struct type){.kind = T_ARRAY, .size = f->size, .nelem = f->array_len, .elem = e};
}

/* Type of one format field. Pointers read from syscall arguments point into
 * user memory, everything else into the kernel. */
static struct type field_type(struct sema *s, const struct tp_format *fmt,
			      const struct tp_field *f, bool *data_loc)
{
	*data_loc = f->is_data_loc;
	if (f->is_data_loc && strstr(f->ctype, "char"))
		return type_str(s->opts.max_strlen);
	if (f->array_len && strncmp(f->ctype, "char", 4) == 0)
		return type_str(f->array_len);
	if (f->is_ptr) {
		struct type t = {.kind = T_PTR, .size = 8, .as = AS_KERNEL};
		if (strcmp(fmt->category, "syscalls") == 0)
			t.as = AS_USER;
		return t;
	}
	if (f->array_len && !f->is_data_loc)
		return array_field(s, f);
	if (f->is_data_loc || !int_size(f->size))
		return (struct type){.kind = T_ARRAY, .size = f->size, .nelem = f->size};
	return type_int(f->size, f->is_signed);
}

static bool same_field(struct sema *s, const struct field *have, const struct tp_format *fmt,
		       const struct tp_field *f)
{
	bool dl;
	struct type t = field_type(s, fmt, f, &dl);
	return have->offset == f->offset && dl == have->data_loc && type_equal(&have->type, &t);
}

/* Keeps the fields of r that fmt has too (same offset and type). */
static void intersect(struct sema *s, struct record *r, const struct tp_format *fmt)
{
	uint32_t keep = 0;
	for (uint32_t i = 0; i < r->nfields; i++) {
		bool found = false;
		for (size_t j = 0; j < fmt->nfields && !found; j++)
			found = strcmp(fmt->fields[j].name, r->fields[i].name) == 0 &&
				same_field(s, &r->fields[i], fmt, &fmt->fields[j]);
		if (found)
			r->fields[keep++] = r->fields[i];
	}
	r->nfields = keep;
}

static struct record *record_from(struct sema *s, const struct tp_format *fmt, const char *name)
{
	struct record *r = type_arena_alloc(&s->arena, sizeof(*r));
	r->name = type_arena_alloc(&s->arena, strlen(name) + 1);
	strcpy(r->name, name);
	r->fields = type_arena_alloc(&s->arena, (fmt->nfields + 1) * sizeof(*r->fields));
	for (size_t j = 0; j < fmt->nfields; j++) {
		const struct tp_field *f = &fmt->fields[j];
		if (f->is_common)
			continue;
		struct field *out = &r->fields[r->nfields++];
		out->name = type_arena_alloc(&s->arena, strlen(f->name) + 1);
		strcpy(out->name, f->name);
		out->offset = f->offset;
		out->type = field_type(s, fmt, f, &out->data_loc);
		if (f->is_ptr || strncmp(f->ctype, "enum ", 5) == 0) {
			/* typed through BTF when used (sema_btf_ctx_field) */
			char *ct = type_arena_alloc(&s->arena, strlen(f->ctype) + 1);
			out->ctype = strcpy(ct, f->ctype);
		}
		r->size = MAX(r->size, f->offset + f->size);
	}
	return r;
}

/* The args record of attach point a, named name. */
static int read_args(struct sema *s, const struct sg_attach *a, struct srcloc loc,
		     const char *name, struct record **r)
{
	char *cat = xstrdup(a->target), *event = strchr(cat, ':');
	*event++ = 0;
	struct tp_format fmt = {0};
	int err = tracefs_read_format(cat, event, &fmt);
	free(cat);
	if (err)
		return sema_err(s, loc, "cannot read the format of tracepoint %s", a->target);
	if (!*r)
		*r = record_from(s, &fmt, name);
	else
		intersect(s, *r, &fmt);
	tp_format_free(&fmt);
	return 0;
}

static int attach_args_type(struct sema *s, struct sema_probe *p, size_t i, struct srcloc loc,
			    struct type *out)
{
	struct record *r = NULL;
	int err = read_args(s, &p->attach.data[i], loc, p->attach.data[i].name, &r);
	*out = (struct type){.kind = T_CTX, .size = 8, .rec = r};
	return err;
}

/* Only for a probe not split by layout (attach_args_type): the fields
 * every matched tracepoint has alike. */
static int args_type(struct sema *s, struct sema_probe *p, struct srcloc loc, struct type *out)
{
	struct record *r = NULL;
	const char *name = p->attach.len == 1 ? p->attach.data[0].name :
		"args of the matched tracepoints";
	for (size_t i = 0; i < p->attach.len; i++) {
		int err = read_args(s, &p->attach.data[i], loc, name, &r);
		if (err)
			return err;
	}
	*out = (struct type){.kind = T_CTX, .size = 8, .rec = r};
	return 0;
}

static const char *const aliases[] = {"t", NULL};

const struct provider provider_tracepoint = {
	.name = "tracepoint",
	.aliases = aliases,
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.event_probe = true,
	.expand = expand,
	.args_type = args_type,
	.attach_args_type = attach_args_type,
};
