/* fentry:FUNC / fexit:FUNC (aliases kfunc:/kretfunc:, f:/fr:), with
 * wildcards and the newest fentry:MODULE:FUNC form: BPF trampolines on
 * kernel functions. Functions are checked against /proc/kallsyms here; the
 * runtime feature-detects trampolines (attach_fentry.c) before loading
 * anything. `args` and fexit's `retval` are typed from the function's BTF
 * prototype: the trampoline passes each argument as a u64 slot of the
 * context, and the helper bpf_get_func_ret() reads the return value. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/builtin.h"
#include "codegen/lower.h"
#include "codegen/lower_int.h"
#include "sema/btf.h"
#include "sema/probes.h"
#include "sema/sema_int.h"
#include "sym/ksyms.h"

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	const char *prov = p->prov->name, *func = ap->parts[ap->nparts - 1];
	if (ap->nparts < 2 || ap->nparts > 3 || !*func)
		return sema_err(s, ap->loc, "invalid %s '%s': expected %s:FUNCTION", prov, ap->raw,
				prov);
	const struct ksyms *k = ksyms_default();
	if (!k)
		return sema_err(s, ap->loc, "%s: cannot read /proc/kallsyms", ap->raw);
	if (strpbrk(func, "*?")) {
		/* The kprobe expansion names entries after p's provider. */
		if (!kprobe_functions() || kprobe_expand_wildcard(s, p, kprobe_functions(), func, NULL) == 0)
			return sema_err(s, ap->loc, "%s: no kernel function matches %s", ap->raw, func);
		return 0;
	}
	uint64_t addr;
	if (ksyms_addr(k, func, &addr) != 0)
		return sema_err(s, ap->loc, "%s: no kernel function %s", ap->raw, func);
	char *name = xasprintf("%s:%s", prov, func);
	probe_add_attach(s, p, prov, func, name);
	free(name);
	return 0;
}

/* The BTF prototype of function i of p: its args record and return type. */
static int prototype(struct sema *s, struct sema_probe *p, size_t i, struct srcloc loc,
		     struct record **args, struct type *ret)
{
	const struct sg_attach *a = &p->attach.data[i];
	if (sgbtf_func_args(s, a->target, args, ret) != 0)
		return sema_err(s, loc, "%s: no BTF type information for %s "
				"(/sys/kernel/btf/vmlinux)", a->name, a->target);
	return 0;
}

/* `args` of a wildcard must mean the same slots in every function. */
static int args_type(struct sema *s, struct sema_probe *p, struct srcloc loc, struct type *out)
{
	struct record *first = NULL, *r;
	struct type ret;
	for (size_t i = 0; i < p->attach.len; i++) {
		int err = prototype(s, p, i, loc, i ? &r : &first, &ret);
		if (err)
			return err;
		if (i && !probe_same_params(first, r))
			return sema_err(s, loc, "%s and %s have different parameters: args "
					"needs one parameter list", p->attach.data[0].name,
					p->attach.data[i].name);
	}
	*out = (struct type){.kind = T_CTX, .size = 8, .rec = first};
	return 0;
}

/* retval is typed like the functions' return type when they agree, as a
 * u64 otherwise (bpf_get_func_ret reads it either way). */
static int retval_type(struct sema *s, struct sema_probe *p, struct srcloc loc, struct type *out)
{
	struct record *args;
	struct type t;
	for (size_t i = 0; i < p->attach.len; i++) {
		int err = prototype(s, p, i, loc, &args, i ? &t : out);
		if (err)
			return err;
		if (i && !type_equal(out, &t))
			*out = type_int(8, false);
	}
	if (out->kind == T_VOID && p->attach.len == 1)
		return sema_err(s, loc, "%s returns void: it has no retval", p->attach.data[0].name);
	if (out->kind != T_INT && out->kind != T_PTR)
		*out = type_int(8, false); /* small structs come back in rax: the raw bits */
	return 0;
}

/* bpf_get_func_ret(ctx, &slot): the return value, whatever the argument
 * count of the traced function (it varies across a wildcard). */
static int lower_retval(struct lower *l, struct node *n, struct val *out)
{
	int32_t slot = lower_alloca(l, 8);
	int addr = lower_addr(l, lower_base(-1), slot);
	lower_call(l, BPF_FUNC_get_func_ret, 2, ir_reg(l->f->ctx), ir_reg(addr));
	int r = lower_vreg(l);
	ir_load(l->f, r, lower_base(-1), slot, 8);
	lower_extend(l, r, n->type.size, n->type.is_signed);
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

static const char *const fentry_aliases[] = {"kfunc", "f", NULL};
static const char *const fexit_aliases[] = {"kretfunc", "fr", NULL};

const struct provider provider_fentry = {
	.name = "fentry",
	.aliases = fentry_aliases,
	.prog_type = BPF_PROG_TYPE_TRACING,
	.expected_attach_type = BPF_TRACE_FENTRY,
	.event_probe = true,
	.has_func = true,
	.expand = expand,
	.args_type = args_type,
};

const struct provider provider_fexit = {
	.name = "fexit",
	.aliases = fexit_aliases,
	.prog_type = BPF_PROG_TYPE_TRACING,
	.expected_attach_type = BPF_TRACE_FEXIT,
	.event_probe = true,
	.has_func = true,
	.has_retval = true,
	.expand = expand,
	.args_type = args_type,
	.retval_type = retval_type,
	.lower_retval = lower_retval,
};
