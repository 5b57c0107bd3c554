/* Small functions of newer bpftrace: strerror(), cgroup_path(), nsecs(clock),
 * kptr() and uptr() (bswap() is in funcs_net.c). strerror() and
 * cgroup_path() values are rendered by user space (T_ERRNO, T_CGPATH), like
 * ksym(). */
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <time.h>

#include "builtins/funcs_int.h"
#include "codegen/lower_int.h"
#include "sema/sema_int.h"

/* Stores the integer argument as the u64 at [dst] of a user-space value. */
static int lower_u64_value(struct lower *l, struct node *call, struct node *a, uint32_t size,
			   struct val *out, int32_t *offp, struct ir_opnd *basep)
{
	int32_t off;
	struct ir_opnd v, base = lower_dst(l, out, size, &off);
	int err = lower_int(l, a, &v);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_mov(l->f, r, v);
	ir_store(l->f, base, off, ir_reg(r), 8);
	out->type = call->type;
	if (offp)
		*offp = off;
	if (basep)
		*basep = base;
	return 0;
}

/* ---- strerror(errno) ---- */

static int check_strerror(struct sema *s, struct node *call)
{
	int err = funcs_check_args(s, call);
	err = err ? err : funcs_expect(s, call, call->args, T_INT, "an error number (integer)");
	call->type = (struct type){.kind = T_ERRNO, .size = 8};
	return err;
}

static int lower_strerror(struct lower *l, struct node *call, struct val *out)
{
	return lower_u64_value(l, call, call->args, 8, out, NULL, NULL);
}

/* ---- cgroup_path(cgroup id[, "hierarchy filter"]) ---- */

static int check_cgroup_path(struct sema *s, struct node *call)
{
	struct node *id = call->args, *filter = id->next;
	int err = funcs_check_args(s, call);
	err = err ? err : funcs_expect(s, call, id, T_INT, "a cgroup id (integer)");
	if (!err && filter && filter->kind != N_STR)
		err = sema_err(s, filter->loc, "cgroup_path(): the filter must be a string literal");
	call->type = (struct type){.kind = T_CGPATH, .size = 16};
	return err;
}

static int lower_cgroup_path(struct lower *l, struct node *call, struct val *out)
{
	struct node *filter = call->args->next;
	int32_t off;
	struct ir_opnd base;
	int err = lower_u64_value(l, call, call->args, 16, out, &off, &base);
	if (err)
		return err;
	int64_t idx = filter ? funcs_bundle_string(l->b, filter->str) + 1 : 0;
	ir_store(l->f, base, off + 8, ir_imm(idx), 8);
	return 0;
}

/* ---- nsecs([monotonic | boot | tai | sw_tai]) ---- */

enum clock_kind { CLK_MONOTONIC, CLK_BOOT, CLK_TAI, CLK_SW_TAI };

static int clock_of(const struct node *a)
{
	static const char *names[] = {"monotonic", "boot", "tai", "sw_tai"};
	if (!a)
		return CLK_MONOTONIC;
	for (int i = 0; a->kind == N_BUILTIN && i < 4; i++)
		if (strcmp(a->name, names[i]) == 0)
			return i;
	return -1;
}

static int check_nsecs(struct sema *s, struct node *call)
{
	call->type = type_int(8, false);
	if (clock_of(call->args) < 0)
		return sema_err(s, call->args->loc, "nsecs(): unknown clock (expected monotonic, "
				"boot, tai or sw_tai)");
	return 0;
}

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* sw_tai: boot time plus TAI's offset from it, taken once at compile time
 * (for kernels without bpf_ktime_get_tai_ns, as bpftrace does). */
static int lower_nsecs_call(struct lower *l, struct node *call, struct val *out)
{
	static const int32_t helper[] = {BPF_FUNC_ktime_get_ns, BPF_FUNC_ktime_get_boot_ns,
					 BPF_FUNC_ktime_get_tai_ns, BPF_FUNC_ktime_get_boot_ns};
	int c = clock_of(call->args);
	int r = lower_call(l, helper[c], 0);
	if (c == CLK_SW_TAI)
		ir_alu(l->f, BPF_ADD, r, ir_reg(r),
		       ir_imm(clock_ns(CLOCK_TAI) - clock_ns(CLOCK_BOOTTIME)));
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

/* ---- kptr(p), uptr(p): the same address, read as kernel / user memory ---- */

static int check_addr_space(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	int err = funcs_check_args(s, call);
	if (!err && a->type.kind != T_PTR)
		err = funcs_expect(s, call, a, T_INT, "a pointer or an address");
	call->type = a->type;
	call->type.as = call->name[0] == 'u' ? AS_USER : AS_KERNEL;
	return err;
}

static int lower_addr_space(struct lower *l, struct node *call, struct val *out)
{
	struct ir_opnd v;
	int err = lower_int(l, call->args, &v);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_mov(l->f, r, v);
	out->kind = VAL_REG;
	out->reg = r;
	out->type = call->type;
	return 0;
}

const struct sg_func funcs_misc[] = {
	{.name = "strerror", .min_args = 1, .max_args = 1, .check = check_strerror,
	 .lower = lower_strerror},
	{.name = "cgroup_path", .min_args = 1, .max_args = 2, .check = check_cgroup_path,
	 .lower = lower_cgroup_path},
	{.name = "nsecs", .min_args = 0, .max_args = 1, .check = check_nsecs,
	 .lower = lower_nsecs_call},
	{.name = "kptr", .min_args = 1, .max_args = 1, .check = check_addr_space,
	 .lower = lower_addr_space},
	{.name = "uptr", .min_args = 1, .max_args = 1, .check = check_addr_space,
	 .lower = lower_addr_space},
	{0},
};
