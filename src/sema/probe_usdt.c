/* usdt:PATH:PROVIDER:NAME, usdt:PATH:NAME (the name unique across providers),
 * alias U:. PATH as for uprobes (a path, or a short library/program name,
 * with -p first looked up in that process's mappings); PROVIDER and NAME may
 * be wildcards. Each site of a probe is one attach entry whose target is
 * "PATH:0xOFFSET:0xSEMAPHORE_OFFSET" (file offsets; the runtime hands the
 * semaphore to the uprobe PMU as ref_ctr_offset, so the kernel counts it up
 * while the probe is attached). arg0..argN follow each site's argument spec
 * (src/sym/usdt.c), read from pt_regs and user memory. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/lower.h"
#include "sema/probes.h"
#include "sema/sema_int.h"
#include "sym/elfsym.h"
#include "sym/usdt.h"

static bool match(const char *pattern, const char *s)
{
	return pattern == NULL || wildcard_match(pattern, s);
}

static void add_note(struct sema *s, struct sema_probe *p, const char *path,
		     const struct usdt_note *n)
{
	char *target = xasprintf("%s:0x%llx:0x%llx", path, (unsigned long long)n->offset,
				 (unsigned long long)n->sema_offset);
	char *name = xasprintf("usdt:%s:%s:%s", path, n->provider, n->name);
	probe_add_attach(s, p, "usdt", target, name);
	free(target);
	free(name);
}

/* usdt:PATH:NAME must name one provider's probe: lists them otherwise. */
static int check_unique(struct sema *s, struct attach_point *ap, const char *path,
			const struct usdt_notes *u, const char *name)
{
	const char *first = NULL;
	bool many = false;
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i].name, name) == 0) {
			many |= first && strcmp(first, u->v[i].provider) != 0;
			first = first ? first : u->v[i].provider;
		}
	if (!many)
		return 0;
	char *list = xstrdup("");
	for (size_t i = 0; i < u->n; i++) {
		if (strcmp(u->v[i].name, name) != 0 || strstr(list, u->v[i].provider))
			continue;
		char *more = xasprintf("%s usdt:%s:%s:%s", list, path, u->v[i].provider, name);
		free(list);
		list = more;
	}
	int err = sema_err(s, ap->loc, "%s: probe name %s is ambiguous, candidates:%s", ap->raw,
			   name, list);
	free(list);
	return err;
}

static int add_notes(struct sema *s, struct sema_probe *p, struct attach_point *ap,
		     const char *path, const char *prov, const char *name)
{
	struct usdt_notes u;
	int err = usdt_read(path, &u);
	if (err)
		return sema_err(s, ap->loc, "%s: cannot read USDT probes of %s: %s", ap->raw, path,
				err == -ENOEXEC ? "not an ELF file" : strerror(-err));
	if (!prov && !strpbrk(name, "*?"))
		err = check_unique(s, ap, path, &u, name);
	size_t found = 0;
	for (size_t i = 0; i < u.n && !err; i++)
		if (match(prov, u.v[i].provider) && match(name, u.v[i].name)) {
			add_note(s, p, path, &u.v[i]);
			found++;
		}
	if (!err && !found)
		err = sema_err(s, ap->loc, "%s: no USDT probe %s%s%s in %s", ap->raw,
			       prov ? prov : "", prov ? ":" : "", name, path);
	usdt_free(&u);
	return err;
}

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	if ((ap->nparts != 3 && ap->nparts != 4) || !*ap->parts[1] || !*ap->parts[2] ||
	    (ap->nparts == 4 && !*ap->parts[3]))
		return sema_err(s, ap->loc, "invalid usdt '%s': expected usdt:BINARY:PROVIDER:NAME "
				"or usdt:BINARY:NAME", ap->raw);
	char *path;
	bool in_maps = s->opts.pid > 0 && !strchr(ap->parts[1], '/') &&
		       elf_find_in_maps(s->opts.pid, ap->parts[1], &path) == 0;
	if (!in_maps && elf_find_binary(ap->parts[1], &path))
		return sema_err(s, ap->loc, "%s: binary or library not found: %s", ap->raw,
				ap->parts[1]);
	const char *prov = ap->nparts == 4 ? ap->parts[2] : NULL;
	int err = add_notes(s, p, ap, path, prov, ap->parts[ap->nparts - 1]);
	free(path);
	return err;
}

/* ---- arguments: each site's spec ---- */

struct site {
	uint64_t cookie, offset;
	int nargs;
	struct usdt_arg args[USDT_MAX_ARGS];
	char *spec;
};

/* "PATH:0xOFFSET:0xSEMA" → path and offset. */
static int split_target(const char *target, char **path, uint64_t *offset)
{
	const char *c2 = strrchr(target, ':');
	const char *c1 = c2 ? memrchr(target, ':', (size_t)(c2 - target)) : NULL;
	if (!c1)
		return -EINVAL;
	*offset = strtoull(c1 + 1, NULL, 16);
	*path = xstrndup(target, (size_t)(c1 - target));
	return 0;
}

static void site_from_note(struct site *st, const struct usdt_note *n)
{
	char *bad;
	st->spec = xstrdup(n->args);
	if (usdt_parse_args(n->args, st->args, &st->nargs, &bad) == -E2BIG)
		st->nargs = USDT_MAX_ARGS;
	free(bad);
}

/* The sites of p's attach entries (re-reading each file's notes once). */
static int sites_read(const struct sema_probe *p, struct site **out)
{
	struct site *sites = xcalloc(p->attach.len ? p->attach.len : 1, sizeof(*sites));
	struct usdt_notes u = {0};
	char *cur = NULL;
	int err = 0;
	for (size_t i = 0; i < p->attach.len && !err; i++) {
		char *path;
		uint64_t off;
		if ((err = split_target(p->attach.data[i].target, &path, &off)))
			break;
		if (!cur || strcmp(cur, path) != 0) {
			usdt_free(&u);
			free(cur);
			cur = xstrdup(path);
			err = usdt_read(path, &u);
		}
		free(path);
		sites[i] = (struct site){.cookie = p->attach.data[i].cookie, .offset = off};
		for (size_t k = 0; k < u.n && !sites[i].spec; k++)
			if (u.v[k].offset == off)
				site_from_note(&sites[i], &u.v[k]);
		err = err ? err : sites[i].spec ? 0 : -ENOENT;
	}
	usdt_free(&u);
	free(cur);
	*out = sites;
	return err;
}

static void sites_free(struct site *sites, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(sites[i].spec);
	free(sites);
}

static int argn_type(struct sema *s, struct sema_probe *p, int i, struct srcloc loc,
		     struct type *out)
{
	struct site *sites;
	int err = sites_read(p, &sites);
	if (err)
		err = sema_err(s, loc, "arg%d: cannot read the USDT probes of %s", i,
			       p->attach.len ? p->attach.data[0].name : "this probe");
	for (size_t k = 0; k < p->attach.len && !err; k++) {
		const struct site *st = &sites[k];
		const char *name = p->attach.data[k].name;
		if (i >= st->nargs) {
			err = sema_err(s, loc, "arg%d: %s has %d argument%s", i, name, st->nargs,
				       st->nargs == 1 ? "" : "s");
		} else if (st->args[i].kind == USDT_ARG_BAD) {
			char *text = usdt_arg_text(st->spec, i);
			err = sema_err(s, loc, "arg%d: %s: unsupported USDT argument spec '%s'", i,
				       name, text ? text : st->spec);
			free(text);
		}
	}
	sites_free(sites, p->attach.len);
	if (!err)
		*out = type_int(8, false); /* u64, as bpftrace */
	return err;
}

/* ---- lowering: pt_regs and user memory reads per spec ---- */

#define PT_REGS_IP 128 /* x86-64: the probe's address while its uprobe runs */
#define PAGE_MASK_LOW 0xfff

static bool same_arg(const struct usdt_arg *a, const struct usdt_arg *b)
{
	return a->kind == b->kind && a->size == b->size && a->is_signed == b->is_signed &&
	       a->val == b->val && a->reg == b->reg && a->index == b->index &&
	       a->scale == b->scale;
}

/* Sign-extends the low a->size bytes of r (loads already zero-extend). */
static void extend(struct lower *l, int r, const struct usdt_arg *a)
{
	if (!a->is_signed || a->size == 8)
		return;
	int shift = 64 - 8 * a->size;
	ir_alu(l->f, BPF_LSH, r, ir_reg(r), ir_imm(shift));
	ir_alu(l->f, BPF_ARSH, r, ir_reg(r), ir_imm(shift));
}

static int64_t const_value(const struct usdt_arg *a)
{
	if (a->size == 8)
		return a->val;
	uint64_t mask = (1ULL << (8 * a->size)) - 1, v = (uint64_t)a->val & mask;
	if (a->is_signed && (v >> (8 * a->size - 1)))
		v |= ~mask;
	return (int64_t)v;
}

static void lower_mem(struct lower *l, int r, const struct usdt_arg *a)
{
	int ctx = l->f->ctx;
	ir_load(l->f, r, ir_reg(ctx), a->reg, 8);
	if (a->index >= 0) {
		int t = lower_vreg(l);
		ir_load(l->f, t, ir_reg(ctx), a->index, 8);
		if (a->scale > 1)
			ir_alu(l->f, BPF_MUL, t, ir_reg(t), ir_imm(a->scale));
		ir_alu(l->f, BPF_ADD, r, ir_reg(r), ir_reg(t));
	}
	if (a->val)
		ir_alu(l->f, BPF_ADD, r, ir_reg(r), ir_imm(a->val));
	int32_t slot = lower_alloca(l, 8);
	/* The helper zeroes the slot when the read fails. */
	lower_call(l, BPF_FUNC_probe_read_user, 3, ir_fp_off(slot), ir_imm(a->size), ir_reg(r));
	ir_load(l->f, r, ir_fp(), slot, a->size);
}

static void lower_arg(struct lower *l, int r, const struct usdt_arg *a)
{
	if (a->kind == USDT_ARG_CONST) {
		ir_mov(l->f, r, ir_imm(const_value(a)));
		return;
	}
	if (a->kind == USDT_ARG_REG)
		ir_load(l->f, r, ir_reg(l->f->ctx), a->reg, a->size);
	else
		lower_mem(l, r, a);
	extend(l, r, a);
}

/* Do sites of k's probe (same cookie) disagree on arg i? Then they are told
 * apart by the low 12 bits of the probed address: the load base is
 * page-aligned, so those are the file offset's. */
static bool needs_ip(const struct site *st, size_t n, size_t k, int i)
{
	for (size_t j = 0; j < n; j++)
		if (st[j].cookie == st[k].cookie && !same_arg(&st[j].args[i], &st[k].args[i]))
			return true;
	return false;
}

/* Is site k's code redundant: an earlier site of its probe, matched by
 * cookie only, reads arg i the same way. */
static bool redundant(const struct site *st, size_t n, size_t k, int i)
{
	if (needs_ip(st, n, k, i))
		return false;
	for (size_t j = 0; j < k; j++)
		if (st[j].cookie == st[k].cookie)
			return true;
	return false;
}

static int check_apart(struct lower *l, struct node *n, const struct site *st, size_t ns, int i)
{
	for (size_t a = 0; a < ns; a++)
		for (size_t b = a + 1; b < ns; b++)
			if (st[a].cookie == st[b].cookie && !same_arg(&st[a].args[i], &st[b].args[i]) &&
			    (st[a].offset & PAGE_MASK_LOW) == (st[b].offset & PAGE_MASK_LOW)) {
				diag_error(l->d, n->loc, "arg%d: sites of %s at 0x%llx and 0x%llx read it "
					   "differently and cannot be told apart", i,
					   l->p->attach.data[a].name, (unsigned long long)st[a].offset,
					   (unsigned long long)st[b].offset);
				return -EINVAL;
			}
	return 0;
}

/* Sites that read arg i differently: pick by attach cookie and address. */
static int lower_dispatch(struct lower *l, struct node *n, int r, const struct site *st,
			  size_t ns, int i)
{
	int err = check_apart(l, n, st, ns, i);
	if (err)
		return err;
	int cookie = lower_call(l, BPF_FUNC_get_attach_cookie, 1, ir_reg(l->f->ctx));
	int ip = lower_vreg(l), done = ir_label(l->f);
	ir_load(l->f, ip, ir_reg(l->f->ctx), PT_REGS_IP, 8);
	ir_alu(l->f, BPF_AND, ip, ir_reg(ip), ir_imm(PAGE_MASK_LOW));
	for (size_t k = 0; k < ns; k++) {
		if (redundant(st, ns, k, i))
			continue;
		int next = ir_label(l->f);
		ir_jcc(l->f, BPF_JNE, ir_reg(cookie), ir_imm((int64_t)st[k].cookie), next);
		if (needs_ip(st, ns, k, i))
			ir_jcc(l->f, BPF_JNE, ir_reg(ip), ir_imm((int64_t)(st[k].offset & PAGE_MASK_LOW)),
			       next);
		lower_arg(l, r, &st[k].args[i]);
		ir_jmp(l->f, done);
		ir_place(l->f, next);
	}
	ir_mov(l->f, r, ir_imm(0));
	ir_place(l->f, done);
	return 0;
}

static int lower_argn(struct lower *l, struct node *n, int i, struct val *out)
{
	struct site *sites;
	size_t ns = l->p->attach.len;
	int err = sites_read(l->p, &sites);
	if (err)
		diag_error(l->d, n->loc, "arg%d: cannot read the USDT probes of %s", i,
			   ns ? l->p->attach.data[0].name : "this probe");
	bool same = true;
	for (size_t k = 0; k < ns && !err; k++) {
		if (i >= sites[k].nargs || sites[k].args[i].kind == USDT_ARG_BAD)
			err = -EINVAL; /* sema reported it */
		else
			same &= same_arg(&sites[k].args[i], &sites[0].args[i]);
	}
	int r = lower_vreg(l);
	if (!err && same)
		lower_arg(l, r, &sites[0].args[i]);
	else if (!err)
		err = lower_dispatch(l, n, r, sites, ns, i);
	sites_free(sites, ns);
	if (err)
		return err;
	out->kind = VAL_REG;
	out->reg = r;
	return 0;
}

static const char *const usdt_aliases[] = {"U", NULL};

const struct provider provider_usdt = {
	.name = "usdt",
	.aliases = usdt_aliases,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.event_probe = true,
	.user_ctx = true,
	.expand = expand,
	.argn_type = argn_type,
	.lower_argn = lower_argn,
};
