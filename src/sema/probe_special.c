/* BEGIN and END: run once, before tracing starts and after it stops. The
 * runtime executes them with BPF_PROG_TEST_RUN, as bpftrace does. Newer
 * bpftrace spells them begin/end; 0.17 only BEGIN/END: both are accepted. */
#include <linux/bpf.h>

#include "sema/probes.h"
#include "sema/sema_int.h"

static int expand_once(struct sema *s, struct sema_probe *p, struct attach_point *ap,
		       const char *name)
{
	if (ap->nparts != 1)
		return sema_err(s, ap->loc, "%s takes no arguments", ap->parts[0]);
	if (p->attach.len)
		return sema_err(s, ap->loc, "%s listed twice in one probe", ap->parts[0]);
	/* `probe` says what the script wrote: BEGIN (0.17) or begin (newer) */
	probe_add_attach(s, p, name, "", ap->parts[0]);
	return 0;
}

static int expand_begin(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	return expand_once(s, p, ap, "begin");
}

static int expand_end(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	return expand_once(s, p, ap, "end");
}

static const char *const begin_aliases[] = {"BEGIN", NULL};
static const char *const end_aliases[] = {"END", NULL};

const struct provider provider_begin = {
	.name = "begin",
	.aliases = begin_aliases,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.once = true,
	.expand = expand_begin,
};

const struct provider provider_end = {
	.name = "end",
	.aliases = end_aliases,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.once = true,
	.expand = expand_end,
};
