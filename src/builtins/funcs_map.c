/* Functions over a whole map computed in the kernel: len(@m), the number
 * of elements (bpf_for_each_map_elem, see src/codegen/lower_iter.c). */
#include <errno.h>

#include "builtins/funcs_int.h"
#include "codegen/lower.h"
#include "sema/sema_int.h"

static int check_len(struct sema *s, struct node *call)
{
	struct node *m = call->args;
	if (m->kind != N_MAP || m->args)
		return sema_err(s, m->loc, "len() expects a map without a key, e.g. len(@m)");
	m->res.map = sema_map_get(s, m->name, m->loc);
	if (m->res.map) /* counts entries: an array would count every slot */
		m->res.map->needs_hash = true;
	call->type = type_int(8, true);
	return 0;
}

static int lower_len(struct lower *l, struct node *call, struct val *out)
{
	int map = call->args->res.map->index;
	if (map < 0) {
		diag_error(l->d, call->loc, "internal error: len() of an unknown map");
		return -EINVAL;
	}
	out->kind = VAL_REG;
	out->reg = lower_map_len(l, map);
	return 0;
}

const struct sg_func funcs_map[] = {
	{.name = "len", .min_args = 1, .max_args = 1, .check = check_len, .lower = lower_len},
	{0},
};
