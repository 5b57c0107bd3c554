/* debugf(fmt, ...): bpftrace's bpf_trace_printk() wrapper. Its output goes to
 * the kernel's trace_pipe, not to our event stream, so it costs no ringbuf
 * record; the kernel takes at most three integer or string arguments. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "builtins/funcs_int.h"
#include "codegen/lower.h"
#include "sema/sema_int.h"

#define DEBUGF_MAX_ARGS 3
#define DEBUGF_MAX_FMT 256

/* Rewrites bpftrace conversions for the kernel's printk: integers are 64-bit
 * (%d → %lld), length modifiers of the script are replaced. Returns the new
 * format (caller frees) or NULL with *bad set to the offending conversion. */
static char *debugf_format(const char *in, char *bad)
{
	size_t n = strlen(in);
	char *out = xcalloc(1, n * 3 + 1), *o = out;
	for (const char *p = in; *p; p++) {
		*o++ = *p;
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			*o++ = *++p;
			continue;
		}
		while (strchr("-+ #0123456789.", p[1]) && p[1])
			*o++ = *++p;
		while (p[1] == 'l' || p[1] == 'h')
			p++;
		char c = p[1];
		if (c && strchr("diuxX", c)) {
			*o++ = 'l';
			*o++ = 'l';
		} else if (!c || !strchr("sc", c)) {
			*bad = c ? c : '%';
			free(out);
			return NULL;
		}
		*o++ = *++p;
	}
	return out;
}

static int check_debugf(struct sema *s, struct node *call)
{
	int err = funcs_check_args(s, call);
	if (err)
		return err;
	struct node *fmt = call->args;
	if (fmt->kind != N_STR)
		return sema_err(s, fmt->loc, "debugf: the format must be a string literal");
	/* at most DEBUGF_MAX_ARGS: the table entry's max_args */
	for (struct node *a = fmt->next; a; a = a->next)
		if (a->type.kind != T_INT && a->type.kind != T_STR &&
		    a->type.kind != T_PTR)
		{
			char tn[64];
			return sema_err(s, a->loc, "debugf: arguments are integers or strings, not %s",
					type_name(&a->type, tn, sizeof(tn)));
		}
	err = printf_check_format(s, call, fmt, fmt->next);
	if (err)
		return err;
	char bad = 0, *conv = debugf_format(fmt->str, &bad);
	if (!conv)
		return sema_err(s, fmt->loc, "debugf: %%%c is not supported by trace_printk", bad);
	size_t len = strlen(conv);
	free(conv);
	if (len >= DEBUGF_MAX_FMT)
		return sema_err(s, fmt->loc, "debugf: the format is longer than %d bytes",
				DEBUGF_MAX_FMT - 1);
	diag_warn(s->d, call->loc, "debugf() writes to /sys/kernel/tracing/trace_pipe, not to "
		  "spyglass's output");
	call->type = type_void();
	return 0;
}

/* The kernel reads the format from the stack: write it as 4-byte immediates. */
static struct lmem debugf_store_format(struct lower *l, const char *fmt, size_t len)
{
	uint32_t size = ALIGN_UP((uint32_t)len, 8);
	char *buf = xcalloc(1, size);
	memcpy(buf, fmt, len);
	struct lmem m = lower_temp(l, size);
	for (uint32_t i = 0; i < size; i += 4) {
		int32_t w;
		memcpy(&w, buf + i, 4);
		ir_store(l->f, m.base, m.off + (int32_t)i, ir_imm(w), 4);
	}
	free(buf);
	return m;
}

static int debugf_arg(struct lower *l, struct node *a, struct ir_opnd *out)
{
	if (a->type.kind != T_STR)
		return lower_int(l, a, out);
	struct val v = {0};
	int err = funcs_to_mem(l, a, &v);
	if (!err)
		*out = ir_reg(lower_addr(l, lower_base(v.reg), v.off));
	return err;
}

static int lower_debugf(struct lower *l, struct node *call, struct val *out)
{
	(void)out;
	char bad = 0, *fmt = debugf_format(call->args->str, &bad);
	if (!fmt)
		return -EINVAL; /* sema refused it already */
	size_t len = strlen(fmt) + 1;
	struct lmem m = debugf_store_format(l, fmt, len);
	free(fmt);
	struct ir_opnd a[2 + DEBUGF_MAX_ARGS];
	int n = 2, err = 0;
	for (struct node *p = call->args->next; p && !err; p = p->next)
		err = debugf_arg(l, p, &a[n++]);
	if (err)
		return err;
	a[0] = ir_reg(lower_mem_addr(l, m));
	a[1] = ir_imm((int64_t)len);
	int r = lower_vreg(l);
	ir_call(l->f, r, BPF_FUNC_trace_printk, n, a);
	lower_check_helper(l, BPF_FUNC_trace_printk, n, a, r);
	return 0;
}

const struct sg_func funcs_debug[] = {
	{.name = "debugf", .min_args = 1, .max_args = 1 + DEBUGF_MAX_ARGS, .check = check_debugf,
	 .lower = lower_debugf},
	{0},
};
