/* -k / -kk: report failing helpers at run time, like bpftrace's -k.
 * -k checks the probe reads (what a bad pointer makes fail), deletes and
 * reads of keys a map does not have; -kk also map updates (a full map). A failure (result < 0) sends a HELPER_ERROR record
 * with the helper id and its result; the event carries the script location
 * of the call, so the check costs nothing on success but one compare. */
#include <linux/bpf.h>

#include "codegen/lower.h"
#include "codegen/lower_int.h"
#include "sema/sema.h"

static bool is_probe_read(int32_t helper)
{
	switch (helper) {
	case BPF_FUNC_probe_read:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_user:
	case BPF_FUNC_probe_read_user_str:
	case BPF_FUNC_probe_read_kernel:
	case BPF_FUNC_probe_read_kernel_str:
		return true;
	default:
		return false;
	}
}

/* A NOEXIST insert fails on purpose when the key is there already. */
static bool checked(int level, int32_t helper, int nargs, const struct ir_opnd *args)
{
	if (is_probe_read(helper) || helper == BPF_FUNC_map_delete_elem)
		return level >= 1; /* a delete of a missing key: -ENOENT */
	if (helper != BPF_FUNC_map_update_elem || level < 2)
		return false;
	return !(nargs == 4 && args[3].kind == IR_O_IMM && args[3].imm == BPF_NOEXIST);
}

struct herr_fill {
	int32_t helper;
	int ret;
};

static int fill_herr(struct lower *l, int rec, void *arg)
{
	const struct herr_fill *h = arg;
	ir_store(l->f, ir_reg(rec), 8, ir_imm(h->helper), 8);
	ir_store(l->f, ir_reg(rec), 16, ir_reg(h->ret), 8);
	return 0;
}

/* Unless `if (ret <jcc> 0)` holds, a HELPER_ERROR event for helper with
 * result ret, located at the call. */
static void report_unless(struct lower *l, uint8_t jcc, int32_t helper, int ret)
{
	struct srcloc loc = l->f->cur_loc;
	int ok = ir_label(l->f);
	ir_jcc(l->f, jcc, ir_reg(ret), ir_imm(0), ok);
	int id = lower_add_event(l, SG_ACT_HELPER_ERROR, &loc);
	struct herr_fill h = {.helper = helper, .ret = ret};
	lower_event(l, id, 24, fill_herr, &h);
	ir_set_loc(l->f, loc);
	ir_place(l->f, ok);
}

void lower_check_helper(struct lower *l, int32_t helper, int nargs,
			const struct ir_opnd *args, int ret)
{
	if (l->s && checked(l->s->opts.helper_errors, helper, nargs, args))
		report_unless(l, BPF_JSGE, helper, ret);
}

/* -k: a read of a key the map does not have (p, the lookup's result, is
 * NULL) is reported as bpftrace does: helper map_lookup_elem, result 0. */
void lower_check_lookup(struct lower *l, int p)
{
	if (l->s && l->s->opts.helper_errors >= 1)
		report_unless(l, BPF_JNE, BPF_FUNC_map_lookup_elem, p);
}
