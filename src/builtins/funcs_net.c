/* Network addresses: ntop() (an address, printed as text in user space),
 * pton() (text → address bytes at compile time), macaddr(). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "builtins/funcs_int.h"
#include "codegen/lower_int.h"
#include "sema/sema_int.h"

#define INET_SIZE 24 /* u64 family, 16 address bytes */
#define MAC_SIZE 6

/* Address bytes come in arrays (pton(), `u8 saddr[4]` fields), not strings. */
static bool is_mem(const struct type *t)
{
	return t->kind == T_ARRAY;
}

/* ---- ntop([af, ]addr): an IPv4 u32 (network order) or 4/16 address bytes ---- */

static int check_ntop(struct sema *s, struct node *call)
{
	struct node *af = call->args->next ? call->args : NULL;
	struct node *a = af ? af->next : call->args;
	char b[96];
	int err = funcs_check_args(s, call);
	err = err || !af ? err : funcs_expect(s, call, af, T_INT, "an address family (integer)");
	if (err)
		return err;
	call->type = (struct type){.kind = T_INET, .size = INET_SIZE};
	if (a->type.kind == T_INT || a->type.kind == T_NONE)
		return 0;
	if (is_mem(&a->type) && (a->type.size == 4 || a->type.size == 16))
		return 0;
	return sema_err(s, a->loc, "ntop() expects an integer or an array of 4 or 16 bytes, not %s",
			type_name(&a->type, b, sizeof(b)));
}

static int lower_ntop(struct lower *l, struct node *call, struct val *out)
{
	struct node *af = call->args->next ? call->args : NULL;
	struct node *a = af ? af->next : call->args;
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, INET_SIZE, &off);
	lower_zero(l, base, off + 8, INET_SIZE - 8);
	int err;
	if (a->type.kind == T_INT) {
		struct ir_opnd v;
		err = lower_int(l, a, &v);
		if (!err)
			ir_store(l->f, base, off + 8, v, 4);
	} else {
		err = lower_expr_into(l, a, base, off + 8, a->type.size, false);
	}
	struct ir_opnd fam = ir_imm(a->type.size == 16 ? AF_INET6 : AF_INET);
	err = err || !af ? err : lower_int(l, af, &fam);
	if (!err && fam.kind == IR_O_IMM) {
		int r = lower_vreg(l);
		ir_mov(l->f, r, fam);
		fam = ir_reg(r);
	}
	if (!err)
		ir_store(l->f, base, off, fam, 8);
	out->type = call->type;
	return err;
}

/* ---- pton("1.2.3.4" | "::1"): uint8[4] or uint8[16], at compile time ---- */

static int pton_parse(const char *text, uint8_t addr[16])
{
	if (inet_pton(AF_INET, text, addr) == 1)
		return 4;
	if (inet_pton(AF_INET6, text, addr) == 1)
		return 16;
	return -EINVAL;
}

static int check_pton(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	uint8_t addr[16];
	int err = funcs_check_args(s, call);
	if (err)
		return err;
	if (a->kind != N_STR)
		return sema_err(s, a->loc, "pton() expects a string literal");
	int n = pton_parse(a->str, addr);
	if (n < 0)
		return sema_err(s, a->loc, "pton(): '%s' is not an IPv4 or IPv6 address", a->str);
	struct type *elem = type_arena_alloc(&s->arena, sizeof(*elem));
	*elem = type_int(1, false);
	call->type = (struct type){.kind = T_ARRAY, .size = (uint32_t)n, .nelem = (uint32_t)n,
				   .elem = elem};
	return 0;
}

static int lower_pton(struct lower *l, struct node *call, struct val *out)
{
	uint8_t addr[16];
	int n = pton_parse(call->args->str, addr);
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, (uint32_t)n, &off);
	uint32_t size = out->want_dst ? out->dst_size : (uint32_t)n;
	lower_store_bytes(l, base, off, (const char *)addr, MIN((uint32_t)n, size), size, out->pad);
	out->type = call->type;
	return 0;
}

/* ---- macaddr(p): 6 bytes of an array, or read from a pointer ---- */

static int check_macaddr(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	char b[96];
	int err = funcs_check_args(s, call);
	if (err)
		return err;
	call->type = (struct type){.kind = T_MAC, .size = MAC_SIZE};
	if (is_mem(&a->type) && a->type.size != MAC_SIZE)
		return sema_err(s, a->loc, "macaddr() argument must be 6 bytes in size, not %s",
				type_name(&a->type, b, sizeof(b)));
	if (is_mem(&a->type) || a->type.kind == T_INT || a->type.kind == T_PTR ||
	    a->type.kind == T_NONE)
		return 0;
	return sema_err(s, a->loc, "macaddr() expects a pointer or a 6-byte array, not %s",
			type_name(&a->type, b, sizeof(b)));
}

static int lower_macaddr(struct lower *l, struct node *call, struct val *out)
{
	struct node *a = call->args;
	int32_t off;
	struct ir_opnd base = lower_dst(l, out, MAC_SIZE, &off);
	out->type = call->type;
	if (is_mem(&a->type))
		return lower_expr_into(l, a, base, off, MAC_SIZE, false);
	struct ir_opnd p;
	int err = lower_int(l, a, &p);
	if (err)
		return err;
	int dst = lower_addr(l, base, off);
	bool user = a->type.kind == T_PTR && a->type.as == AS_USER;
	lower_call(l, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3,
		   ir_reg(dst), ir_imm(MAC_SIZE), p);
	return 0;
}

/* ---- bswap(n): n's bytes reversed, at n's own width ---- */

/* A variable or map value keeps the width of the integer stored in it: a
 * u16 port read into $p swaps as 16 bits, as in bpftrace. */
static uint32_t int_width(const struct type *t)
{
	return t->width ? t->width : t->size;
}

static int check_bswap(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	int err = funcs_check_args(s, call);
	err = err ? err : funcs_expect(s, call, a, T_INT, "an integer");
	if (err)
		return err;
	uint32_t w = int_width(&a->type);
	call->type = type_int(w == 1 || w == 2 || w == 4 ? w : 8, false);
	return 0;
}

static int lower_bswap(struct lower *l, struct node *call, struct val *out)
{
	struct ir_opnd v;
	int err = lower_int(l, call->args, &v);
	if (err)
		return err;
	int r = lower_vreg(l);
	if (call->type.size == 1) {
		ir_mov(l->f, r, v);
		ir_alu(l->f, BPF_AND, r, ir_reg(r), ir_imm(0xff));
	} else { /* to big endian on a little-endian host: the swap, zero-extended */
		ir_endian(l->f, BPF_TO_BE, r, v, (int)call->type.size * 8);
	}
	out->kind = VAL_REG;
	out->reg = r;
	out->type = call->type;
	return 0;
}

const struct sg_func funcs_net[] = {
	{.name = "bswap", .min_args = 1, .max_args = 1, .check = check_bswap, .lower = lower_bswap},
	{.name = "ntop", .min_args = 1, .max_args = 2, .check = check_ntop, .lower = lower_ntop},
	{.name = "pton", .min_args = 1, .max_args = 1, .check = check_pton, .lower = lower_pton},
	{.name = "macaddr", .min_args = 1, .max_args = 1, .check = check_macaddr,
	 .lower = lower_macaddr},
	{0},
};
