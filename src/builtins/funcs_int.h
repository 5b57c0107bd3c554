/* Check/lower functions of the aggregation entries (agg.c), for the table in funcs.c. */
#ifndef SG_FUNCS_INT_H
#define SG_FUNCS_INT_H

#include "builtins/builtin.h"
#include "sema/types.h"

int agg_check(struct sema *s, struct node *map, struct node *call);
int agg_lower(struct lower *l, struct node *map, struct node *call);
/* Validates a printf-style format against the call's arguments. */
int printf_check_format(struct sema *s, struct node *call, struct node *fmt, struct node *args);

/* Shared by the function files (funcs_*.c). */
struct val;
int funcs_check_args(struct sema *s, struct node *call);
/* Located error "f() expects WHAT, not TYPE" unless a has type kind. */
int funcs_expect(struct sema *s, struct node *call, struct node *a, enum type_kind kind,
		 const char *what);
/* Evaluates a memory value (string, buffer, array) into memory (VAL_MEM). */
int funcs_to_mem(struct lower *l, struct node *n, struct val *v);
/* Sends a ringbuf record for event action act with args laid out after the id. */
int funcs_record_event(struct lower *l, struct node *call, enum sg_action act,
		       struct node *args, const char *fmt);
/* str($N[, len]): the parameter's text as a string, even when numeric. */
int funcs_str_param_check(struct sema *s, struct node *call);
int funcs_str_param_lower(struct lower *l, struct node *call, struct val *out);

/* Index of s in the bundle's string table (added once). */
struct sg_bundle;
int64_t funcs_bundle_string(struct sg_bundle *b, const char *s);

/* More function tables, each ended by an entry with a NULL name. */
extern const struct sg_func funcs_str[];
extern const struct sg_func funcs_sys[];
extern const struct sg_func funcs_net[];
extern const struct sg_func funcs_sym[];
extern const struct sg_func funcs_stack[];
extern const struct sg_func funcs_map[]; /* len(@m) (funcs_map.c) */
extern const struct sg_func funcs_debug[]; /* debugf (funcs_debug.c) */
extern const struct sg_func funcs_percpu[]; /* percpu_kaddr (funcs_percpu.c) */
extern const struct sg_func funcs_misc[]; /* bswap, strerror, cgroup_path, nsecs() */
/* kstack / ustack, as builtins and as calls (funcs_stack.c). */
int funcs_stack_check(struct sema *s, struct node *n);
int funcs_stack_lower(struct lower *l, struct node *n, struct val *out);

#endif
