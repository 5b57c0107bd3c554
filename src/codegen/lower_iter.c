/* Iterating over maps: for ($kv : @m) { ... } and len(@m), both with
 * bpf_for_each_map_elem (kernel 5.13), whose callback gets
 * (map, key, value, ctx) and returns 0 to go on, 1 to stop. */
#include <errno.h>

#include "codegen/lower_cb.h"

/* count/sum/min/max/avg maps: the callback sees this CPU's slot only, so
 * the value is read merged over every CPU, as `@m[key]` reads it. */
static int load_agg_value(struct lower *l, const struct sema_map *m, struct ir_opnd base,
			  int32_t off)
{
	uint32_t ksize = l->b->maps[m->index].key_size;
	int32_t koff = lower_alloca(l, ksize);
	lower_copy(l, ir_fp(), koff, lower_cb_param(l, 1), 0, ksize);
	struct val v = {0};
	int err = lower_agg_read(l, m, (struct lmem){.base = ir_fp(), .off = koff}, &v);
	if (!err)
		ir_store(l->f, base, off, lower_opnd(&v), 8);
	return err;
}

/* $kv = (key, value): copies both from the element into $kv's slot. */
static int load_kv(struct lower *l, struct sema_var *kv, const struct sema_map *m)
{
	const struct record *r = kv->type.rec;
	struct ir_opnd base = lower_var_base(l, kv);
	struct ir_opnd key = lower_cb_param(l, 1), value = lower_cb_param(l, 2);
	int32_t voff = kv->slot + (int32_t)r->fields[1].offset;
	lower_copy(l, base, kv->slot + (int32_t)r->fields[0].offset, key, 0,
		   r->fields[0].type.size);
	if (m->agg != SG_AGG_NONE)
		return load_agg_value(l, m, base, voff);
	lower_copy(l, base, voff, value, 0, r->fields[1].type.size);
	return 0;
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
	int err = load_kv(l, kv, m);
	err = err ? err : lower_stmt(l, n->then);
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
