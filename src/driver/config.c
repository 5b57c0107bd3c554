/* Configuration: the script's `config = { key = value; ... }` block and the
 * BPFTRACE_* / SPYGLASS_* environment variables. The block wins over the
 * environment, as in bpftrace. Keys are accepted with or without the
 * "BPFTRACE_" prefix and in any case (config = { BPFTRACE_MAX_STRLEN = 100 }). */
#include "driver/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

enum cfg_kind { CFG_UINT, CFG_BOOL, CFG_WORD, CFG_TEXT, CFG_IGNORED };

struct cfg_key {
	const char *name;
	enum cfg_kind kind;
	const char *const *words; /* CFG_WORD: allowed values */
	uint64_t min, max;        /* CFG_UINT */
};

static const char *const stack_modes[] = {"bpftrace", "perf", "raw", "build_id", NULL};
static const char *const missing_modes[] = {"ignore", "warn", "error", NULL};
/* unstable_map_decl: warn (default), enable, error; 1 and 0 as older bpftrace */
static const char *const unstable_modes[] = {"warn", "enable", "error", NULL};

static const struct cfg_key keys[] = {
	{"max_strlen", CFG_UINT, NULL, 1, SG_MAX_STRLEN_LIMIT},
	{"max_map_keys", CFG_UINT, NULL, 1, 1u << 24},
	{"print_maps_on_exit", CFG_BOOL, NULL, 0, 1},
	{"stack_mode", CFG_WORD, stack_modes, 0, 0},
	{"perf_rb_pages", CFG_UINT, NULL, 1, 1u << 20},
	{"max_bpf_progs", CFG_UINT, NULL, 1, 1u << 20},
	{"max_probes", CFG_UINT, NULL, 1, 1u << 20},
	{"log_size", CFG_UINT, NULL, 1, 1ull << 32},
	{"max_cat_bytes", CFG_UINT, NULL, 1, 1u << 20},
	{"max_type_res_iterations", CFG_UINT, NULL, 0, 1u << 20},
	{"missing_probes", CFG_WORD, missing_modes, 0, 0},
	/* newest bpftrace: bytes a value may take on the stack (spyglass decides alone) */
	{"on_stack_limit", CFG_IGNORED, NULL, 0, 0},
	{"cpp_demangle", CFG_BOOL, NULL, 0, 1},
	{"lazy_symbolication", CFG_BOOL, NULL, 0, 1},
	{"show_debug_info", CFG_BOOL, NULL, 0, 1},
	{"license", CFG_IGNORED, NULL, 0, 0},
	{"str_trunc_trailer", CFG_TEXT, NULL, 0, 0},
	{"cache_user_symbols", CFG_IGNORED, NULL, 0, 0},
	{"unstable_map_decl", CFG_WORD, unstable_modes, 0, 0},
	{"unstable_import", CFG_IGNORED, NULL, 0, 0},
	{"unstable_macro", CFG_IGNORED, NULL, 0, 0},
};

/* "BPFTRACE_MAX_STRLEN" / "max_strlen" → the table entry. */
static const struct cfg_key *key_find(const char *name)
{
	if (strncasecmp(name, "bpftrace_", 9) == 0)
		name += 9;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (strcasecmp(name, keys[i].name) == 0)
			return &keys[i];
	return NULL;
}

static int word_index(const struct cfg_key *k, const char *w)
{
	for (int i = 0; k->words[i]; i++)
		if (strcmp(k->words[i], w) == 0)
			return i;
	return -1;
}

static void set(struct sg_config *c, const struct cfg_key *k, uint64_t v)
{
	if (strcmp(k->name, "max_strlen") == 0)
		c->max_strlen = (uint32_t)v;
	else if (strcmp(k->name, "max_map_keys") == 0)
		c->max_map_keys = (uint32_t)v;
	else if (strcmp(k->name, "max_probes") == 0)
		c->max_probes = (uint32_t)v;
	else if (strcmp(k->name, "print_maps_on_exit") == 0)
		c->no_print_maps = !v;
	else if (strcmp(k->name, "stack_mode") == 0)
		c->stack_mode = (int)v;
	else if (strcmp(k->name, "perf_rb_pages") == 0)
		c->perf_rb_pages = (uint32_t)v;
	else if (strcmp(k->name, "max_cat_bytes") == 0)
		c->max_cat_bytes = (uint32_t)v;
	else if (strcmp(k->name, "unstable_map_decl") == 0)
		c->unstable_map_decl = (int)v;
}

/* The written value as a word (an identifier or a string literal). */
static const char *value_word(const struct node *v)
{
	if (v->kind == N_STR)
		return v->str;
	if (v->kind == N_BUILTIN || v->kind == N_VAR || v->kind == N_CALL)
		return v->name;
	return NULL;
}

static int entry_value(struct diag *d, const struct cfg_key *k, const struct node *v,
		       uint64_t *out)
{
	const char *w = value_word(v);
	switch (k->kind) {
	case CFG_UINT:
		if (v->kind == N_INT && v->num >= k->min && v->num <= k->max) {
			*out = v->num;
			return 0;
		}
		diag_error(d, v->loc, "%s must be an integer between %llu and %llu", k->name,
			   (unsigned long long)k->min, (unsigned long long)k->max);
		return -EINVAL;
	case CFG_BOOL:
		if ((v->kind == N_BOOL || v->kind == N_INT) && v->num <= 1) {
			*out = v->num;
			return 0;
		}
		diag_error(d, v->loc, "%s must be true or false", k->name);
		return -EINVAL;
	case CFG_WORD: {
		int i = w ? word_index(k, w) : -1;
		if (k->words == unstable_modes && (v->kind == N_INT || v->kind == N_BOOL) &&
		    v->num <= 1)
			i = v->num ? 1 : 2; /* older bpftrace: 1 enables, 0 refuses */
		if (i >= 0) {
			*out = (uint64_t)i;
			return 0;
		}
		diag_error(d, v->loc, "invalid value for %s", k->name);
		return -EINVAL;
	}
	case CFG_TEXT:
		if (v->kind == N_STR)
			return 0;
		diag_error(d, v->loc, "%s must be a string", k->name);
		return -EINVAL;
	case CFG_IGNORED:
		return 0;
	}
	return 0;
}

static void set_trailer(struct sg_config *c, const char *s)
{
	c->trailer_set = true;
	snprintf(c->trailer, sizeof(c->trailer), "%s", s);
}

int config_apply_block(struct diag *d, const struct node *list, struct sg_config *c)
{
	int err = 0;
	for (const struct node *a = list; a; a = a->next) {
		const struct cfg_key *k = a->l && a->l->name ? key_find(a->l->name) : NULL;
		if (!k) {
			diag_error(d, a->loc, "unknown config variable '%s'",
				   a->l && a->l->name ? a->l->name : "?");
			err = -EINVAL;
			continue;
		}
		uint64_t v = 0;
		int e = entry_value(d, k, a->r, &v);
		if (e)
			err = e;
		else if (k->kind == CFG_TEXT)
			set_trailer(c, a->r->str);
		else if (k->kind != CFG_IGNORED)
			set(c, k, v);
	}
	return err;
}

static int env_uint(const char *name, uint64_t max, uint32_t *out)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno || *end || n < 1 || n > max) {
		fprintf(stderr, "spyglass: invalid %s='%s' (an integer 1..%llu)\n", name, v,
			(unsigned long long)max);
		return -EINVAL;
	}
	*out = (uint32_t)n;
	return 0;
}

/* BPFTRACE_STACK_MODE=bpftrace|perf|raw|build_id */
static int env_stack_mode(struct sg_config *c)
{
	const char *v = getenv("BPFTRACE_STACK_MODE");
	if (!v || !*v)
		return 0;
	for (int i = 0; stack_modes[i]; i++)
		if (strcmp(v, stack_modes[i]) == 0) {
			c->stack_mode = i;
			return 0;
		}
	fprintf(stderr, "spyglass: invalid BPFTRACE_STACK_MODE='%s' (bpftrace, perf, raw or "
		"build_id)\n", v);
	return -EINVAL;
}

int config_from_env(struct sg_config *c)
{
	static const char *const strlen_vars[] = {"BPFTRACE_MAX_STRLEN", "BPFTRACE_STRLEN",
						  "SPYGLASS_MAX_STRLEN"};
	static const char *const keys_vars[] = {"BPFTRACE_MAX_MAP_KEYS", "BPFTRACE_MAP_KEYS_MAX",
						"SPYGLASS_MAX_MAP_KEYS"};
	int err = 0;
	for (size_t i = 0; i < ARRAY_SIZE(strlen_vars); i++)
		err |= env_uint(strlen_vars[i], SG_MAX_STRLEN_LIMIT, &c->max_strlen);
	for (size_t i = 0; i < ARRAY_SIZE(keys_vars); i++)
		err |= env_uint(keys_vars[i], 1u << 24, &c->max_map_keys);
	err |= env_uint("BPFTRACE_MAX_PROBES", 1u << 20, &c->max_probes);
	err |= env_uint("SPYGLASS_MAX_PROBES", 1u << 20, &c->max_probes);
	err |= env_uint("BPFTRACE_PERF_RB_PAGES", 1u << 20, &c->perf_rb_pages);
	err |= env_uint("BPFTRACE_MAX_CAT_BYTES", 1u << 20, &c->max_cat_bytes);
	err |= env_stack_mode(c);
	const char *tr = getenv("BPFTRACE_STR_TRUNC_TRAILER");
	if (tr)
		set_trailer(c, tr);
	const char *pm = getenv("BPFTRACE_PRINT_MAPS_ON_EXIT");
	if (pm && (strcmp(pm, "0") == 0 || strcasecmp(pm, "false") == 0))
		c->no_print_maps = true;
	return err ? -EINVAL : 0;
}
