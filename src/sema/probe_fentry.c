/* fentry:FUNC / fexit:FUNC (aliases kfunc:/kretfunc:, f:/fr:), with
 * wildcards and the newest fentry:MODULE:FUNC form: BPF trampolines on
 * kernel functions. Functions are checked against /proc/kallsyms here; the
 * runtime feature-detects trampolines (attach_fentry.c) before loading
 * anything. Not provided yet: `args` via BTF and fexit's retval. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/probes.h"
#include "sema/sema_int.h"
#include "sym/ksyms.h"

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	const char *prov = p->prov->name, *func = ap->parts[ap->nparts - 1];
	if (ap->nparts < 2 || ap->nparts > 3 || !*func)
		return sema_err(s, ap->loc, "invalid %s '%s': expected %s:FUNCTION", prov, ap->raw,
				prov);
	const struct ksyms *k = ksyms_default();
	if (!k)
		return sema_err(s, ap->loc, "%s: cannot read /proc/kallsyms", ap->raw);
	if (strpbrk(func, "*?")) {
		/* The kprobe expansion names entries after p's provider. */
		if (kprobe_expand_wildcard(s, p, k, func, NULL) == 0)
			return sema_err(s, ap->loc, "%s: no kernel function matches %s", ap->raw, func);
		return 0;
	}
	uint64_t addr;
	if (ksyms_addr(k, func, &addr) != 0)
		return sema_err(s, ap->loc, "%s: no kernel function %s", ap->raw, func);
	char *name = xasprintf("%s:%s", prov, func);
	probe_add_attach(s, p, prov, func, name);
	free(name);
	return 0;
}

static const char *const fentry_aliases[] = {"kfunc", "f", NULL};
static const char *const fexit_aliases[] = {"kretfunc", "fr", NULL};

const struct provider provider_fentry = {
	.name = "fentry",
	.aliases = fentry_aliases,
	.prog_type = BPF_PROG_TYPE_TRACING,
	.event_probe = true,
	.expand = expand,
};

const struct provider provider_fexit = {
	.name = "fexit",
	.aliases = fexit_aliases,
	.prog_type = BPF_PROG_TYPE_TRACING,
	.event_probe = true,
	.expand = expand,
};
