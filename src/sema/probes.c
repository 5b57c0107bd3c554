/* The table of probe providers (compile side). */
#include "sema/probes.h"
#include "sema/sema_int.h"

#include <stdlib.h>
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

bool probe_same_params(const struct record *a, const struct record *b)
{
	if (a->nfields != b->nfields)
		return false;
	for (uint32_t i = 0; i < a->nfields; i++)
		if (strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
		    !type_equal(&a->fields[i].type, &b->fields[i].type))
			return false;
	return true;
}

struct sema_probe *probe_new(struct sema *s, struct probe *ast, const struct provider *prov,
			     bool shared)
{
	struct sema_probe *p = xcalloc(1, sizeof(*p));
	p->ast = ast;
	p->prov = prov;
	p->owns_code = shared;
	p->pred = shared ? node_clone(ast->pred) : ast->pred;
	p->body = shared ? node_clone(ast->body) : ast->body;
	vec_push(&s->probes, p);
	return p;
}

/* How a probe's code reads `args`: which fields by name, or the whole
 * record (print(args), @x = args). */
struct args_use {
	VEC(const char *) fields;
	bool any, whole;
};

static bool is_args(const struct node *n)
{
	return n && n->kind == N_BUILTIN && strcmp(n->name, "args") == 0;
}

static bool note_args_use(const struct node *n, void *ctx)
{
	struct args_use *u = ctx;
	if (n->kind == N_FIELD && is_args(n->l)) {
		vec_push(&u->fields, n->name);
		u->any = true;
		return false;
	}
	if (is_args(n))
		u->any = u->whole = true;
	return true;
}

/* Do a and b read the used part of args alike? A field missing in both is
 * alike too: either program reports it. */
static bool same_use(const struct args_use *u, const struct record *a, const struct record *b)
{
	if (u->whole)
		return record_same_layout(a, b);
	for (size_t i = 0; i < u->fields.len; i++) {
		const struct field *fa = record_field(a, u->fields.data[i]);
		const struct field *fb = record_field(b, u->fields.data[i]);
		if ((fa || fb) && (!fa || !fb || !field_same_layout(fa, fb)))
			return false;
	}
	return true;
}

/* Moves the attach points of p whose args are in group g (of group[]) to
 * a new program q, keeping their order. */
static void move_group(struct sema_probe *p, struct sema_probe *q, const size_t *group,
		       size_t g)
{
	size_t keep = 0;
	for (size_t i = 0; i < p->attach.len; i++) {
		if (group[i] == g)
			vec_push(&q->attach, p->attach.data[i]);
		else
			p->attach.data[keep++] = p->attach.data[i];
	}
	p->attach.len = keep;
}

/* Numbers the distinct layouts of ctx[0..n) in order of first appearance;
 * rep[g] is the first attach point of group g. Returns the group count. */
static size_t group_layouts(const struct args_use *u, const struct type *ctx, size_t n,
			    size_t *group, size_t *rep)
{
	size_t ngroups = 0;
	for (size_t i = 0; i < n; i++) {
		size_t g = 0;
		while (g < ngroups && !same_use(u, ctx[rep[g]].rec, ctx[i].rec))
			g++;
		if (g == ngroups)
			rep[ngroups++] = i;
		group[i] = g;
	}
	return ngroups;
}

/* Attach points of one program share its code, so they must agree on what
 * `args.f` means: points that lay out the fields used differently get
 * programs of their own, each analysed with its own args (bpftrace
 * compiles one program per tracepoint). Only probes that read args pay
 * for reading every layout. */
int probe_split_by_args(struct sema *s, struct sema_probe *p)
{
	size_t n = p->attach.len;
	struct args_use u = {0};
	if (p->prov->attach_args_type && n) {
		node_walk(p->pred, note_args_use, &u);
		node_walk(p->body, note_args_use, &u);
	}
	if (!u.any)
		return 0;
	struct type *ctx = xcalloc(n, sizeof(*ctx));
	size_t *group = xcalloc(n, sizeof(*group)), *rep = xcalloc(n, sizeof(*rep));
	int err = 0;
	for (size_t i = 0; i < n && !err; i++)
		err = p->prov->attach_args_type(s, p, i, p->ast->loc, &ctx[i]);
	size_t ngroups = err ? 0 : group_layouts(&u, ctx, n, group, rep);
	if (ngroups)
		p->ctx = ctx[0];
	for (size_t g = 1; g < ngroups; g++) {
		struct sema_probe *q = probe_new(s, p->ast, p->prov, true);
		q->ctx = ctx[rep[g]];
		move_group(p, q, group, g);
	}
	vec_free(&u.fields);
	free(ctx);
	free(group);
	free(rep);
	return err;
}
