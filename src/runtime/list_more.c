/* Listing (-l) of the probe types that are not tracepoints: functions of a
 * binary or library ("uprobe:/bin/bash:read*", also uretprobe:/u:/ur:),
 * software and hardware events, and raw tracepoints (with -v their
 * arguments). */
#include <bpf/btf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "runtime/list.h"
#include "sema/perf_events.h"
#include "sema/rawtp.h"
#include "sema/tracefs.h"
#include "sym/elfsym.h"

/* "uprobe:PATH[:FUNC]": every function symbol of PATH matching FUNC. */
static int list_uprobes(const char *prov, const char *rest, FILE *out)
{
	char *bin = xstrdup(rest), *func = strrchr(bin, ':'), *path = NULL;
	if (func)
		*func++ = 0;
	struct elf_syms syms = {0};
	int err = elf_find_binary(bin, &path);
	if (!err)
		err = elf_syms_read(path, &syms);
	if (err)
		fprintf(stderr, "spyglass: cannot list %s probes of %s: %s\n", prov, bin,
			err == -ENOEXEC ? "not an ELF file" : strerror(-err));
	for (size_t i = 0; i < syms.n; i++)
		if ((!func || wildcard_match(func, syms.syms[i].name)) &&
		    (i == 0 || strcmp(syms.syms[i].name, syms.syms[i - 1].name) != 0))
			fprintf(out, "%s:%s:%s\n", prov, path, syms.syms[i].name);
	elf_syms_free(&syms);
	free(path);
	free(bin);
	return err;
}

static void list_events(bool hw, const char *pattern, FILE *out)
{
	int n;
	const struct perf_event_name *t = perf_event_table(hw, &n);
	for (int i = 0; i < n; i++) {
		/* Listed "software:cpu-clock:" as bpftrace does; matched without the ':' too. */
		char *name = xasprintf("%s:%s", hw ? "hardware" : "software", t[i].name);
		char *listed = xasprintf("%s:", name);
		if (wildcard_match(pattern, name) || wildcard_match(pattern, listed))
			fprintf(out, "%s\n", listed);
		free(listed);
		free(name);
	}
}

/* No kernel BTF: the tracefs events, but ftrace's syscall events. */
static int list_rawtp_tracefs(const char *mod, const char *event, FILE *out)
{
	char **names;
	char *pattern = xasprintf("*:%s", event);
	int n = tracefs_match(pattern, &names);
	free(pattern);
	if (n < 0) {
		fprintf(stderr, "spyglass: cannot list raw tracepoints: %s\n", strerror(-n));
		return n;
	}
	for (int i = 0; i < n; i++)
		if (strncmp(names[i], "syscalls:", 9) != 0 && wildcard_match(mod, "vmlinux"))
			fprintf(out, "rawtracepoint:vmlinux:%s\n", strchr(names[i], ':') + 1);
	tracefs_names_free(names, n);
	return 0;
}

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

/* -lv: "    TYPE NAME" per argument, the type as C declares it (libbpf's
 * btf_dump), like bpftrace; parameter 0 (void *__data) is not one. */
static void print_rawtp_args(const struct btf *btf, struct btf_dump *d, uint32_t proto, FILE *out)
{
	const struct btf_type *t = btf__type_by_id(btf, proto);
	const struct btf_param *pa = btf_params(t);
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = "");
	for (uint32_t i = 1; i < btf_vlen(t); i++) {
		fputs("    ", out);
		btf_dump__emit_type_decl(d, pa[i].type, &opts);
		fprintf(out, " %s\n", btf__name_by_offset(btf, pa[i].name_off));
	}
}

/* rest: "EVENT" or "MODULE:EVENT" (newest bpftrace's form); listed as
 * rawtracepoint:vmlinux:EVENT, from kernel BTF (sema/rawtp.h). */
static int list_rawtracepoints(const char *rest, bool verbose, FILE *out)
{
	const char *colon = strchr(rest, ':'), *event = colon ? colon + 1 : rest;
	char *mod = colon ? xstrndup(rest, (size_t)(colon - rest)) : xstrdup("*");
	struct btf *btf = btf__load_vmlinux_btf();
	struct rawtps t = {0};
	int err = 0;
	if (!btf || rawtps_build(btf, &t) != 0) {
		err = list_rawtp_tracefs(mod, event, out);
	} else if (wildcard_match(mod, "vmlinux")) {
		struct btf_dump *d = verbose ? btf_dump__new(btf, dump_printf, out, NULL) : NULL;
		for (size_t i = 0; i < t.n; i++) {
			if (!wildcard_match(event, t.v[i].name))
				continue;
			fprintf(out, "rawtracepoint:vmlinux:%s\n", t.v[i].name);
			if (d)
				print_rawtp_args(btf, d, t.v[i].proto, out);
		}
		btf_dump__free(d);
	}
	rawtps_free(&t);
	btf__free(btf);
	free(mod);
	return err;
}

static const char *after(const char *pattern, const char *const *provs, const char **prov)
{
	for (; *provs; provs += 2) {
		size_t l = strlen(provs[0]);
		if (strncmp(pattern, provs[0], l) == 0 && pattern[l] == ':') {
			*prov = provs[1];
			return pattern + l + 1;
		}
	}
	return NULL;
}

/* interval:UNIT: and profile:UNIT:, as newest bpftrace lists them. */
static void list_timers(const char *prov, const char *rest, FILE *out)
{
	static const char *const units[] = {"hz", "ms", "ns", "s", "us"};
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		char *unit = xasprintf("%s:", units[i]);
		if (wildcard_match(rest, units[i]) || wildcard_match(rest, unit))
			fprintf(out, "%s:%s\n", prov, unit);
		free(unit);
	}
}

int sg_list_other(const char *pattern, bool verbose, FILE *out)
{
	static const char *const timers[] = {"interval", "interval", "i", "interval",
					     "profile", "profile", "p", "profile", NULL};
	static const char *const uprobes[] = {"uprobe", "uprobe", "u", "uprobe", "uretprobe",
					      "uretprobe", "ur", "uretprobe", NULL};
	static const char *const others[] = {"software", "software", "s", "software",
					     "hardware", "hardware", "h", "hardware",
					     "rawtracepoint", "rawtracepoint", "rt", "rawtracepoint",
					     NULL};
	const char *prov, *rest;
	if (pattern && (rest = after(pattern, uprobes, &prov)))
		return list_uprobes(prov, rest, out);
	if (pattern && (rest = after(pattern, timers, &prov))) {
		list_timers(prov, rest, out);
		return 0;
	}
	if (!pattern || !(rest = after(pattern, others, &prov)))
		return 1;
	if (strcmp(prov, "rawtracepoint") == 0)
		return list_rawtracepoints(rest, verbose, out);
	char *full = xasprintf("%s:%s", prov, rest);
	list_events(strcmp(prov, "hardware") == 0, full, out);
	free(full);
	return 0;
}

void sg_list_perf_events(const char *pattern, FILE *out)
{
	list_events(false, pattern, out);
	list_events(true, pattern, out);
}
