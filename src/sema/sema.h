/* Semantic analysis: resolves probes (expanding wildcards), builtins,
 * functions, scratch variables and maps; infers every expression's type and
 * every map's key/value layout. Its result drives lowering to IR. */
#ifndef SG_SEMA_H
#define SG_SEMA_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/diag.h"
#include "base/names.h"
#include "base/util.h"
#include "bundle/bundle.h"
#include "lang/ast.h"
#include "sema/types.h"

struct provider;
struct sema_enum;
struct sg_btf;

struct sema_var {
	char *name;
	struct type type;
	struct srcloc loc; /* first assignment */
	int vreg;          /* lowering: vreg of an integer variable, -1 if none */
	int32_t slot;      /* lowering: stack offset of a memory variable */
	int depth;         /* block depth of a `let` declaration (0: probe scope) */
	bool hidden;       /* its block ended: no longer visible by name */
	bool scratch;      /* lowering: slot is in the per-CPU scratch map, not the stack */
	bool claimed;      /* matched by a variable of the next pass (sema_var_new) */
	/* The type this variable ended with in the previous pass (T_NONE: none):
	 * a string or tuple widened by a later assignment is written in the
	 * wide layout from its first assignment on. */
	struct type prior;
	struct sema_var *next;
	struct sema_var *shadowed; /* the older variable of the same name, or NULL */
};

/* A map declaration: let @m = lruhash(100); (sema_decl.c). */
struct sema_decl {
	const char *name;     /* "@m", owned by the AST */
	int type;             /* enum sg_map_type */
	bool percpu;          /* holds aggregations (count(), hist(), ...) */
	uint32_t max_entries;
	const struct node *n; /* the N_LET */
};

struct sema_map {
	char *name;
	struct type key;   /* T_TUPLE of the key parts; T_NONE for a scalar map */
	uint32_t nkeys;    /* 0 for scalar maps */
	struct type value; /* T_AGG for aggregations (value.elem = aggregated type) */
	enum sg_agg agg;
	int64_t lhist_min, lhist_max, lhist_step;
	uint32_t hist_bits; /* hist(v, k): 2^k buckets per power of two */
	struct srcloc loc; /* first use */
	const struct sema_decl *decl; /* let @m = hash(N); or NULL */
	bool key_known, value_known;
	bool assigned;     /* written somewhere (else reading it is an error) */
	bool needs_hash;   /* delete() or len() names it: without keys it stays a
			      hash map (not an array), so that a deleted value
			      is gone, not zero, and len() counts what is there */
	int index;         /* index in the bundle's map table */
};

struct sema_probe {
	struct probe *ast;
	/* The code analysed and lowered for this program: ast's own nodes, or
	 * a copy (owns_code) when ast is compiled into several programs, since
	 * sema annotates the nodes with this program's types. */
	struct node *pred, *body;
	bool owns_code;
	const struct provider *prov;
	VEC(struct sg_attach) attach; /* expanded attach points */
	struct type ctx;               /* type of `args` (T_CTX), kind T_NONE if none */
	struct sema_var *vars;         /* scratch variables of this probe */
	struct name_table var_names;   /* name → newest variable of that name */
	struct sema_var *prev_vars;    /* the variables of the previous pass */
	struct name_table prev_names;
	bool uses_probe;               /* `probe` builtin used */
	char *name;                    /* program name */
	/* lowering: the probe uses the per-CPU scratch map (big variables or
	 * temporaries); its big variables take the first scratch_vars bytes. */
	bool scratch;
	uint32_t scratch_vars;
};

struct sema_opts {
	pid_t pid;          /* -p: only events of this process (0: all) */
	pid_t cpid;         /* -c: pid of the child (0: none) */
	uint32_t max_strlen;/* bytes of str() results; bpftrace 0.17 default 64 */
	uint64_t start_ns;  /* CLOCK_MONOTONIC at start, for `elapsed` */
	uint32_t max_map_keys;
	uint32_t max_probes; /* attach points at most (0: SG_MAX_PROBES_DEFAULT) */
	char **params;      /* positional parameters $1..$N */
	int nparams;
	char **named;       /* named options for getopt(): "--name=value", "--name" */
	int nnamed;
	char **include_files; /* --include FILE: read as `#include <FILE>` lines */
	int ninclude_files;
	bool unsafe;        /* --unsafe: allow system(), signal() */
	int unstable_map_decl; /* config unstable_map_decl: 0 warn, 1 enable, 2 error */
	int helper_errors;  /* -k: check probe reads at run time; -kk: map updates too */
	int stack_mode;     /* kstack/ustack default: 0 bpftrace, 1 perf, 2 raw */
};

/* bpftrace's default limit on attach points (BPFTRACE_MAX_PROBES): each is
 * a link, often a perf event too, and a wildcard over every kernel function
 * would otherwise expand to tens of thousands. */
#define SG_MAX_PROBES_DEFAULT 1024
#define SG_MAX_STRLEN_DEFAULT 64     /* bpftrace 0.17's; newest: 1024 */
#define SG_MAX_MAP_KEYS_DEFAULT 4096
#define SG_STRING_TYPE_MAX 1024 /* string[N] in casts and let: N at most (max_strlen's limit) */

struct sema {
	size_t nattach; /* attach points expanded so far, over all probes */
	struct srcloc over_loc; /* the attach point that went past max_probes */
	struct diag *d;
	struct program *prog;
	struct sema_opts opts;
	struct type_arena arena;
	struct sg_btf *btf;           /* kernel/script C types, loaded lazily (sema/btf.h) */
	VEC(struct sema_map *) maps;
	VEC(struct sema_enum *) enums; /* enum types (sema/enums.h); enum_id - 1 indexes it */
	struct name_table map_names;  /* name → map */
	VEC(struct sema_decl) decls;  /* map declarations, in source order */
	struct name_table decl_names; /* name → index + 1 in decls */
	VEC(struct sema_probe *) probes;
	VEC(struct srcloc) err_locs;  /* locations reported: one error per spot */
	bool muted;                   /* the last error was a repeat: drop its notes */
	VEC(char *) probe_names;      /* probe id → full name (bundle->probe_names) */
	struct name_table probe_ids;  /* name → id + 1 */
	struct sema_probe *cur;       /* probe being analysed */
	int loop_depth;
	VEC(const char *) expanding;  /* #define macros being expanded, outermost first */
	int scope_depth;              /* nesting of blocks in the current probe */
	bool needs_events;            /* some statement sends ringbuf records */
	bool final;                   /* last pass: report errors */
	bool changed;                 /* a map type changed during this pass */
};

/* Analyses prog. Returns 0 or -EINVAL after reporting errors through d. */
int sema_run(struct sema *s, struct diag *d, struct program *prog, const struct sema_opts *o);
void sema_free(struct sema *s);

/* Expression/statement checks, used by builtin and function entries. */
int sema_expr(struct sema *s, struct node *n);
/* The text of positional parameter $num; "" when there is no such parameter
 * (bpftrace's rule). num is the literal as written, any 64-bit value. */
const char *sema_param_text(const struct sema_opts *o, uint64_t num);
struct sema_map *sema_map_get(struct sema *s, const char *name, struct srcloc loc);
/* Records that map n (N_MAP) is used with its keys (types the keys). */
int sema_map_keys(struct sema *s, struct node *n);
/* Unifies a map's value type with t (first use sets it). */
int sema_map_value(struct sema *s, struct node *mapnode, const struct type *t,
		   enum sg_agg agg);
int sema_probe_name_id(struct sema *s, const char *name);
/* Reports "expected N arguments" style errors; returns -EINVAL if bad. */
int sema_check_nargs(struct sema *s, struct node *call, int min, int max);
bool sema_is_string_type(const struct type *t);

#endif
