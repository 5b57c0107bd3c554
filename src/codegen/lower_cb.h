/* Callback subprograms for bpf_loop / bpf_for_each_map_elem (lower_cb.c).
 * Use, while lowering a statement of l->f:
 *   lower_cb_block(l, &cb);            caller: context block on its stack
 *   lower_cb_begin(l, &cb, nparams, p); l->f is now the callback; its
 *   ... lower the body ...              argument p is the context block
 *   lower_cb_end(l, &cb);              back in the caller
 *   lower_cb_call(l, &cb, helper, n, args)  with lower_cb_func(l, &cb) and
 *                                      lower_cb_block_addr(l, &cb) among args */
#ifndef SG_LOWER_CB_H
#define SG_LOWER_CB_H

#include "codegen/lower_int.h"

struct lower_cb {
	int32_t block;  /* caller: fp offset of the context block */
	size_t nints;   /* integer variables it carries */
	int vars;       /* caller: vreg with the variables' area */
	int index;      /* subprogram number (ir_ldfunc) */
	int ctx;        /* callback: vreg with the block's address */
	int brk, cont, ret; /* callback labels: return 1 / return 0 / `return` */
	/* the caller's lowering state, restored by lower_cb_end */
	struct ir_func *saved_f;
	uint32_t saved_sp;
	int saved_exit, saved_brk, saved_cont, saved_scratch, saved_base, saved_nest;
	uint64_t saved_extra, saved_jmps;
	int saved_vars;
	int *saved_vregs;
};

void lower_cb_block(struct lower *l, struct lower_cb *cb);
/* A value passed in the block (caller, before the call) / read back
 * (callback). */
void lower_cb_set_arg(struct lower *l, const struct lower_cb *cb, struct ir_opnd v);
struct ir_opnd lower_cb_arg(struct lower *l, const struct lower_cb *cb);
/* Starts callback subprogram taking nparams arguments, argument ctx_param
 * being the context block; break / continue / return / exit() in the body
 * leave the callback. */
void lower_cb_begin(struct lower *l, struct lower_cb *cb, int nparams, int ctx_param);
/* Argument `param` (0-based) of the callback being lowered. */
struct ir_opnd lower_cb_param(struct lower *l, int param);
void lower_cb_end(struct lower *l, struct lower_cb *cb);
/* Caller: the callback's address, the block's address, and the helper call
 * (then the variables are reloaded; a `return` in the body returns). */
struct ir_opnd lower_cb_func(struct lower *l, const struct lower_cb *cb);
struct ir_opnd lower_cb_block_addr(struct lower *l, const struct lower_cb *cb);
int lower_cb_call(struct lower *l, struct lower_cb *cb, int32_t helper, int nargs,
		  const struct ir_opnd *args);

/* for ($kv : @m) (lower_iter.c), bpf_loop loops (lower_loop.c). */
int lower_for_map(struct lower *l, struct node *n);

#endif
