/* config().KEY (newest bpftrace): the value a configuration key has for
 * this run (config block over environment over default), known before
 * compiling, so each read becomes a literal. One table entry per key. */
#include "driver/config_read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

struct cfg_read {
	const char *name;
	enum node_kind kind; /* N_INT, N_BOOL or N_STR */
	int64_t (*num)(const struct cfg_view *v);
	const char *(*str)(const struct cfg_view *v);
};

static int64_t max_strlen(const struct cfg_view *v) { return v->max_strlen; }
static int64_t max_map_keys(const struct cfg_view *v) { return v->max_map_keys; }
static int64_t max_probes(const struct cfg_view *v) { return v->max_probes; }
static int64_t max_cat_bytes(const struct cfg_view *v)
{
	return v->c->max_cat_bytes ? v->c->max_cat_bytes : SG_MAX_CAT_BYTES_DEFAULT;
}
static int64_t perf_rb_pages(const struct cfg_view *v)
{
	long psz = sysconf(_SC_PAGESIZE);
	return v->c->perf_rb_pages ? v->c->perf_rb_pages : (1 << 20) / (psz > 0 ? psz : 4096);
}
static int64_t print_maps(const struct cfg_view *v) { return !v->c->no_print_maps; }
static int64_t no_demangling(const struct cfg_view *v) { return 0; } /* not implemented */
static const char *stack_mode(const struct cfg_view *v)
{
	static const char *const modes[] = {"bpftrace", "perf", "raw", "build_id"};
	return v->c->stack_mode >= 0 && v->c->stack_mode < 4 ? modes[v->c->stack_mode] : "bpftrace";
}
static const char *trailer(const struct cfg_view *v)
{
	return v->c->trailer_set ? v->c->trailer : "..";
}
static const char *unstable_map_decl(const struct cfg_view *v)
{
	static const char *const modes[] = {"warn", "enable", "error"};
	return v->c->unstable_map_decl >= 0 && v->c->unstable_map_decl < 3
		       ? modes[v->c->unstable_map_decl] : "warn";
}

static const struct cfg_read reads[] = {
	{.name = "max_strlen", .kind = N_INT, .num = max_strlen},
	{.name = "max_map_keys", .kind = N_INT, .num = max_map_keys},
	{.name = "max_probes", .kind = N_INT, .num = max_probes},
	{.name = "max_cat_bytes", .kind = N_INT, .num = max_cat_bytes},
	{.name = "perf_rb_pages", .kind = N_INT, .num = perf_rb_pages},
	{.name = "print_maps_on_exit", .kind = N_BOOL, .num = print_maps},
	{.name = "cpp_demangle", .kind = N_BOOL, .num = no_demangling},
	{.name = "stack_mode", .kind = N_STR, .str = stack_mode},
	{.name = "str_trunc_trailer", .kind = N_STR, .str = trailer},
	{.name = "unstable_map_decl", .kind = N_STR, .str = unstable_map_decl},
};

static bool is_config_call(const struct node *n)
{
	return n && n->kind == N_CALL && n->name && strcmp(n->name, "config") == 0;
}

static const struct cfg_read *read_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(reads); i++)
		if (strcmp(reads[i].name, name) == 0)
			return &reads[i];
	return NULL;
}

/* config().KEY → the literal value (n is the N_FIELD). */
static int rewrite(struct diag *d, struct node *n, const struct cfg_view *v)
{
	const struct cfg_read *r = read_find(n->name);
	if (n->l->args) {
		diag_error(d, n->l->loc, "config() takes no arguments");
		return -EINVAL;
	}
	if (!r) {
		diag_error(d, n->loc, "config() has no key '%s'", n->name);
		diag_note(d, "readable keys: max_strlen, max_map_keys, max_probes, max_cat_bytes, "
			  "perf_rb_pages, print_maps_on_exit, cpp_demangle, stack_mode, "
			  "str_trunc_trailer, unstable_map_decl");
		return -EINVAL;
	}
	node_free(n->l);
	n->l = NULL;
	free(n->name);
	n->name = NULL;
	n->kind = r->kind;
	if (r->kind == N_STR) {
		n->str = xstrdup(r->str(v));
		n->len = strlen(n->str);
	} else {
		n->num = (uint64_t)r->num(v);
	}
	return 0;
}

struct cr {
	struct diag *d;
	const struct cfg_view *v;
};

static int visit(struct node *n, void *arg)
{
	const struct cr *c = arg;
	if (n->kind == N_FIELD && is_config_call(n->l))
		return rewrite(c->d, n, c->v) ? -EINVAL : 1;
	if (!is_config_call(n))
		return 0;
	diag_error(c->d, n->loc, "config() is read one key at a time, e.g. config().max_strlen");
	return -EINVAL;
}

int config_read_expand(struct diag *d, struct program *prog, const struct cfg_view *v)
{
	struct cr c = {d, v};
	return program_rewrite(prog, visit, &c);
}
