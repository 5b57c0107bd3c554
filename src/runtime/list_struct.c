/* -l 'struct PATTERN' (also union, enum): the kernel BTF types of that
 * name; with -v their definitions, members declared as C writes them
 * (libbpf's btf_dump), as bpftrace -lv 'struct task_struct' shows. */
#include <bpf/btf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "runtime/list.h"

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

static void print_members(const struct btf *btf, struct btf_dump *d, const struct btf_type *t,
			  FILE *out)
{
	const struct btf_member *m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++) {
		const char *name = btf__name_by_offset(btf, m[i].name_off);
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = name, .indent_level = 1);
		fputc('\t', out);
		btf_dump__emit_type_decl(d, m[i].type, &opts);
		uint32_t bits = btf_member_bitfield_size(t, (uint32_t)i);
		if (bits)
			fprintf(out, ": %u", bits);
		fputs(";\n", out);
	}
}

static void print_enumerators(const struct btf *btf, const struct btf_type *t, FILE *out)
{
	const struct btf_enum *e = btf_enum(t);
	for (int i = 0; i < btf_vlen(t); i++)
		fprintf(out, "\t%s = %d,\n", btf__name_by_offset(btf, e[i].name_off), e[i].val);
}

static void print_type(const struct btf *btf, struct btf_dump *d, const char *kw,
		       const struct btf_type *t, FILE *out)
{
	fprintf(out, "%s %s", kw, btf__name_by_offset(btf, t->name_off));
	if (!d) {
		fputc('\n', out);
		return;
	}
	fputs(" {\n", out);
	if (btf_is_enum(t))
		print_enumerators(btf, t, out);
	else
		print_members(btf, d, t, out);
	fputs("};\n\n", out);
}

/* "struct PAT" → kind and pattern; false for other patterns. */
static bool type_pattern(const char *pattern, int *kind, const char **kw, const char **pat)
{
	static const struct { const char *kw; int kind; } kinds[] = {
		{"struct", BTF_KIND_STRUCT}, {"union", BTF_KIND_UNION}, {"enum", BTF_KIND_ENUM},
	};
	for (size_t i = 0; pattern && i < ARRAY_SIZE(kinds); i++) {
		size_t n = strlen(kinds[i].kw);
		if (strncmp(pattern, kinds[i].kw, n) == 0 && pattern[n] == ' ') {
			*kind = kinds[i].kind;
			*kw = kinds[i].kw;
			*pat = pattern + n + strspn(pattern + n, " ");
			return true;
		}
	}
	return false;
}

int sg_list_types(const char *pattern, bool verbose, FILE *out)
{
	int kind;
	const char *kw, *pat;
	if (!type_pattern(pattern, &kind, &kw, &pat))
		return 1;
	struct btf *btf = btf__load_vmlinux_btf();
	if (!btf) {
		fprintf(stderr, "spyglass: cannot read kernel BTF: %s\n", strerror(errno));
		return -ENOENT;
	}
	struct btf_dump *d = verbose ? btf_dump__new(btf, dump_printf, out, NULL) : NULL;
	uint32_t n = btf__type_cnt(btf);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		if (btf_kind(t) == kind && name && *name && wildcard_match(pat, name))
			print_type(btf, d, kw, t, out);
	}
	btf_dump__free(d);
	btf__free(btf);
	return 0;
}
