/* rawtracepoint:[MODULE:]EVENT (alias rt:), as in newest bpftrace: the
 * tracepoint's raw arguments as arg0..argN (u64 each) and, typed from the
 * kernel's BTF prototype of the tracepoint (sema/rawtp.h), as `args.NAME`.
 * Probes are named rawtracepoint:vmlinux:EVENT. Events come from BTF, which
 * also has the bare tracepoints no tracefs event shows; a kernel without
 * BTF falls back to the tracefs events (argN only). Tracepoints of kernel
 * modules are not supported: their BTF types live in split module BTF. */
#include <bpf/btf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/btf.h"
#include "sema/probes.h"
#include "sema/rawtp.h"
#include "sema/sema_int.h"
#include "sema/tracefs.h"

/* Built once from the first sema's BTF: the FUNC_PROTO ids are those of
 * /sys/kernel/btf/vmlinux, the same in every later load of it. */
static const struct rawtps *kernel_rawtps(struct sema *s)
{
	static struct rawtps all;
	static int state; /* 0: not built, 1: built, -1: no BTF */
	if (state == 0) {
		const struct btf *btf = sgbtf_btf(s);
		state = btf && rawtps_build(btf, &all) == 0 ? 1 : -1;
	}
	return state > 0 ? &all : NULL;
}

static void add(struct sema *s, struct sema_probe *p, const char *event)
{
	char *name = xasprintf("rawtracepoint:vmlinux:%s", event);
	probe_add_attach(s, p, "rawtracepoint", event, name);
	free(name);
}

/* No BTF: the tracefs events, except ftrace's syscall events (no raw
 * tracepoint behind them); one event in two categories is added once. */
static void expand_tracefs(struct sema *s, struct sema_probe *p, const char *event)
{
	char *pattern = xasprintf("*:%s", event);
	char **names = NULL;
	int n = tracefs_match(pattern, &names);
	for (int i = 0; i < n; i++) {
		const char *ev = strchr(names[i], ':') + 1;
		bool dup = false;
		for (size_t j = 0; j < p->attach.len && !dup; j++)
			dup = strcmp(p->attach.data[j].target, ev) == 0;
		if (strncmp(names[i], "syscalls:", 9) != 0 && !dup)
			add(s, p, ev);
	}
	tracefs_names_free(names, n > 0 ? n : 0);
	free(pattern);
}

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	const char *event = ap->parts[ap->nparts - 1];
	const char *mod = ap->nparts == 3 ? ap->parts[1] : "*";
	if (ap->nparts < 2 || ap->nparts > 3 || !*event || !*mod)
		return sema_err(s, ap->loc, "invalid rawtracepoint '%s': expected "
				"rawtracepoint:EVENT or rawtracepoint:MODULE:EVENT", ap->raw);
	if (!wildcard_match(mod, "vmlinux"))
		return sema_err(s, ap->loc, "%s: no raw tracepoints of module %s: only the kernel's "
				"(rawtracepoint:vmlinux:EVENT) are supported", ap->raw, mod);
	size_t before = s->nattach; /* past max_probes entries are only counted */
	const struct rawtps *t = kernel_rawtps(s);
	if (!t && !tracefs_dir())
		return sema_err(s, ap->loc, "%s: neither kernel BTF nor tracefs is available to find "
				"raw tracepoints in", ap->raw);
	if (t && !strpbrk(event, "*?")) {
		if (rawtps_find(t, event))
			add(s, p, event);
	} else if (t) {
		for (size_t i = 0; i < t->n; i++)
			if (wildcard_match(event, t->v[i].name))
				add(s, p, t->v[i].name);
	} else {
		expand_tracefs(s, p, event);
	}
	if (s->nattach == before)
		return sema_err(s, ap->loc, "rawtracepoint not found: %s", event);
	return 0;
}

/* The BTF prototype of raw tracepoint i of p as a record; NULL (reported)
 * when BTF does not have it. */
static struct record *prototype(struct sema *s, struct sema_probe *p, size_t i, struct srcloc loc)
{
	const struct sg_attach *a = &p->attach.data[i];
	const struct rawtps *t = kernel_rawtps(s);
	const struct rawtp *r = t ? rawtps_find(t, a->target) : NULL;
	struct record *rec = NULL;
	char *label = xasprintf("args of %s", a->name);
	/* Parameter 0 is the tracepoint's void *__data, not an argument. */
	if (!r || sgbtf_proto_args(s, r->proto, 1, label, &rec) != 0)
		sema_err(s, loc, "%s: no BTF type information for its arguments "
			 "(/sys/kernel/btf/vmlinux): use arg0..argN", a->name);
	free(label);
	return rec;
}

/* `args` of a wildcard must mean the same slots in every tracepoint. */
static int args_type(struct sema *s, struct sema_probe *p, struct srcloc loc, struct type *out)
{
	struct record *first = NULL;
	for (size_t i = 0; i < p->attach.len; i++) {
		struct record *r = prototype(s, p, i, loc);
		if (!r)
			return -EINVAL;
		if (!first)
			first = r;
		else if (!probe_same_params(first, r))
			return sema_err(s, loc, "%s and %s have different arguments: args needs one "
					"argument list", p->attach.data[0].name, p->attach.data[i].name);
	}
	if (!first)
		return -ENOENT;
	*out = (struct type){.kind = T_CTX, .size = 8, .rec = first};
	return 0;
}

/* argN past a tracepoint's arguments would fail to attach (the kernel
 * checks the context access then): with BTF it is a compile error. */
static int argn_type(struct sema *s, struct sema_probe *p, int i, struct srcloc loc,
		     struct type *out)
{
	const struct rawtps *t = kernel_rawtps(s);
	for (size_t k = 0; t && k < p->attach.len; k++) {
		const struct rawtp *r = rawtps_find(t, p->attach.data[k].target);
		const struct btf_type *proto = r ? btf__type_by_id(sgbtf_btf(s), r->proto) : NULL;
		int nargs = proto ? (int)btf_vlen(proto) - 1 : -1;
		if (nargs >= 0 && i >= nargs)
			return sema_err(s, loc, "arg%d: %s has %d argument%s", i,
					p->attach.data[k].name, nargs, nargs == 1 ? "" : "s");
	}
	*out = type_int(8, false);
	return 0;
}

static const char *const aliases[] = {"rt", NULL};

const struct provider provider_rawtracepoint = {
	.name = "rawtracepoint",
	.aliases = aliases,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.event_probe = true,
	.expand = expand,
	.args_type = args_type,
	.argn_type = argn_type,
};
