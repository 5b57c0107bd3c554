/* Values resolved outside the probe: ksym() (address → kernel symbol, in
 * user space), kaddr() and cgroupid() (at compile time), strftime()
 * (boot time → wall clock, in user space), and has_key(). */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/funcs_int.h"
#include "codegen/lower_int.h"
#include "sema/sema_int.h"
#include "sym/ksyms.h"

static int imm_result(struct val *out, int64_t v)
{
	out->kind = VAL_IMM;
	out->imm = v;
	return 0;
}

/* ---- ksym(addr) ---- */

static int check_ksym(struct sema *s, struct node *call)
{
	int err = funcs_check_args(s, call);
	if (!err && call->args->type.kind != T_PTR) /* pointers are addresses too */
		err = funcs_expect(s, call, call->args, T_INT, "an address (integer)");
	call->type = (struct type){.kind = T_KSYM, .size = 8};
	return err;
}

static int lower_ksym(struct lower *l, struct node *call, struct val *out)
{
	int32_t off;
	struct ir_opnd v, base = lower_dst(l, out, 8, &off);
	int err = lower_int(l, call->args, &v);
	if (!err && v.kind == IR_O_IMM) {
		int r = lower_vreg(l);
		ir_mov(l->f, r, v);
		v = ir_reg(r);
	}
	if (!err)
		ir_store(l->f, base, off, v, 8);
	out->type = call->type;
	return err;
}

/* ---- kaddr("symbol") ---- */

static int kaddr_of(const char *name, uint64_t *addr)
{
	const struct ksyms *k = ksyms_default();
	return k ? ksyms_addr(k, name, addr) : -EPERM;
}

static int check_kaddr(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	uint64_t addr;
	call->type = type_int(8, false);
	if (a->kind != N_STR)
		return sema_err(s, a->loc, "kaddr() expects a string literal (a kernel symbol name)");
	int err = kaddr_of(a->str, &addr);
	if (err == -ENOENT)
		return sema_err(s, a->loc, "kaddr(): no kernel symbol named '%s'", a->str);
	if (err)
		return sema_err(s, a->loc, "kaddr(): cannot read /proc/kallsyms");
	return 0;
}

static int lower_kaddr(struct lower *l, struct node *call, struct val *out)
{
	uint64_t addr = 0;
	kaddr_of(call->args->str, &addr); /* checked by check_kaddr */
	return imm_result(out, (int64_t)addr);
}

/* ---- cgroupid("/sys/fs/cgroup/...") ---- */

/* The cgroup id is the cgroupfs file handle (kernfs node id): 8 bytes.
 * Other file systems' longer handles fail with EOVERFLOW, as in bpftrace. */
static int cgroup_id(const char *path, uint64_t *id)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + 8];
	} h = {.fh.handle_bytes = 8};
	int mount_id;
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0) != 0)
		return -errno;
	if (h.fh.handle_bytes < sizeof(*id))
		return -EINVAL;
	memcpy(id, h.fh.f_handle, sizeof(*id));
	return 0;
}

static int check_cgroupid(struct sema *s, struct node *call)
{
	struct node *a = call->args;
	uint64_t id;
	call->type = type_int(8, false);
	if (a->kind != N_STR)
		return sema_err(s, a->loc, "cgroupid() expects a string literal (a cgroup path)");
	int err = cgroup_id(a->str, &id);
	if (err)
		return sema_err(s, a->loc, "cgroupid(): %s: %s", a->str, strerror(-err));
	return 0;
}

static int lower_cgroupid(struct lower *l, struct node *call, struct val *out)
{
	uint64_t id = 0;
	cgroup_id(call->args->str, &id);
	return imm_result(out, (int64_t)id);
}

/* ---- strftime(fmt, nsecs) ---- */

static int check_strftime(struct sema *s, struct node *call)
{
	struct node *fmt = call->args;
	int err = funcs_check_args(s, call);
	if (!err && fmt->kind != N_STR)
		err = sema_err(s, fmt->loc, "strftime(): the format must be a string literal");
	err = err ? err : funcs_expect(s, call, fmt->next, T_INT, "nanoseconds (integer)");
	call->type = (struct type){.kind = T_TIMESTAMP, .size = 16};
	return err;
}

int64_t funcs_bundle_string(struct sg_bundle *b, const char *fmt)
{
	for (size_t i = 0; i < b->nstrings; i++)
		if (strcmp(b->strings[i], fmt) == 0)
			return (int64_t)i;
	b->strings = xgrow(b->strings, b->nstrings, sizeof(*b->strings));
	b->strings[b->nstrings] = xstrdup(fmt);
	return (int64_t)b->nstrings++;
}

static int lower_strftime(struct lower *l, struct node *call, struct val *out)
{
	int32_t off;
	struct ir_opnd v, base = lower_dst(l, out, 16, &off);
	int err = lower_int(l, call->args->next, &v);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_mov(l->f, r, v);
	ir_store(l->f, base, off + 8, ir_reg(r), 8);
	ir_store(l->f, base, off, ir_imm(funcs_bundle_string(l->b, call->args->str)), 8);
	out->type = call->type;
	return 0;
}

/* ---- has_key(@m, key) and has_key(@m, (k1, k2)) ---- */

/* Lends the key (a tuple's elements for multi-key maps) to the map node as
 * its subscript, as in @m[key], for the shared map-key code; then back. */
static void lend_key(struct node *m, bool lend)
{
	if (lend) {
		struct node *k = m->next;
		m->args = k->kind == N_TUPLE ? k->args : k;
	} else {
		m->args = NULL;
	}
}

static int check_has_key(struct sema *s, struct node *call)
{
	struct node *m = call->args;
	call->type = type_int(8, false);
	if (m->kind != N_MAP || m->args)
		return sema_err(s, m->loc, "has_key() expects a map and a key: has_key(@m, key)");
	lend_key(m, true);
	int err = sema_map_keys(s, m);
	lend_key(m, false);
	return err;
}

static int lower_has_key(struct lower *l, struct node *call, struct val *out)
{
	struct node *m = call->args;
	struct lmem key;
	lend_key(m, true);
	int err = lower_map_key(l, m, &key);
	lend_key(m, false);
	if (err)
		return err;
	int p = lower_map_lookup_at(l, m->res.map->index, key);
	int r = lower_vreg(l), done = ir_label(l->f);
	ir_mov(l->f, r, ir_imm(0));
	ir_jcc(l->f, BPF_JEQ, ir_reg(p), ir_imm(0), done);
	ir_mov(l->f, r, ir_imm(1));
	ir_place(l->f, done);
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

const struct sg_func funcs_sym[] = {
	{.name = "ksym", .min_args = 1, .max_args = 1, .check = check_ksym, .lower = lower_ksym},
	{.name = "kaddr", .min_args = 1, .max_args = 1, .check = check_kaddr, .lower = lower_kaddr},
	{.name = "cgroupid", .min_args = 1, .max_args = 1, .check = check_cgroupid,
	 .lower = lower_cgroupid},
	{.name = "strftime", .min_args = 2, .max_args = 2, .check = check_strftime,
	 .lower = lower_strftime},
	{.name = "has_key", .min_args = 2, .max_args = 2, .check = check_has_key,
	 .lower = lower_has_key},
	{0},
};
