/* rawtracepoint:NAME (alias rt:), also rawtracepoint:CATEGORY:NAME: the
 * tracepoint's raw arguments as arg0..argN (u64 each), without the format
 * copy of tracepoint:. Names are checked against tracefs (wildcards
 * expand there); the target is the bare event name the kernel wants. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/probes.h"
#include "sema/sema_int.h"
#include "sema/tracefs.h"

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	if (ap->nparts < 2 || ap->nparts > 3 || !*ap->parts[ap->nparts - 1] ||
	    (ap->nparts == 3 && !*ap->parts[1]))
		return sema_err(s, ap->loc, "invalid rawtracepoint '%s': expected "
				"rawtracepoint:NAME or rawtracepoint:CATEGORY:NAME", ap->raw);
	if (!tracefs_dir())
		return sema_err(s, ap->loc, "tracefs is not available and could not be mounted");
	char *pattern = xasprintf("%s:%s", ap->nparts == 3 ? ap->parts[1] : "*",
				  ap->parts[ap->nparts - 1]);
	char **names = NULL;
	size_t before = p->attach.len;
	int n = tracefs_match(pattern, &names);
	int err = 0;
	for (int i = 0; i < n; i++) {
		if (strncmp(names[i], "syscalls:", 9) == 0)
			continue; /* ftrace syscall events: no raw tracepoint behind them */
		const char *event = strchr(names[i], ':') + 1;
		char *name = xasprintf("rawtracepoint:%s", event);
		/* The same name in two categories is one raw tracepoint. */
		bool dup = false;
		for (size_t j = 0; j < p->attach.len && !dup; j++)
			dup = strcmp(p->attach.data[j].name, name) == 0;
		if (!dup)
			probe_add_attach(s, p, "rawtracepoint", event, name);
		free(name);
	}
	if (p->attach.len == before)
		err = sema_err(s, ap->loc, "rawtracepoint not found: %s", ap->parts[ap->nparts - 1]);
	tracefs_names_free(names, n > 0 ? n : 0);
	free(pattern);
	return err;
}

static const char *const aliases[] = {"rt", NULL};

const struct provider provider_rawtracepoint = {
	.name = "rawtracepoint",
	.aliases = aliases,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.event_probe = true,
	.expand = expand,
};
