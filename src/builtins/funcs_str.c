/* String functions: strlen, strncmp, strcontains (computed in BPF over the
 * strings' fixed-size buffers, fully unrolled: no loops for the verifier to
 * bound) and buf (raw bytes printed with %r / %rx / %rh). */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/funcs_int.h"
#include "codegen/lower_int.h"
#include "sema/sema_int.h"

/* bpftrace's default limit for buf() (its max_strlen). */
#define BUF_MAX 64
/* strcontains compares every haystack position with every needle byte:
 * keep the unrolled code within a few thousand instructions. */
#define CONTAINS_MAX_WORK 8192

int funcs_check_args(struct sema *s, struct node *call)
{
	int err = 0;
	for (struct node *a = call->args; a; a = a->next) {
		int e = sema_expr(s, a);
		err = err ? err : e;
	}
	return err;
}

int funcs_expect(struct sema *s, struct node *call, struct node *a, enum type_kind kind,
		 const char *what)
{
	char b[96];
	if (a->type.kind == kind || a->type.kind == T_NONE)
		return 0;
	return sema_err(s, a->loc, "%s() expects %s, not %s", call->name, what,
			type_name(&a->type, b, sizeof(b)));
}

/* Evaluates a memory value (string, buffer, array) into memory. */
int funcs_to_mem(struct lower *l, struct node *n, struct val *v)
{
	memset(v, 0, sizeof(*v));
	int err = lower_expr(l, n, v);
	if (!err && v->kind != VAL_MEM) {
		diag_error(l->d, n->loc, "internal error: %s() argument is not in memory", "string");
		return -EINVAL;
	}
	return err;
}

static int reg_result(struct val *out, int r)
{
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

/* ---- strlen(s) ---- */

static int check_strlen(struct sema *s, struct node *call)
{
	int err = funcs_check_args(s, call);
	err = err ? err : funcs_expect(s, call, call->args, T_STR, "a string");
	call->type = type_int(8, false);
	return err;
}

static int lower_strlen(struct lower *l, struct node *call, struct val *out)
{
	struct val v;
	int err = funcs_to_mem(l, call->args, &v);
	if (err)
		return err;
	int r = lower_vreg(l), t = lower_vreg(l), done = ir_label(l->f);
	for (uint32_t i = 0; i < v.type.size; i++) {
		ir_mov(l->f, r, ir_imm(i));
		ir_load(l->f, t, lower_base(v.reg), v.off + (int32_t)i, 1);
		ir_jcc(l->f, BPF_JEQ, ir_reg(t), ir_imm(0), done);
	}
	ir_mov(l->f, r, ir_imm(v.type.size)); /* no NUL: the buffer is full */
	ir_place(l->f, done);
	return reg_result(out, r);
}

/* ---- strncmp(a, b, n): 0 when the first n characters are equal, else 1 ---- */

static int check_strncmp(struct sema *s, struct node *call)
{
	struct node *a = call->args, *b = a->next, *n = b->next;
	int err = funcs_check_args(s, call);
	err = err ? err : funcs_expect(s, call, a, T_STR, "a string");
	err = err ? err : funcs_expect(s, call, b, T_STR, "a string");
	if (!err && (n->kind != N_INT || (int64_t)n->num < 0))
		err = sema_err(s, n->loc, "strncmp() length must be a non-negative integer literal");
	call->type = type_int(8, false);
	return err;
}

/* Byte i of the string at v into t, or 0 past its buffer. */
static void load_char(struct lower *l, int t, const struct val *v, uint32_t i)
{
	if (i < v->type.size)
		ir_load(l->f, t, lower_base(v->reg), v->off + (int32_t)i, 1);
	else
		ir_mov(l->f, t, ir_imm(0));
}

static int lower_strncmp(struct lower *l, struct node *call, struct val *out)
{
	struct node *a = call->args, *b = a->next;
	struct val va, vb;
	int err = funcs_to_mem(l, a, &va);
	err = err ? err : funcs_to_mem(l, b, &vb);
	if (err)
		return err;
	uint32_t n = (uint32_t)MIN(b->next->num, (uint64_t)MAX(va.type.size, vb.type.size));
	int r = lower_vreg(l), ta = lower_vreg(l), tb = lower_vreg(l), done = ir_label(l->f);
	ir_mov(l->f, r, ir_imm(1));
	for (uint32_t i = 0; i < n; i++) {
		load_char(l, ta, &va, i);
		load_char(l, tb, &vb, i);
		ir_jcc(l->f, BPF_JNE, ir_reg(ta), ir_reg(tb), done);
		if (i + 1 < n) {
			int eq = ir_label(l->f);
			ir_jcc(l->f, BPF_JNE, ir_reg(ta), ir_imm(0), eq);
			ir_mov(l->f, r, ir_imm(0));
			ir_jmp(l->f, done);
			ir_place(l->f, eq);
		}
	}
	ir_mov(l->f, r, ir_imm(0));
	ir_place(l->f, done);
	return reg_result(out, r);
}

/* ---- strcontains(haystack, needle): 1 when needle occurs in haystack ---- */

static int check_strcontains(struct sema *s, struct node *call)
{
	struct node *h = call->args, *n = h->next;
	int err = funcs_check_args(s, call);
	err = err ? err : funcs_expect(s, call, h, T_STR, "a string");
	err = err ? err : funcs_expect(s, call, n, T_STR, "a string");
	call->type = type_int(8, false);
	if (!err && h->type.size * n->type.size > CONTAINS_MAX_WORK)
		return sema_err(s, call->loc, "strcontains() of strings this long (%u and %u bytes) "
				"is not supported", h->type.size, n->type.size);
	return err;
}

/* One start position i: jumps to found when the needle matches there. */
static void contains_at(struct lower *l, const struct val *h, const struct val *nd,
			const struct node *lit, uint32_t i, int found)
{
	int th = lower_vreg(l), tn = lower_vreg(l), next = ir_label(l->f);
	uint32_t nlen = lit ? (uint32_t)strnlen(lit->str, lit->len) + 1 : nd->type.size;
	for (uint32_t j = 0; j < nlen; j++) {
		if (lit && j + 1 == nlen) {
			ir_jmp(l->f, found);
			break;
		}
		if (!lit) {
			load_char(l, tn, nd, j);
			ir_jcc(l->f, BPF_JEQ, ir_reg(tn), ir_imm(0), found);
		}
		if (i + j >= h->type.size) {
			ir_jmp(l->f, next);
			break;
		}
		load_char(l, th, h, i + j);
		if (lit)
			ir_jcc(l->f, BPF_JNE, ir_reg(th), ir_imm((uint8_t)lit->str[j]), next);
		else
			ir_jcc(l->f, BPF_JNE, ir_reg(th), ir_reg(tn), next);
	}
	ir_place(l->f, next);
}

static int lower_strcontains(struct lower *l, struct node *call, struct val *out)
{
	struct node *h = call->args, *n = h->next;
	const struct node *lit = n->kind == N_STR ? n : NULL;
	struct val vh, vn = {0};
	int err = funcs_to_mem(l, h, &vh);
	err = err ? err : lit ? 0 : funcs_to_mem(l, n, &vn);
	if (err)
		return err;
	int r = lower_vreg(l), t = lower_vreg(l), found = ir_label(l->f), done = ir_label(l->f);
	ir_mov(l->f, r, ir_imm(0));
	for (uint32_t i = 0; i < vh.type.size; i++) {
		contains_at(l, &vh, &vn, lit, i, found);
		load_char(l, t, &vh, i);
		ir_jcc(l->f, BPF_JEQ, ir_reg(t), ir_imm(0), done);
	}
	ir_jmp(l->f, done);
	ir_place(l->f, found);
	ir_mov(l->f, r, ir_imm(1));
	ir_place(l->f, done);
	return reg_result(out, r);
}

/* ---- buf(p[, n]): u32 length, then n bytes read from p ---- */

static int check_buf(struct sema *s, struct node *call)
{
	struct node *p = call->args, *n = p->next;
	char b[96];
	int err = funcs_check_args(s, call);
	if (err)
		return err;
	enum type_kind k = p->type.kind;
	bool mem = k == T_STR || k == T_ARRAY;
	if (k != T_INT && k != T_PTR && !mem && k != T_NONE)
		return sema_err(s, p->loc, "buf() expects a pointer, an address or an array, not %s",
				type_name(&p->type, b, sizeof(b)));
	if (!n && !mem)
		return sema_err(s, call->loc, "buf() of a pointer needs a length: buf(p, n)");
	if (n && (n->kind != N_INT || n->num == 0))
		return sema_err(s, n->loc, "buf() length must be a positive integer literal");
	uint32_t len = n ? (uint32_t)MIN(n->num, (uint64_t)BUF_MAX) : MIN(p->type.size, BUF_MAX);
	call->type = (struct type){.kind = T_BUF, .size = 4 + len};
	return 0;
}

static int lower_buf(struct lower *l, struct node *call, struct val *out)
{
	struct node *p = call->args;
	uint32_t len = call->type.size - 4;
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, call->type.size, &off);
	int err;
	if (p->kind == N_STR) { /* all of its bytes: no NUL forced at the end */
		char *tmp = xcalloc(1, len);
		memcpy(tmp, p->str, MIN(len, (uint32_t)p->len));
		lower_store_bytes(l, base, off + 4, tmp, len, len, false);
		free(tmp);
		err = 0;
	} else if (p->type.kind == T_STR || p->type.kind == T_ARRAY) {
		err = lower_expr_into(l, p, base, off + 4, len, true);
	} else {
		struct ir_opnd ptr;
		err = lower_int(l, p, &ptr);
		if (err)
			return err;
		int dst = lower_addr(l, base, off + 4);
		bool user = p->type.kind == T_PTR && p->type.as == AS_USER;
		lower_call(l, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3,
			   ir_reg(dst), ir_imm(len), ptr);
	}
	ir_store(l->f, base, off, ir_imm(len), 4);
	out->type = call->type;
	return err;
}

/* ---- str($N[, len]): bpftrace takes the parameter's text, even "123" ---- */

static const char *param_text(const struct sema_opts *o, const struct node *p)
{
	return sema_param_text(o, p->num);
}

/* Characters kept: all, or at most a literal length argument. */
static size_t param_keep(const struct sema_opts *o, const struct node *call)
{
	size_t n = strlen(param_text(o, call->args));
	const struct node *len = call->args->next;
	return len && len->kind == N_INT && len->num < n ? (size_t)len->num : n;
}

int funcs_str_param_check(struct sema *s, struct node *call)
{
	struct node *len = call->args->next;
	if (len && len->kind != N_INT)
		return sema_err(s, len->loc, "str($N, len): the length must be an integer literal");
	call->type = type_str((uint32_t)param_keep(&s->opts, call) + 1);
	return 0;
}

int funcs_str_param_lower(struct lower *l, struct node *call, struct val *out)
{
	size_t keep = param_keep(&l->s->opts, call);
	struct node lit = {.kind = N_STR, .loc = call->loc, .len = keep, .type = call->type};
	lit.str = xstrndup(param_text(&l->s->opts, call->args), keep);
	int err = lower_str_literal(l, &lit, out);
	free(lit.str);
	return err;
}

const struct sg_func funcs_str[] = {
	{.name = "strlen", .min_args = 1, .max_args = 1, .check = check_strlen, .lower = lower_strlen},
	{.name = "strncmp", .min_args = 3, .max_args = 3, .check = check_strncmp,
	 .lower = lower_strncmp},
	{.name = "strcontains", .min_args = 2, .max_args = 2, .check = check_strcontains,
	 .lower = lower_strcontains},
	{.name = "buf", .min_args = 1, .max_args = 2, .check = check_buf, .lower = lower_buf},
	{0},
};
