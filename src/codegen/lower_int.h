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
/* Stores n literal bytes at [base+off] (then zeros up to size when pad). */
void lower_store_bytes(struct lower *l, struct ir_opnd base, int32_t off, const char *bytes,
		       uint32_t n, uint32_t size, bool pad);
int lower_map_incdec(struct lower *l, struct node *n, struct val *out);

#endif
