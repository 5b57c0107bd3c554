/* profile:hz:N / profile:s|ms|us:N (a cpu-clock sample on every CPU),
 * software:EVENT[:COUNT] and hardware:EVENT[:COUNT] (aliases s:, h:): perf
 * events sampled every COUNT occurrences. Targets hold the event's config
 * number, so the runtime needs no name table. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/perf_events.h"
#include "sema/probes.h"
#include "sema/sema_int.h"

static int parse_count(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return *s && !*end && !errno && *out ? 0 : -EINVAL;
}

static const struct { const char *unit; uint64_t ns; } units[] = {
	{"s", 1000000000ULL}, {"ms", 1000000}, {"us", 1000}, {"hz", 0},
};

static int expand_profile(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	uint64_t n = 0;
	int u = -1;
	for (int i = 0; ap->nparts == 3 && i < (int)ARRAY_SIZE(units); i++)
		if (strcmp(ap->parts[1], units[i].unit) == 0)
			u = i;
	if (u < 0 || parse_count(ap->parts[2], &n) ||
	    (units[u].ns && n > UINT64_MAX / units[u].ns))
		return sema_err(s, ap->loc, "invalid profile probe '%s': expected profile:UNIT:N "
				"(UNIT hz, s, ms or us; N > 0)", ap->raw);
	char *target = xasprintf("%s:%s", ap->parts[1], ap->parts[2]);
	char *name = xasprintf("profile:%s", target);
	struct sg_attach *a = probe_add_attach(s, p, "profile", target, name);
	if (a && units[u].ns) /* NULL past max_probes: counted and reported later */
		a->period = n * units[u].ns;
	else if (a)
		a->freq = n;
	free(target);
	free(name);
	return 0;
}

static int expand_event(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	bool hw = strcmp(p->prov->name, "hardware") == 0;
	const struct perf_event_name *ev = ap->nparts >= 2 && ap->nparts <= 3
						   ? perf_event_find(hw, ap->parts[1]) : NULL;
	if (!ev)
		return sema_err(s, ap->loc, "invalid %s probe '%s': expected %s:EVENT[:COUNT] with "
				"a known event (spyglass -l '%s:*' lists them)", p->prov->name,
				ap->raw, p->prov->name, p->prov->name);
	uint64_t count = ev->default_period;
	if (ap->nparts == 3 && parse_count(ap->parts[2], &count))
		return sema_err(s, ap->loc, "invalid %s probe '%s': COUNT must be a positive integer",
				p->prov->name, ap->raw);
	char *target = xasprintf("%llu", (unsigned long long)ev->config);
	char *name = xasprintf("%s:%s:%llu", p->prov->name, ev->name, (unsigned long long)count);
	struct sg_attach *a = probe_add_attach(s, p, p->prov->name, target, name);
	if (a) /* NULL past max_probes */
		a->period = count;
	free(target);
	free(name);
	return 0;
}

static const char *const profile_aliases[] = {"p", NULL};
static const char *const sw_aliases[] = {"s", NULL};
static const char *const hw_aliases[] = {"h", NULL};

const struct provider provider_profile = {
	.name = "profile",
	.aliases = profile_aliases,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.event_probe = true,
	.expand = expand_profile,
};

const struct provider provider_software = {
	.name = "software",
	.aliases = sw_aliases,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.event_probe = true,
	.expand = expand_event,
};

const struct provider provider_hardware = {
	.name = "hardware",
	.aliases = hw_aliases,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.event_probe = true,
	.expand = expand_event,
};
