/* uprobe:PATH:FUNC, uretprobe:, aliases u:/ur:. PATH is a file path or a
 * short library/program name (libc, bash: with -p PID first looked up in
 * that process's mappings, then the library path and $PATH); FUNC may be a wildcard, FUNC+OFF
 * or a virtual address 0x... . Symbols come from .symtab/.dynsym (libelf);
 * each attach entry's target is "RESOLVED_PATH:0xFILE_OFFSET", which is what
 * the kernel's uprobe PMU takes. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema/probes.h"
#include "sema/sema_int.h"
#include "sym/elfsym.h"

static void add(struct sema *s, struct sema_probe *p, const char *prov, const char *path,
		const char *what, uint64_t offset)
{
	char *target = xasprintf("%s:0x%llx", path, (unsigned long long)offset);
	char *name = xasprintf("%s:%s:%s", prov, path, what);
	probe_add_attach(s, p, prov, target, name);
	free(target);
	free(name);
}

static int add_address(struct sema *s, struct sema_probe *p, struct attach_point *ap,
		       const char *prov, const char *path, uint64_t addr)
{
	uint64_t off;
	if (elf_vaddr_to_offset(path, addr, &off))
		return sema_err(s, ap->loc, "%s: address 0x%llx is not in a loaded segment of %s",
				ap->raw, (unsigned long long)addr, path);
	char *what = xasprintf("0x%llx", (unsigned long long)addr);
	add(s, p, prov, path, what, off);
	free(what);
	return 0;
}

static int add_symbol(struct sema *s, struct sema_probe *p, struct attach_point *ap,
		      const char *prov, const char *path, const struct elf_sym *sym,
		      uint64_t delta)
{
	if (!sym->offset)
		return sema_err(s, ap->loc, "%s: symbol %s of %s is not in a loaded segment",
				ap->raw, sym->name, path);
	if (delta && sym->size && delta >= sym->size)
		return sema_err(s, ap->loc, "%s: offset %llu is outside %s (%llu bytes)", ap->raw,
				(unsigned long long)delta, sym->name, (unsigned long long)sym->size);
	char *what = delta ? xasprintf("%s+%llu", sym->name, (unsigned long long)delta)
			   : xstrdup(sym->name);
	add(s, p, prov, path, what, sym->offset + delta);
	free(what);
	return 0;
}

/* Every symbol matching pattern (a name or a wildcard). */
static int add_symbols(struct sema *s, struct sema_probe *p, struct attach_point *ap,
		       const char *prov, const char *path, const char *pattern, uint64_t delta)
{
	struct elf_syms syms;
	int err = elf_syms_read(path, &syms);
	if (err)
		return sema_err(s, ap->loc, "%s: cannot read symbols of %s: %s", ap->raw, path,
				err == -ENOEXEC ? "not an ELF file" : strerror(-err));
	bool wild = strpbrk(pattern, "*?") != NULL;
	size_t found = 0;
	for (size_t i = 0; i < syms.n && !err; i++) {
		if (wild ? !wildcard_match(pattern, syms.syms[i].name)
			 : strcmp(pattern, syms.syms[i].name) != 0)
			continue;
		err = add_symbol(s, p, ap, prov, path, &syms.syms[i], delta);
		found++;
	}
	if (!err && !found)
		err = sema_err(s, ap->loc, "%s: no function %s in %s", ap->raw, pattern, path);
	else if (!err && found > 1 && !wild)
		sema_note(s, "%s: %zu functions named %s in %s: attaching to all", ap->raw, found,
			  pattern, path);
	elf_syms_free(&syms);
	return err;
}

static int expand(struct sema *s, struct sema_probe *p, struct attach_point *ap)
{
	const char *prov = p->prov->name;
	if (ap->nparts != 3 || !*ap->parts[1] || !*ap->parts[2])
		return sema_err(s, ap->loc, "invalid %s '%s': expected %s:BINARY:FUNCTION", prov,
				ap->raw, prov);
	char *sym, *path;
	uint64_t num;
	if (elf_parse_target(ap->parts[2], &sym, &num))
		return sema_err(s, ap->loc, "invalid %s '%s': expected FUNCTION, FUNCTION+OFFSET "
				"or an address", prov, ap->raw);
	/* With -p, a short name means what that process has mapped. */
	bool in_maps = s->opts.pid > 0 && !strchr(ap->parts[1], '/') &&
		       elf_find_in_maps(s->opts.pid, ap->parts[1], &path) == 0;
	if (!in_maps && elf_find_binary(ap->parts[1], &path)) {
		free(sym);
		return sema_err(s, ap->loc, "%s: binary or library not found: %s", ap->raw,
				ap->parts[1]);
	}
	int err = sym ? add_symbols(s, p, ap, prov, path, sym, num)
		      : add_address(s, p, ap, prov, path, num);
	free(sym);
	free(path);
	return err;
}

static const char *const u_aliases[] = {"u", NULL};
static const char *const ur_aliases[] = {"ur", NULL};

const struct provider provider_uprobe = {
	.name = "uprobe",
	.aliases = u_aliases,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.event_probe = true,
	.has_func = true,
	.user_ctx = true,
	.expand = expand,
};

const struct provider provider_uretprobe = {
	.name = "uretprobe",
	.aliases = ur_aliases,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.event_probe = true,
	.has_func = true,
	.has_retval = true,
	.user_ctx = true,
	.expand = expand,
};
