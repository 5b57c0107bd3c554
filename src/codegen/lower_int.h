/* Internal helpers of the lowering files. */
#ifndef SG_LOWER_INT_H
#define SG_LOWER_INT_H

#include "codegen/lower.h"

void lower_extend(struct lower *l, int r, uint32_t size, bool is_signed);
int lower_arith(struct lower *l, struct node *n, struct val *out);
int lower_incdec(struct lower *l, struct node *n, struct val *out);
int lower_field(struct lower *l, struct node *n, struct val *out);
int lower_str_literal(struct lower *l, struct node *n, struct val *out);
int lower_posparam(struct lower *l, struct node *n, struct val *out);
/* Jumps to label when strings n->l and n->r are equal (eq) / differ (!eq). */
int lower_str_branch(struct lower *l, struct node *n, bool eq, int label);
/* Jumps to label when arrays n->l and n->r are equal (eq) / differ (!eq). */
int lower_array_branch(struct lower *l, struct node *n, bool eq, int label);
/* Jumps to ne when the first n bytes of the string at v differ from lit's
 * (compared in 8/4/2/1-byte chunks against immediates). */
void lower_str_cmp_literal(struct lower *l, const struct val *v, const char *lit, uint32_t n,
			   int ne);
/* Stores n literal bytes at [base+off] (then zeros up to size when pad). */
void lower_store_bytes(struct lower *l, struct ir_opnd base, int32_t off, const char *bytes,
		       uint32_t n, uint32_t size, bool pad);
int lower_map_incdec(struct lower *l, struct node *n, struct val *out);
/* One statement / a statement list (lower.c). */
int lower_stmt(struct lower *l, struct node *n);
int lower_stmts(struct lower *l, struct node *list);
/* Tuples (lower_tuple.c). */
int lower_tuple(struct lower *l, struct node *n, struct val *out);
int lower_tuple_field(struct lower *l, struct node *n, struct val *out);
/* let, loops, break/continue/return (lower_loop.c). */
int lower_stmt_ext(struct lower *l, struct node *n);
/* Base of variable v's slot: the frame pointer or the scratch value. */
struct ir_opnd lower_var_base(struct lower *l, const struct sema_var *v);
/* $x = value: truncates to a declared narrower width. */
void lower_var_set(struct lower *l, struct sema_var *v, struct ir_opnd val);
/* Values read through pointers (lower_ptr.c): p->f, r.f, a[i], *p; &x;
 * sizeof/offsetof constants computed by sema. */
int lower_ptr_read(struct lower *l, struct node *n, struct val *out);
int lower_ptr_addrof(struct lower *l, struct node *n, struct val *out);
int lower_ptr_const(struct lower *l, struct node *n, struct val *out);
int lower_ptr_arith(struct lower *l, struct node *n, struct val *out); /* p + i, p - i */

#endif
