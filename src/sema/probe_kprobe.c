/* kprobe:FUNC, kprobe:FUNC+OFFSET, kretprobe:FUNC (aliases k:, kr:), with
 * wildcards, and the newest kprobe:MODULE:FUNC form (the module is not
 * checked: the shared kallsyms table keeps bare names). Functions are checked
 * against /proc/kallsyms, wildcards expanded over its functions that tracefs
 * lists in available_filter_functions (all of them where that file cannot
 * be read); the target is "FUNC+OFF"
 * (or "FUNC"), which the runtime hands to the kprobe PMU. Kernels without
 * kprobes fail at attach time with one line (attach_kprobe.c). */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/probes.h"
#include "sema/sema_int.h"
#include "sym/elfsym.h"
#include "sema/tracefs.h"
#include "sym/ksyms.h"
#include "sym/traceable.h"

/* Names that cannot be probed: compiler-generated clones and the kprobe
 * machinery's own blacklist prefixes bpftrace also skips. */
static bool probeable(const char *name)
{
	return !strchr(name, '.') && strncmp(name, "__kprobes", 9) != 0 &&
	       strncmp(name, "kprobe_", 7) != 0 && strncmp(name, "__bpf_trace_", 12) != 0;
}

static void add(struct sema *s, struct sema_probe *p, const char *func, uint64_t off)
{
	const char *prov = p->prov->name;
	if (s->nattach >= sema_max_probes(s)) {
		probe_count_only(s); /* the names would be thrown away */
		return;
	}
	char *target = off ? xasprintf("%s+%llu", func, (unsigned long long)off) : xstrdup(func);
	char *name = xasprintf("%s:%s", prov, target);
	probe_add_attach(s, p, prov, target, name);
	free(target);
	free(name);
}

/* The list is unique (static functions may share a name, and the kprobe
 * PMU resolves a name to its first address anyway) and sorted, so the
 * expansion is a scan, however many wildcards a script has. */
int kprobe_expand_wildcard(struct sema *s, struct sema_probe *p, const struct traceable *funcs,
			   const char *pattern, const char *module)
{
	int found = 0;
	for (size_t i = 0; i < funcs->n; i++)
		if (probeable(funcs->names[i]) && wildcard_match(pattern, funcs->names[i])) {
			add(s, p, funcs->names[i], 0);
			found++;
		}
	return found;
}

const struct traceable *kprobe_functions(void)
{
	static struct traceable all;
	static int state; /* 0: not built, 1: built, -1: no kallsyms */
	const struct traceable *t = traceable_default(tracefs_dir());
	if (t)
		return t;
	if (state == 0) {
		const struct ksyms *k = ksyms_default();
		state = k ? 1 : -1;
		if (k)
			traceable_from_ksyms(k, &all);
	}
	return state > 0 ? &all : NULL;
}

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	const char *prov = p->prov->name, *func = ap->parts[ap->nparts - 1];
	const char *module = ap->nparts == 3 ? ap->parts[1] : NULL;
	char *sym = NULL;
	uint64_t off = 0;
	if (ap->nparts < 2 || ap->nparts > 3 || elf_parse_target(func, &sym, &off) || !sym)
		return sema_err(s, ap->loc, "invalid %s '%s': expected %s:FUNCTION or "
				"%s:FUNCTION+OFFSET", prov, ap->raw, prov, prov);
	const struct ksyms *k = ksyms_default();
	int err = 0;
	if (!k) {
		err = sema_err(s, ap->loc, "%s: cannot read /proc/kallsyms", ap->raw);
	} else if (strpbrk(sym, "*?")) {
		if (off)
			err = sema_err(s, ap->loc, "%s: an offset needs a single function", ap->raw);
		else if (!kprobe_functions() ||
			 kprobe_expand_wildcard(s, p, kprobe_functions(), sym, module) == 0)
			err = sema_err(s, ap->loc, "%s: no kernel function matches %s", ap->raw, sym);
	} else {
		uint64_t addr;
		if (ksyms_addr(k, sym, &addr) != 0)
			err = sema_err(s, ap->loc, "%s: no kernel function %s", ap->raw, sym);
		else
			add(s, p, sym, off);
	}
	free(sym);
	return err;
}

static const char *const k_aliases[] = {"k", NULL};
static const char *const kr_aliases[] = {"kr", NULL};

const struct provider provider_kprobe = {
	.name = "kprobe",
	.aliases = k_aliases,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.event_probe = true,
	.has_func = true,
	.expand = expand,
};

const struct provider provider_kretprobe = {
	.name = "kretprobe",
	.aliases = kr_aliases,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.event_probe = true,
	.has_func = true,
	.has_retval = true,
	.expand = expand,
};
