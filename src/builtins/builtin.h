/* Builtin variables and functions: one table entry each, carrying both the
 * semantic check (types) and the lowering to IR, like ply's `struct func`.
 * Add a builtin by adding an entry, not by growing switches elsewhere. */
#ifndef SG_BUILTIN_H
#define SG_BUILTIN_H

#include "lang/ast.h"

struct sema;
struct lower;
struct val;

struct sg_builtin {
	const char *name;
	/* Sets n->type; may check the probe type. Returns 0 or -EINVAL. */
	int (*check)(struct sema *s, struct node *n);
	/* Evaluates into *out. Returns 0 or -errno. */
	int (*lower)(struct lower *l, struct node *n, struct val *out);
};

struct sg_func {
	const char *name;
	int min_args, max_args;
	bool is_agg;    /* an aggregation: only valid as `@m[...] = f(...)` */
	enum sg_agg agg;
	int (*check)(struct sema *s, struct node *call);
	int (*lower)(struct lower *l, struct node *call, struct val *out);
	/* Aggregations: check and lower the `@m = f(args)` update. */
	int (*check_agg)(struct sema *s, struct node *map, struct node *call);
	int (*lower_agg)(struct lower *l, struct node *map, struct node *call);
};

const struct sg_builtin *builtin_find(const char *name);
/* An identifier that names a constant (enumerator, header macro: see
 * sema_ident): sema stores its value in n->num and its type in n->type. */
extern const struct sg_builtin builtin_named_const;
const struct sg_func *func_find(const char *name);
/* Nearest known function/builtin name for "did you mean" notes, or NULL. */
const char *func_suggest(const char *name);
const char *builtin_suggest(const char *name);

#endif
