/* for ($kv : @m): iterating over a map (lowered to a bpf_for_each_map_elem
 * callback, src/codegen/lower_cb.c). As in bpftrace, $kv is the tuple
 * (key, value): $kv.0 is the key (a tuple for maps with several keys),
 * $kv.1 the value: for count/sum/min/max maps the value merged over the
 * CPUs (codegen/lower_iter.c). Maps of avg/stats/hist/lhist cannot be
 * iterated (bpftrace refuses them too). */
#include <errno.h>

#include "sema/sema_int.h"

static const char *agg_fn(enum sg_agg a)
{
	static const char *const names[] = {
		[SG_AGG_COUNT] = "count", [SG_AGG_SUM] = "sum", [SG_AGG_MIN] = "min",
		[SG_AGG_MAX] = "max", [SG_AGG_AVG] = "avg", [SG_AGG_STATS] = "stats",
		[SG_AGG_HIST] = "hist", [SG_AGG_LHIST] = "lhist"};
	return (size_t)a < ARRAY_SIZE(names) && names[a] ? names[a] : "an aggregation";
}

static int check_map(struct sema *s, struct node *r, const struct sema_map *m)
{
	if (r->args)
		return sema_err(s, r->loc, "for loops iterate over a whole map: write %s, "
				"not %s[...]", m->name, m->name);
	if (m->value_known && m->agg >= SG_AGG_AVG)
		return sema_err(s, r->loc, "cannot iterate over map %s: its values are %s() "
				"aggregations", m->name, agg_fn(m->agg));
	if (m->key_known && m->nkeys == 0)
		return sema_err(s, r->loc, "cannot iterate over map %s: it has no keys", m->name);
	if (s->final && (!m->key_known || !m->value_known))
		return sema_err(s, r->loc, "map %s is never assigned", m->name);
	return 0;
}

int sema_for_map(struct sema *s, struct node *n, struct type *kv)
{
	struct node *r = n->r;
	struct sema_map *m = sema_map_get(s, r->name, r->loc);
	r->res.map = m;
	*kv = (struct type){.kind = T_NONE};
	int err = check_map(s, r, m);
	if (err || !m->key_known || !m->value_known)
		return err;
	struct type parts[2] = {m->nkeys == 1 ? m->key.rec->fields[0].type : m->key, m->value};
	*kv = sema_tuple(s, parts, 2);
	return 0;
}
