/* Iterating over maps: for ($kv : @m) { ... } and len(@m), both with
 * bpf_for_each_map_elem (kernel 5.13), whose callback gets
 * (map, key, value, ctx) and returns 0 to go on, 1 to stop. */
#include <errno.h>

#include "codegen/lower_cb.h"

/* $kv = (key, value): copies both from the element into $kv's slot. */
static void load_kv(struct lower *l, struct sema_var *kv)
{
	const struct record *r = kv->type.rec;
	struct ir_opnd base = lower_var_base(l, kv);
	struct ir_opnd key = lower_cb_param(l, 1), value = lower_cb_param(l, 2);
	lower_copy(l, base, kv->slot + (int32_t)r->fields[0].offset, key, 0,
		   r->fields[0].type.size);
	lower_copy(l, base, kv->slot + (int32_t)r->fields[1].offset, value, 0,
		   r->fields[1].type.size);
}

int lower_for_map(struct lower *l, struct node *n)
{
	struct sema_map *m = n->r->res.map;
	struct sema_var *kv = n->l->res.var;
	if (!m || m->index < 0 || kv->type.kind != T_TUPLE) {
		diag_error(l->d, n->loc, "internal error: untyped map loop");
		return -EINVAL;
	}
	struct lower_cb cb;
	lower_cb_block(l, &cb);
	lower_cb_begin(l, &cb, 4, 3);
	load_kv(l, kv);
	int err = lower_stmt(l, n->then);
	lower_cb_end(l, &cb);
	int map = lower_vreg(l);
	ir_ldmap(l->f, map, m->index);
	struct ir_opnd args[4] = {ir_reg(map), lower_cb_func(l, &cb), lower_cb_block_addr(l, &cb),
				  ir_imm(0)};
	lower_cb_call(l, &cb, BPF_FUNC_for_each_map_elem, 4, args);
	return err;
}

/* len(@m): the helper returns how many elements it visited, so the
 * callback only has to go on. */
int lower_map_len(struct lower *l, int map_index)
{
	int index;
	struct ir_func *cb = ir_func_add_sub(l->main_f, 0, &index);
	ir_set_loc(cb, l->f->cur_loc);
	ir_exit(cb, ir_imm(0));
	int map = lower_vreg(l), fn = lower_vreg(l);
	ir_ldmap(l->f, map, map_index);
	ir_ldfunc(l->f, fn, index);
	return lower_call(l, BPF_FUNC_for_each_map_elem, 4, ir_reg(map), ir_reg(fn), ir_imm(0),
			  ir_imm(0));
}
