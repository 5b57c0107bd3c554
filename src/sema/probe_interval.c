/* interval:s:N, interval:ms:N, interval:us:N, interval:hz:N and the newer
 * interval:1s / i:500ms forms: a cpu-clock perf event on one CPU. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/probes.h"
#include "sema/sema_int.h"

static const struct { const char *unit; uint64_t ns; } units[] = {
	{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000ULL},
	{"m", 60000000000ULL}, {"h", 3600000000000ULL},
};

static int unit_ns(const char *unit, uint64_t *ns)
{
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (strcmp(units[i].unit, unit) == 0) {
			*ns = units[i].ns;
			return 0;
		}
	return -EINVAL;
}

/* "1s" / "500ms": number followed by a unit. */
static int parse_duration(const char *s, uint64_t *count, char *unit, size_t ulen)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno || strlen(end) >= ulen)
		return -EINVAL;
	*count = v;
	strcpy(unit, end);
	return 0;
}

static int period(const char *unit, uint64_t count, uint64_t *out)
{
	if (count == 0)
		return -EINVAL;
	if (strcmp(unit, "hz") == 0) {
		*out = 1000000000ULL / count;
		return *out ? 0 : -EINVAL;
	}
	uint64_t ns;
	if (unit_ns(unit, &ns) || count > UINT64_MAX / ns)
		return -EINVAL;
	*out = count * ns;
	return 0;
}

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	uint64_t count = 0, ns = 0;
	char unit[8];
	char *end = NULL;
	int err = -EINVAL;
	if (ap->nparts == 3 && strlen(ap->parts[1]) < sizeof(unit)) {
		strcpy(unit, ap->parts[1]);
		count = strtoull(ap->parts[2], &end, 10);
		err = *ap->parts[2] && !*end ? 0 : -EINVAL;
	} else if (ap->nparts == 2) {
		err = parse_duration(ap->parts[1], &count, unit, sizeof(unit));
	}
	if (!err)
		err = period(unit, count, &ns);
	if (err)
		return sema_err(s, ap->loc, "invalid interval '%s': expected interval:UNIT:N "
				"(UNIT s, ms, us, hz) or interval:Ns", ap->raw);
	char *target = xasprintf("%s:%llu", unit, (unsigned long long)count);
	char *name = xasprintf("interval:%s", target);
	struct sg_attach *a = probe_add_attach(s, p, "interval", target, name);
	if (a) /* NULL past max_probes: counted and reported later */
		a->period = ns;
	free(target);
	free(name);
	return 0;
}

static const char *const aliases[] = {"i", NULL};

const struct provider provider_interval = {
	.name = "interval",
	.aliases = aliases,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = expand,
};
