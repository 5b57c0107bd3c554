/* Builtin variables: one entry each with its type check and its lowering. */
#include <errno.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/builtin.h"
#include "builtins/funcs_int.h"
#include "codegen/lower.h"
#include "sema/btf.h"
#include "sema/probes.h"
#include "sema/sema_int.h"

static int set_type(struct node *n, struct type t)
{
	n->type = t;
	return 0;
}

static int check_u64(struct sema *s, struct node *n) { return set_type(n, type_int(8, false)); }
static int check_u8(struct sema *s, struct node *n) { return set_type(n, type_int(1, false)); }
static int check_u32(struct sema *s, struct node *n) { return set_type(n, type_int(4, false)); }
static int check_comm(struct sema *s, struct node *n) { return set_type(n, type_str(16)); }
static int check_probe(struct sema *s, struct node *n)
{
	s->cur->uses_probe = true;
	return set_type(n, (struct type){.kind = T_PROBE, .size = 8});
}

static int check_func(struct sema *s, struct node *n)
{
	if (!s->cur->prov->has_func)
		return sema_err(s, n->loc, "func is only available in probes of functions (kprobe, "
				"uprobe, fentry and their return probes), not %s", s->cur->prov->name);
	s->cur->uses_probe = true;
	return set_type(n, (struct type){.kind = T_FUNC, .size = 8});
}

/* curtask is a `struct task_struct *` (kernel BTF, or the script's own
 * definition) so that curtask->pid works as in bpftrace; a plain u64 when
 * neither knows the struct. */
static int check_curtask(struct sema *s, struct node *n)
{
	struct type t;
	if (sgbtf_resolve(s, "struct task_struct *", false, &t, NULL) == 0 && t.kind == T_PTR)
		return set_type(n, t);
	return set_type(n, type_int(8, false));
}

static int check_cpid(struct sema *s, struct node *n)
{
	if (!s->opts.cpid)
		return sema_err(s, n->loc, "cpid is only available with -c CMD");
	return set_type(n, type_int(4, false));
}

static int check_args(struct sema *s, struct node *n)
{
	struct sema_probe *p = s->cur;
	if (p->ctx.kind == T_NONE) {
		if (!p->prov->args_type)
			return sema_err(s, n->loc, "%s probes have no args", p->prov->name);
		int err = p->prov->args_type(s, p, n->loc, &p->ctx);
		if (err)
			return err;
	}
	return set_type(n, p->ctx);
}

static int reg_out(struct val *out, int r)
{
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

static int imm_out(struct val *out, int64_t v)
{
	out->kind = VAL_IMM;
	out->imm = v;
	return 0;
}

/* Result of a helper, shifted right by `shift` and/or truncated to 32 bits. */
static int helper_part(struct lower *l, struct val *out, int32_t helper, int shift, bool low32)
{
	int r = lower_call(l, helper, 0);
	if (shift)
		ir_alu(l->f, BPF_RSH, r, ir_reg(r), ir_imm(shift));
	if (low32) {
		ir_alu(l->f, BPF_LSH, r, ir_reg(r), ir_imm(32));
		ir_alu(l->f, BPF_RSH, r, ir_reg(r), ir_imm(32));
	}
	return reg_out(out, r);
}

static int lower_pid(struct lower *l, struct node *n, struct val *out)
{
	int r = lower_pid_tgid(l);
	ir_alu(l->f, BPF_RSH, r, ir_reg(r), ir_imm(32));
	return reg_out(out, r);
}
static int lower_tid(struct lower *l, struct node *n, struct val *out)
{
	int r = lower_pid_tgid(l);
	ir_alu(l->f, BPF_LSH, r, ir_reg(r), ir_imm(32));
	ir_alu(l->f, BPF_RSH, r, ir_reg(r), ir_imm(32));
	return reg_out(out, r);
}
static int lower_uid(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_get_current_uid_gid, 0, true);
}
static int lower_gid(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_get_current_uid_gid, 32, false);
}
static int lower_nsecs(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_ktime_get_ns, 0, false);
}
static int lower_cpu(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_get_smp_processor_id, 0, false);
}
static int lower_cgroup(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_get_current_cgroup_id, 0, false);
}
static int lower_curtask(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_get_current_task, 0, false);
}
static int lower_numaid(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_get_numa_node_id, 0, false);
}
static int lower_jiffies(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_jiffies64, 0, false);
}

/* ncpus: the possible CPUs, known when the program is compiled. */
static int lower_ncpus(struct lower *l, struct node *n, struct val *out)
{
	int ncpus = libbpf_num_possible_cpus();
	return imm_out(out, ncpus > 0 ? ncpus : 1);
}

/* username: the uid, named in user space (T_USERNAME). */
static int check_username(struct sema *s, struct node *n)
{
	return set_type(n, (struct type){.kind = T_USERNAME, .size = 8});
}

static int lower_username(struct lower *l, struct node *n, struct val *out)
{
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, 8, &off);
	int r = lower_call(l, BPF_FUNC_get_current_uid_gid, 0);
	ir_alu(l->f, BPF_LSH, r, ir_reg(r), ir_imm(32));
	ir_alu(l->f, BPF_RSH, r, ir_reg(r), ir_imm(32));
	ir_store(l->f, base, off, ir_reg(r), 8);
	out->type = n->type;
	return 0;
}

/* usermode (x86-64): whether the probe interrupted user code, from the code
 * segment's privilege level in the saved pt_regs (kprobe, uprobe, usdt,
 * profile, interval). Like bpftrace, BEGIN/END are 1 (bpftrace's own user
 * context) and probes without registers 0. */
#define PT_REGS_CS 136
static bool has_pt_regs(const struct provider *p)
{
	return p->prog_type == BPF_PROG_TYPE_KPROBE || p->prog_type == BPF_PROG_TYPE_PERF_EVENT;
}

static int lower_usermode(struct lower *l, struct node *n, struct val *out)
{
	const struct provider *p = l->p->prov;
	if (!has_pt_regs(p))
		return imm_out(out, p->once);
	int r = lower_vreg(l), done = ir_label(l->f);
	ir_load(l->f, r, ir_reg(l->f->ctx), PT_REGS_CS, 8);
	ir_alu(l->f, BPF_AND, r, ir_reg(r), ir_imm(3));
	ir_jcc(l->f, BPF_JEQ, ir_reg(r), ir_imm(3), done);
	ir_mov(l->f, r, ir_imm(0));
	ir_place(l->f, done);
	ir_alu(l->f, BPF_AND, r, ir_reg(r), ir_imm(1)); /* 3 → 1 */
	return reg_out(out, r);
}

static int lower_rand(struct lower *l, struct node *n, struct val *out)
{
	return helper_part(l, out, BPF_FUNC_get_prandom_u32, 0, false);
}

static int lower_elapsed(struct lower *l, struct node *n, struct val *out)
{
	int r = lower_call(l, BPF_FUNC_ktime_get_ns, 0);
	ir_alu(l->f, BPF_SUB, r, ir_reg(r), ir_imm((int64_t)l->s->opts.start_ns));
	return reg_out(out, r);
}

static int lower_cpid(struct lower *l, struct node *n, struct val *out)
{
	return imm_out(out, l->s->opts.cpid);
}

static int lower_comm(struct lower *l, struct node *n, struct val *out)
{
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, 16, &off);
	uint32_t size = out->want_dst ? out->dst_size : 16;
	int dst = lower_addr(l, base, off);
	/* bpf_get_current_comm zero-pads its 16 bytes (strscpy_pad). */
	lower_call(l, BPF_FUNC_get_current_comm, 2, ir_reg(dst), ir_imm(MIN(size, 16)));
	if (out->pad && size > 16)
		lower_zero(l, base, off + 16, size - 16);
	return 0;
}

/* One program serves every attach point of a wildcard probe; the attach
 * cookie of each link tells which one fired. */
static int lower_probe_id(struct lower *l, struct node *n, struct val *out)
{
	if (l->p->attach.len == 1)
		return imm_out(out, (int64_t)l->p->attach.data[0].cookie);
	int r = lower_call(l, BPF_FUNC_get_attach_cookie, 1, ir_reg(l->f->ctx));
	return reg_out(out, r);
}

/* ctx: the probe's context pointer, as an address (bpftrace's ctx). */
static int lower_ctx(struct lower *l, struct node *n, struct val *out)
{
	int r = lower_vreg(l);
	ir_mov(l->f, r, ir_reg(l->f->ctx));
	return reg_out(out, r);
}

static int lower_args(struct lower *l, struct node *n, struct val *out)
{
	return reg_out(out, l->f->ctx);
}

/* ---- arg0..argN, retval: registers of the probed function ---- */

/* x86-64 struct pt_regs offsets of the argument registers di, si, dx, cx,
 * r8, r9, and of ax (the return value). */
static const int16_t pt_regs_arg[] = {112, 104, 96, 88, 72, 64};
#define PT_REGS_AX 80

static int arg_index(const struct node *n)
{
	return atoi(n->name + 3); /* "arg11" → 11: the table holds only valid names */
}

static int check_argn(struct sema *s, struct node *n)
{
	uint32_t pt = s->cur->prov->prog_type;
	int i = arg_index(n);
	if (s->cur->prov->argn_type)
		return s->cur->prov->argn_type(s, s->cur, i, n->loc, &n->type);
	if (pt == BPF_PROG_TYPE_KPROBE && i >= (int)ARRAY_SIZE(pt_regs_arg))
		return sema_err(s, n->loc, "%s: only arg0..arg%zu are supported in %s probes",
				n->name, ARRAY_SIZE(pt_regs_arg) - 1, s->cur->prov->name);
	if (pt != BPF_PROG_TYPE_KPROBE && pt != BPF_PROG_TYPE_RAW_TRACEPOINT)
		return sema_err(s, n->loc, "%s is only available in kprobe, uprobe and "
				"rawtracepoint probes, not %s", n->name, s->cur->prov->name);
	return set_type(n, type_int(8, false));
}

static int check_retval(struct sema *s, struct node *n)
{
	const struct provider *prov = s->cur->prov;
	if (!prov->has_retval)
		return sema_err(s, n->loc, "retval is only available in uretprobe, kretprobe and "
				"fexit probes, not %s", prov->name);
	if (prov->retval_type)
		return prov->retval_type(s, s->cur, n->loc, &n->type);
	return set_type(n, type_int(8, false));
}

static int ctx_load(struct lower *l, struct val *out, int32_t off)
{
	int r = lower_vreg(l);
	ir_load(l->f, r, ir_reg(l->f->ctx), off, 8);
	return reg_out(out, r);
}

static int lower_argn(struct lower *l, struct node *n, struct val *out)
{
	int i = arg_index(n);
	if (l->p->prov->lower_argn)
		return l->p->prov->lower_argn(l, n, i, out);
	if (l->p->prov->prog_type == BPF_PROG_TYPE_KPROBE)
		return ctx_load(l, out, pt_regs_arg[i]);
	return ctx_load(l, out, 8 * i); /* raw tracepoint: u64 args[] */
}

static int lower_retval(struct lower *l, struct node *n, struct val *out)
{
	if (l->p->prov->lower_retval)
		return l->p->prov->lower_retval(l, n, out);
	return ctx_load(l, out, PT_REGS_AX);
}

static const struct sg_builtin builtins[] = {
	{.name = "pid", .check = check_u32, .lower = lower_pid},
	{.name = "tid", .check = check_u32, .lower = lower_tid},
	{.name = "uid", .check = check_u32, .lower = lower_uid},
	{.name = "gid", .check = check_u32, .lower = lower_gid},
	{.name = "nsecs", .check = check_u64, .lower = lower_nsecs},
	{.name = "elapsed", .check = check_u64, .lower = lower_elapsed},
	{.name = "cpu", .check = check_u32, .lower = lower_cpu},
	{.name = "cgroup", .check = check_u64, .lower = lower_cgroup},
	{.name = "curtask", .check = check_curtask, .lower = lower_curtask},
	{.name = "rand", .check = check_u32, .lower = lower_rand},
	{.name = "numaid", .check = check_u32, .lower = lower_numaid},
	{.name = "jiffies", .check = check_u64, .lower = lower_jiffies},
	{.name = "ncpus", .check = check_u64, .lower = lower_ncpus},
	{.name = "username", .check = check_username, .lower = lower_username},
	{.name = "usermode", .check = check_u8, .lower = lower_usermode},
	{.name = "ctx", .check = check_u64, .lower = lower_ctx},
	{.name = "comm", .check = check_comm, .lower = lower_comm},
	{.name = "probe", .check = check_probe, .lower = lower_probe_id},
	{.name = "func", .check = check_func, .lower = lower_probe_id},
	{.name = "cpid", .check = check_cpid, .lower = lower_cpid},
	{.name = "args", .check = check_args, .lower = lower_args},
	{.name = "arg0", .check = check_argn, .lower = lower_argn},
	{.name = "arg1", .check = check_argn, .lower = lower_argn},
	{.name = "arg2", .check = check_argn, .lower = lower_argn},
	{.name = "arg3", .check = check_argn, .lower = lower_argn},
	{.name = "arg4", .check = check_argn, .lower = lower_argn},
	{.name = "arg5", .check = check_argn, .lower = lower_argn},
	{.name = "arg6", .check = check_argn, .lower = lower_argn},
	{.name = "arg7", .check = check_argn, .lower = lower_argn},
	{.name = "arg8", .check = check_argn, .lower = lower_argn},
	{.name = "arg9", .check = check_argn, .lower = lower_argn},
	{.name = "arg10", .check = check_argn, .lower = lower_argn},
	{.name = "arg11", .check = check_argn, .lower = lower_argn},
	{.name = "retval", .check = check_retval, .lower = lower_retval},
	{.name = "kstack", .check = funcs_stack_check, .lower = funcs_stack_lower},
	{.name = "ustack", .check = funcs_stack_check, .lower = funcs_stack_lower},
};

static int check_named_const(struct sema *s, struct node *n) { return 0; }

static int lower_named_const(struct lower *l, struct node *n, struct val *out)
{
	out->type = n->type;
	return imm_out(out, (int64_t)n->num);
}

const struct sg_builtin builtin_named_const = {
	.name = "(constant)", .check = check_named_const, .lower = lower_named_const,
};

const struct sg_builtin *builtin_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

const char *builtin_suggest(const char *name)
{
	const char *best = NULL;
	int bestd = 3;
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++) {
		int d = edit_distance(name, builtins[i].name, bestd);
		if (d < bestd) {
			bestd = d;
			best = builtins[i].name;
		}
	}
	return best;
}
