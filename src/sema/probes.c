/* The table of probe providers (compile side). */
#include "sema/probes.h"
#include "sema/sema_int.h"

#include <string.h>

extern const struct provider provider_begin, provider_end, provider_tracepoint,
	provider_interval;
extern const struct provider provider_uprobe, provider_uretprobe;
extern const struct provider provider_profile, provider_software, provider_hardware;
extern const struct provider provider_rawtracepoint, provider_kprobe, provider_kretprobe;
extern const struct provider provider_fentry, provider_fexit;
extern const struct provider provider_usdt;

static const struct provider *const providers[] = {
	&provider_begin,
	&provider_end,
	&provider_tracepoint,
	&provider_interval,
	&provider_uprobe,
	&provider_uretprobe,
	&provider_profile,
	&provider_software,
	&provider_hardware,
	&provider_rawtracepoint,
	&provider_kprobe,
	&provider_kretprobe,
	&provider_fentry,
	&provider_fexit,
	&provider_usdt,
};

const struct provider *provider_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(providers); i++) {
		const struct provider *p = providers[i];
		if (strcmp(p->name, name) == 0)
			return p;
		for (const char *const *a = p->aliases; a && *a; a++)
			if (strcmp(*a, name) == 0)
				return p;
	}
	return NULL;
}

bool probe_count_only(struct sema *s)
{
	return ++s->nattach > sema_max_probes(s);
}

struct sg_attach *probe_add_attach(struct sema *s, struct sema_probe *p, const char *provider,
				   const char *target, const char *name)
{
	if (probe_count_only(s))
		return NULL;
	struct sg_attach a = {
		.provider = xstrdup(provider),
		.target = xstrdup(target),
		.name = xstrdup(name),
		.cookie = (uint64_t)sema_probe_name_id(s, name),
	};
	vec_push(&p->attach, a);
	return &p->attach.data[p->attach.len - 1];
}
