/* Internal helpers shared by the semantic-analysis files and the builtin /
 * function / provider tables. */
#ifndef SG_SEMA_INT_H
#define SG_SEMA_INT_H

#include "sema/sema.h"

/* Reports an error (only in the final pass); always returns -EINVAL. */
/* The limit on attach points (opts.max_probes or the default). */
uint32_t sema_max_probes(const struct sema *s);
int sema_err(struct sema *s, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sema_note(struct sema *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct sema_var *sema_var_find(struct sema *s, const char *name);
/* A scratch variable of the current probe, visible until its block ends
 * (depth > 0: a `let` inside a block; 0: probe scope). */
struct sema_var *sema_var_new(struct sema *s, const char *name, const struct type *t,
			      struct srcloc loc, int depth);
/* Type t widened to the strings/tuple layout v had at the end of the
 * previous pass, so a later wider assignment does not leave an earlier
 * write in a narrower layout. */
struct type sema_var_widened(struct sema *s, const struct sema_var *v, const struct type *t);
/* "undefined variable $x", or "not in scope" when its block has ended. */
int sema_undefined_var(struct sema *s, struct node *n);
/* $x = rhs (rhs already typed). */
int sema_assign_var(struct sema *s, struct node *lhs, struct node *rhs);
int sema_cond(struct sema *s, struct node *c);
int sema_stmt(struct sema *s, struct node *n);
/* Statements of a block that opens a scope for `let` variables. */
int sema_scoped_block(struct sema *s, struct node *list);
/* A block used as an expression: { stmts; value }. */
int sema_block_expr(struct sema *s, struct node *n);
/* Tuples (sema_tuple.c): (a, b) expressions, t.N, layout merging. */
int sema_tuple_expr(struct sema *s, struct node *n);
int sema_tuple_field(struct sema *s, struct node *n);
bool sema_tuple_merge(struct sema *s, struct type *a, const struct type *b);
/* Gives tuple literal n (and its nested tuple literals) the wider layout t
 * that sema_tuple_merge made; false when n is not a literal of that shape. */
bool sema_tuple_retype(struct node *n, const struct type *t);
/* for ($kv : @m) (sema_loop.c): checks the map; *kv gets the type of $kv
 * (T_NONE while the map's types are still unknown). */
int sema_for_map(struct sema *s, struct node *n, struct type *kv);
/* let, loops, break/continue/return (sema_stmt.c). */
int sema_stmt_ext(struct sema *s, struct node *n);
/* (T[N])int and (intT)array: n's type becomes t (the cast's target) when
 * the sizes match (sema_btf.c). */
int sema_array_cast(struct sema *s, struct node *n, const struct type *t);
/* The type a written type name denotes (let $x: uint32, casts). */
int sema_named_type(struct sema *s, const char *name, struct srcloc loc, struct type *out);
/* Storage type of a value kept in a map or variable (ints widen to 64 bits). */
struct type sema_storage_type(const struct type *t);
/* Builds a tuple type from a list of types (layout: 8-aligned fields). */
struct type sema_tuple(struct sema *s, const struct type *elems, uint32_t n);

/* Map declarations (sema_decl.c): checked once before the probes; a map's
 * uses must suit its declared type; declared maps never used are warned of. */
int sema_map_decls(struct sema *s);
const struct sema_decl *sema_decl_find(struct sema *s, const char *name);
int sema_decl_check_use(struct sema *s, const struct node *mapnode, enum sg_agg agg,
			bool scalar);
void sema_decl_unused(struct sema *s);
void sema_decls_free(struct sema *s);
const char *sema_decl_type_name(int type);

/* An identifier that is not a builtin (consts.c): a #define macro (expanded
 * in place), an enumerator or a known kernel header macro. 0 when it is one
 * (n is typed), -ENOENT when unknown, -EINVAL after reporting an error. */
int sema_ident(struct sema *s, struct node *n);
/* After "unknown identifier": notes the header defining name, if known. */
void sema_ident_hint(struct sema *s, const char *name);

#endif
