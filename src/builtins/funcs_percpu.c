/* percpu_kaddr("var"[, cpu]) (newest bpftrace): the address of a kernel
 * per-CPU variable on this CPU, or on CPU `cpu` (0 when cpu is out of
 * range). The variable comes from vmlinux BTF (a VAR in the .data..percpu
 * section); the verifier resolves its address from the BTF id (through
 * kallsyms: the kernel needs CONFIG_KALLSYMS_ALL), and bpf_this_cpu_ptr /
 * bpf_per_cpu_ptr pick the CPU's copy. */
#include <bpf/btf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>

#include "builtins/funcs_int.h"
#include "codegen/lower_int.h"
#include "sema/btf.h"
#include "sema/sema_int.h"
#include "sym/ksyms.h"

/* Is var_id listed in the .data..percpu DATASEC? */
static bool in_percpu_section(const struct btf *btf, uint32_t var_id)
{
	int sec = btf__find_by_name_kind(btf, ".data..percpu", BTF_KIND_DATASEC);
	const struct btf_type *t = sec > 0 ? btf__type_by_id(btf, (uint32_t)sec) : NULL;
	const struct btf_var_secinfo *v = t ? btf_var_secinfos(t) : NULL;
	for (int i = 0; t && i < btf_vlen(t); i++)
		if (v[i].type == var_id)
			return true;
	return false;
}

static int check_percpu_kaddr(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	call->type = type_int(8, false);
	int err = funcs_check_args(s, call);
	if (err)
		return err;
	if (a->kind != N_STR)
		return sema_err(s, a->loc, "percpu_kaddr() expects a string literal (a per-CPU "
				"kernel variable)");
	if (a->next && a->next->type.kind != T_INT && a->next->type.kind != T_NONE)
		return funcs_expect(s, call, a->next, T_INT, "a CPU number");
	const struct btf *btf = sgbtf_btf(s);
	if (!btf)
		return sema_err(s, a->loc, "percpu_kaddr() needs kernel BTF (/sys/kernel/btf/vmlinux)");
	int id = btf__find_by_name_kind(btf, a->str, BTF_KIND_VAR);
	if (id <= 0 || !in_percpu_section(btf, (uint32_t)id))
		return sema_err(s, a->loc, "percpu_kaddr(): no per-CPU kernel variable named '%s'",
				a->str);
	/* The verifier finds the address with kallsyms, which lists data
	 * symbols only with CONFIG_KALLSYMS_ALL: without it the load fails. */
	const struct ksyms *k = ksyms_default();
	uint64_t addr;
	if (!k || ksyms_addr(k, a->str, &addr))
		return sema_err(s, a->loc, "percpu_kaddr(): the kernel cannot resolve '%s': per-CPU "
				"variables need CONFIG_KALLSYMS_ALL, which this kernel lacks", a->str);
	call->num = (uint64_t)id; /* the lowering's BTF id */
	return 0;
}

static int lower_percpu_kaddr(struct lower *l, struct node *call, struct val *out)
{
	int var = lower_vreg(l);
	ir_ldksym(l->f, var, (int32_t)call->num);
	int r;
	if (call->args->next) {
		struct ir_opnd cpu;
		int err = lower_int(l, call->args->next, &cpu);
		if (err)
			return err;
		r = lower_call(l, BPF_FUNC_per_cpu_ptr, 2, ir_reg(var), cpu);
	} else {
		r = lower_call(l, BPF_FUNC_this_cpu_ptr, 1, ir_reg(var));
	}
	out->kind = VAL_REG;
	out->reg = r;
	out->type = call->type;
	return 0;
}

const struct sg_func funcs_percpu[] = {
	{.name = "percpu_kaddr", .min_args = 1, .max_args = 2, .check = check_percpu_kaddr,
	 .lower = lower_percpu_kaddr},
	{0},
};
