/* Functions acting outside the probe: time(), cat(), system(), join()
 * (records user space acts on, see src/runtime/actions.c) and signal()
 * (bpf_send_signal). system() and signal() need --unsafe, like bpftrace. */
#include <errno.h>
#include <linux/bpf.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/funcs_int.h"
#include "codegen/lower.h"
#include "sema/probes.h"
#include "sema/sema_int.h"

/* join(): arguments read, and bytes kept of each (bpftrace reads 16). */
#define JOIN_ARGS 16
#define JOIN_ARGSIZE 256

static int need_unsafe(struct sema *s, struct node *call)
{
	if (s->opts.unsafe)
		return 0;
	int err = sema_err(s, call->loc, "%s() is an unsafe function being used in safe mode",
			   call->name);
	sema_note(s, "run with --unsafe to allow it");
	return err;
}

static int check_fmt_literal(struct sema *s, struct node *call, struct node *fmt)
{
	if (fmt->kind != N_STR)
		return sema_err(s, fmt->loc, "%s(): the format must be a string literal", call->name);
	return 0;
}

/* ---- time([fmt]) ---- */

static int check_time(struct sema *s, struct node *call)
{
	int err = funcs_check_args(s, call);
	if (!err && call->args)
		err = check_fmt_literal(s, call, call->args);
	s->needs_events = true;
	call->type = type_void();
	return err;
}

static int lower_time(struct lower *l, struct node *call, struct val *out)
{
	const char *fmt = call->args ? call->args->str : NULL;
	return funcs_record_event(l, call, SG_ACT_TIME, NULL, fmt);
}

/* ---- cat(fmt, args...) and system(fmt, args...): printf-formatted ---- */

static int check_formatted(struct sema *s, struct node *call)
{
	int err = funcs_check_args(s, call);
	err = err ? err : check_fmt_literal(s, call, call->args);
	err = err ? err : printf_check_format(s, call, call->args, call->args->next);
	s->needs_events = true;
	call->type = type_void();
	return err;
}

static int check_system(struct sema *s, struct node *call)
{
	int err = need_unsafe(s, call);
	return err ? err : check_formatted(s, call);
}

static int lower_cat(struct lower *l, struct node *call, struct val *out)
{
	return funcs_record_event(l, call, SG_ACT_CAT, call->args->next, call->args->str);
}

static int lower_system(struct lower *l, struct node *call, struct val *out)
{
	return funcs_record_event(l, call, SG_ACT_SYSTEM, call->args->next, call->args->str);
}

/* ---- signal(sig): "KILL", "SIGKILL" or a number 1..64 ---- */

static int signal_number(const char *name)
{
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (int i = 1; i < 32; i++) {
		const char *abbrev = sigabbrev_np(i);
		if (abbrev && strcmp(abbrev, name) == 0)
			return i;
	}
	return -1;
}

static int check_signal(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	int err = need_unsafe(s, call);
	err = err ? err : funcs_check_args(s, call);
	if (err)
		return err;
	const char *prov = s->cur && s->cur->prov ? s->cur->prov->name : "";
	if (strcmp(prov, "begin") == 0 || strcmp(prov, "end") == 0)
		return sema_err(s, call->loc, "signal() can not be used in %s probes",
				prov[0] == 'b' ? "BEGIN" : "END");
	call->type = type_void();
	if (a->kind == N_STR) {
		if (signal_number(a->str) < 0)
			return sema_err(s, a->loc, "%s is not a valid signal", a->str);
		return 0;
	}
	if (a->kind == N_INT && (a->num < 1 || a->num > 64))
		return sema_err(s, a->loc, "%lld is not a valid signal, allowed range: [1,64]",
				(long long)a->num);
	return funcs_expect(s, call, a, T_INT, "a signal name or number");
}

static int lower_signal(struct lower *l, struct node *call, struct val *out)
{
	struct node *a = call->args;
	struct ir_opnd sig = ir_imm(a->kind == N_STR ? signal_number(a->str) : 0);
	int err = a->kind == N_STR ? 0 : lower_int(l, a, &sig);
	if (!err)
		lower_call(l, BPF_FUNC_send_signal, 1, sig);
	return err;
}

/* ---- join(argv[, sep]): the NULL-terminated string array at argv ---- */

static int check_join(struct sema *s, struct node *call)
{
	struct node *argv = call->args, *sep = argv->next;
	char b[96];
	int err = funcs_check_args(s, call);
	if (err)
		return err;
	if (argv->type.kind != T_INT && argv->type.kind != T_PTR && argv->type.kind != T_NONE)
		return sema_err(s, argv->loc, "join() expects a pointer to a string array, not %s",
				type_name(&argv->type, b, sizeof(b)));
	if (sep && sep->kind != N_STR)
		return sema_err(s, sep->loc, "join() separator must be a string literal");
	s->needs_events = true;
	call->type = type_void();
	return 0;
}

static int32_t read_helper(const struct node *p, bool str)
{
	bool user = p->type.as == AS_USER;
	if (str)
		return user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str;
	return user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel;
}

/* Reads argv[0..JOIN_ARGS) into the record until a NULL pointer; the
 * number read goes in the u64 after the event id. */
static int fill_join(struct lower *l, int rec, void *arg)
{
	struct node *argv = arg;
	struct ir_opnd base;
	int err = lower_int(l, argv, &base);
	if (err)
		return err;
	int32_t slot = lower_alloca(l, 8);
	int p = lower_vreg(l), a = lower_vreg(l), done = ir_label(l->f);
	for (int i = 0; i < JOIN_ARGS; i++) {
		ir_store(l->f, ir_reg(rec), 8, ir_imm(i), 8);
		ir_alu(l->f, BPF_ADD, a, base, ir_imm(8 * i));
		lower_call(l, read_helper(argv, false), 3, ir_fp_off(slot), ir_imm(8), ir_reg(a));
		ir_load(l->f, p, ir_fp(), slot, 8);
		ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), done);
		int dst = lower_vreg(l);
		ir_alu(l->f, BPF_ADD, dst, ir_reg(rec), ir_imm(16 + i * JOIN_ARGSIZE));
		lower_call(l, read_helper(argv, true), 3, ir_reg(dst), ir_imm(JOIN_ARGSIZE), ir_reg(p));
	}
	ir_store(l->f, ir_reg(rec), 8, ir_imm(JOIN_ARGS), 8);
	ir_place(l->f, done);
	return 0;
}

static int lower_join(struct lower *l, struct node *call, struct val *out)
{
	struct node *sep = call->args->next;
	int id = lower_add_event(l, SG_ACT_JOIN, &call->loc);
	struct sg_event *ev = &l->b->events[id];
	ev->fmt = xstrdup(sep ? sep->str : " ");
	ev->args.nelems = JOIN_ARGS + 1;
	ev->args.elems = xcalloc(JOIN_ARGS + 1, sizeof(*ev->args.elems));
	ev->args.elems[0] = (struct sg_value_desc){.kind = SG_V_INT, .offset = 8, .size = 8};
	for (uint32_t i = 0; i < JOIN_ARGS; i++)
		ev->args.elems[i + 1] = (struct sg_value_desc){
			.kind = SG_V_STR, .offset = 16 + i * JOIN_ARGSIZE, .size = JOIN_ARGSIZE};
	return lower_event(l, id, 16 + JOIN_ARGS * JOIN_ARGSIZE, fill_join, call->args);
}

const struct sg_func funcs_sys[] = {
	{.name = "time", .min_args = 0, .max_args = 1, .check = check_time, .lower = lower_time},
	{.name = "cat", .min_args = 1, .max_args = 16, .check = check_formatted, .lower = lower_cat},
	{.name = "system", .min_args = 1, .max_args = 16, .check = check_system,
	 .lower = lower_system},
	{.name = "signal", .min_args = 1, .max_args = 1, .check = check_signal,
	 .lower = lower_signal},
	{.name = "join", .min_args = 1, .max_args = 2, .check = check_join, .lower = lower_join},
	{0},
};
