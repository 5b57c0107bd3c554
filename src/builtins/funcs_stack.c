/* Stacks and user symbols: kstack / ustack (builtins and calls with a
 * mode and/or a frame limit: kstack(perf), kstack(5), ustack(raw, 3)),
 * usym(addr) and uaddr("name").
 *
 * A stack value is 16 bytes (see SG_V_STACK): the id bpf_get_stackid gives
 * in the shared ".stacks" STACK_TRACE map, the pid for ustack (user space
 * symbolizes per process), and the mode and limit, so that one value prints
 * itself. The first ustack of each pid also sends an SG_ACT_USTACK_PID
 * record (guarded by the ".ustack_pids" hash), so that user space reads
 * the process's mappings while it is still alive. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/funcs_int.h"
#include "codegen/lower_int.h"
#include "sema/sema_int.h"
#include "sym/elfsym.h"
#include "sym/usyms.h"

#define STACK_FRAMES 127 /* the kernel's default perf_event_max_stack */
#define STACK_ENTRIES 4096
#define STACK_SIZE 16

static const char *const modes[] = {"bpftrace", "perf", "raw"};

struct stack_spec {
	int mode;
	int limit; /* 0: all */
};

static int spec_err(struct sema *s, struct node *n, const char *fmt, const char *name)
{
	return s ? sema_err(s, n->loc, fmt, name) : -EINVAL;
}

static int parse_mode(struct sema *s, const char *fn, struct node *a, struct stack_spec *sp)
{
	for (int i = 0; i < (int)ARRAY_SIZE(modes); i++)
		if (strcmp(a->name, modes[i]) == 0) {
			sp->mode = i;
			return 0;
		}
	return spec_err(s, a, "%s(): unknown stack mode (expected bpftrace, perf or raw)", fn);
}

static int parse_limit(struct sema *s, const char *fn, struct node *a, struct stack_spec *sp)
{
	if (a->kind != N_INT || a->num < 1 || a->num > STACK_FRAMES)
		return spec_err(s, a, "%s(): the frame limit must be an integer literal from 1 to "
			       "127", fn);
	sp->limit = (int)a->num;
	return 0;
}

/* kstack, kstack(mode), kstack(n), kstack(mode, n); s NULL: no messages. */
static int stack_spec(struct sema *s, int cfg_mode, struct node *n, struct stack_spec *sp)
{
	const char *fn = n->name;
	struct node *a = n->kind == N_CALL ? n->args : NULL;
	*sp = (struct stack_spec){.mode = cfg_mode >= 0 && cfg_mode <= 2 ? cfg_mode : 0};
	if (a && a->kind == N_STR)
		return spec_err(s, a, "%s(): the stack mode is a bare word: bpftrace, perf or raw", fn);
	if (a && a->kind == N_BUILTIN) {
		int err = parse_mode(s, fn, a, sp);
		if (err)
			return err;
		a = a->next;
	}
	int err = a ? parse_limit(s, fn, a, sp) : 0;
	if (!err && a && a->next)
		err = spec_err(s, a->next, "%s(): expects a stack mode, then a frame limit", fn);
	return err;
}

int funcs_stack_check(struct sema *s, struct node *n)
{
	struct stack_spec sp;
	n->type = (struct type){.kind = T_STACK, .size = STACK_SIZE};
	return stack_spec(s, s->opts.stack_mode, n, &sp);
}

/* Internal maps: created on first use; lower_maps left room for them. */
static int internal_map(struct lower *l, const char *name, enum sg_map_type type,
			uint32_t vsize)
{
	const struct sg_map *have = sg_bundle_map(l->b, name);
	if (have)
		return (int)(have - l->b->maps);
	struct sg_map *m = &l->b->maps[l->b->nmaps];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->type = type;
	m->key_size = 4;
	m->value_size = vsize;
	m->max_entries = STACK_ENTRIES;
	return (int)l->b->nmaps++;
}

static int fill_pid(struct lower *l, int rec, void *arg)
{
	ir_store(l->f, ir_reg(rec), 8, ir_reg(*(int *)arg), 4);
	return 0;
}

/* Sends the pid once: a NOEXIST insert into .ustack_pids that succeeds. */
static int notify_pid(struct lower *l, int pid)
{
	struct ir_func *f = l->f;
	int done = ir_label(f), map = lower_vreg(l);
	int32_t key = lower_alloca(l, 4), val = lower_alloca(l, 8);
	ir_store(f, ir_fp(), key, ir_reg(pid), 4);
	ir_store(f, ir_fp(), val, ir_imm(0), 8);
	int p = lower_map_lookup(l, internal_map(l, ".ustack_pids", SG_MAP_HASH, 8), key);
	ir_jcc(f, BPF_JNE, ir_reg(p), ir_imm(0), done);
	ir_ldmap(f, map, internal_map(l, ".ustack_pids", SG_MAP_HASH, 8));
	int r = lower_call(l, BPF_FUNC_map_update_elem, 4, ir_reg(map),
			   ir_reg(lower_addr(l, ir_fp(), key)), ir_reg(lower_addr(l, ir_fp(), val)),
			   ir_imm(BPF_NOEXIST));
	ir_jcc(f, BPF_JNE, ir_reg(r), ir_imm(0), done);
	int err = lower_event(l, lower_add_event(l, SG_ACT_USTACK_PID, NULL), 16, fill_pid, &pid);
	ir_place(f, done);
	return err;
}

int funcs_stack_lower(struct lower *l, struct node *n, struct val *out)
{
	struct stack_spec sp;
	bool user = n->name[0] == 'u';
	int32_t off;
	stack_spec(NULL, l->s->opts.stack_mode, n, &sp);
	struct ir_opnd base = lower_dst(l, out, STACK_SIZE, &off);
	int map = lower_vreg(l);
	ir_ldmap(l->f, map, internal_map(l, ".stacks", SG_MAP_STACK_TRACE, STACK_FRAMES * 8));
	int id = lower_call(l, BPF_FUNC_get_stackid, 3, ir_reg(l->f->ctx), ir_reg(map),
			    ir_imm(user ? BPF_F_USER_STACK : 0));
	ir_store(l->f, base, off, ir_reg(id), 8);
	int pid = -1;
	if (user) {
		pid = lower_pid_tgid(l);
		ir_alu(l->f, BPF_RSH, pid, ir_reg(pid), ir_imm(32));
	}
	ir_store(l->f, base, off + 8, pid >= 0 ? ir_reg(pid) : ir_imm(0), 4);
	ir_store(l->f, base, off + 12, ir_imm(user | sp.mode << 8 | sp.limit << 16), 4);
	out->type = n->type;
	return user ? notify_pid(l, pid) : 0;
}

/* ---- usym(addr) ---- */

static int check_usym(struct sema *s, struct node *call)
{
	int err = funcs_check_args(s, call);
	if (!err && call->args->type.kind != T_PTR)
		err = funcs_expect(s, call, call->args, T_INT, "an address (integer)");
	call->type = (struct type){.kind = T_USYM, .size = 16};
	return err;
}

static int lower_usym(struct lower *l, struct node *call, struct val *out)
{
	int32_t off;
	struct ir_opnd v, base = lower_dst(l, out, 16, &off);
	int err = lower_int(l, call->args, &v);
	if (err)
		return err;
	int r = lower_vreg(l);
	ir_mov(l->f, r, v);
	ir_store(l->f, base, off, ir_reg(r), 8);
	int pid = lower_pid_tgid(l);
	ir_alu(l->f, BPF_RSH, pid, ir_reg(pid), ir_imm(32));
	ir_store(l->f, base, off + 8, ir_reg(pid), 8);
	out->type = call->type;
	return 0;
}

/* ---- uaddr("name"): resolved in the probe's binary at compile time ---- */

/* The binary of the current uprobe (targets are "PATH:0xOFFSET"), or NULL. */
static char *probe_binary(struct sema *s)
{
	struct sema_probe *p = s->cur;
	if (!p || !p->attach.len || strncmp(p->attach.data[0].provider, "u", 1) != 0)
		return NULL;
	const char *t = p->attach.data[0].target, *colon = strrchr(t, ':');
	return colon ? xstrndup(t, (size_t)(colon - t)) : NULL;
}

static int uaddr_of(struct sema *s, struct node *call, uint64_t *addr)
{
	struct node *a = call->args;
	char *path = probe_binary(s);
	struct elf_syms syms;
	if (!path)
		return sema_err(s, call->loc, "uaddr() can only be used in uprobe and uretprobe probes");
	int err = elf_syms_read(path, &syms);
	bool pie = !err && syms.pie;
	if (!err)
		elf_syms_free(&syms);
	err = err ? err : usyms_elf_addr(path, a->str, addr);
	if (err)
		err = sema_err(s, a->loc, "uaddr(): no symbol named '%s' in %s", a->str, path);
	else if (pie)
		err = sema_err(s, a->loc, "uaddr(): %s is position-independent: the address of "
			       "'%s' is known only at run time", path, a->str);
	free(path);
	return err;
}

static int check_uaddr(struct sema *s, struct node *call)
{
	uint64_t addr;
	call->type = type_int(8, false);
	if (call->args->kind != N_STR)
		return sema_err(s, call->args->loc, "uaddr() expects a string literal (a symbol name)");
	return uaddr_of(s, call, &addr);
}

static int lower_uaddr(struct lower *l, struct node *call, struct val *out)
{
	uint64_t addr = 0;
	uaddr_of(l->s, call, &addr); /* checked by check_uaddr */
	out->kind = VAL_IMM;
	out->imm = (int64_t)addr;
	return 0;
}

const struct sg_func funcs_stack[] = {
	{.name = "kstack", .min_args = 1, .max_args = 2, .check = funcs_stack_check,
	 .lower = funcs_stack_lower},
	{.name = "ustack", .min_args = 1, .max_args = 2, .check = funcs_stack_check,
	 .lower = funcs_stack_lower},
	{.name = "usym", .min_args = 1, .max_args = 1, .check = check_usym, .lower = lower_usym},
	{.name = "uaddr", .min_args = 1, .max_args = 1, .check = check_uaddr, .lower = lower_uaddr},
	{0},
};
