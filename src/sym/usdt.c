/* USDT notes and argument specs (see usdt.h). The note layout is the one
 * <sys/sdt.h> emits: an ELF note "stapsdt", type 3, whose descriptor holds
 * three addresses (pc, link-time base of .stapsdt.base, semaphore) and then
 * the provider, name and argument strings, NUL-terminated. */
#include "sym/usdt.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "sym/elfsym.h"

#define NT_STAPSDT 3

/* ---- notes ---- */

struct usdt_elf {
	Elf *e;
	uint64_t base;   /* .stapsdt.base address, 0 when none */
	bool have_base;
	size_t asz;      /* bytes per address: 4 or 8 */
};

/* File offset of addr through the section holding it (libbpf does the same
 * for semaphores), else through the PT_LOAD segments. */
static int addr_to_offset(Elf *e, uint64_t addr, bool section, uint64_t *off)
{
	for (Elf_Scn *scn = NULL; section && (scn = elf_nextscn(e, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS)
			continue;
		if (addr >= sh.sh_addr && addr < sh.sh_addr + sh.sh_size) {
			*off = addr - sh.sh_addr + sh.sh_offset;
			return 0;
		}
	}
	return elf_segment_offset(e, addr, off);
}

static uint64_t get_addr(const uint8_t *p, size_t asz)
{
	if (asz == 4) {
		uint32_t v;
		memcpy(&v, p, 4);
		return v;
	}
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* One note's descriptor; -EINVAL when malformed (then skipped). */
static int parse_note(const struct usdt_elf *ue, const uint8_t *d, size_t len,
		      struct usdt_note *n)
{
	if (len < 3 * ue->asz + 3 || d[len - 1] != 0)
		return -EINVAL;
	uint64_t pc = get_addr(d, ue->asz), base = get_addr(d + ue->asz, ue->asz);
	uint64_t sema = get_addr(d + 2 * ue->asz, ue->asz);
	const char *prov = (const char *)d + 3 * ue->asz, *end = (const char *)d + len;
	const char *name = prov + strlen(prov) + 1;
	if (name >= end)
		return -EINVAL;
	const char *args = name + strlen(name) + 1;
	/* Prelinked files moved: shift by how far .stapsdt.base moved. */
	if (ue->have_base && base) {
		pc += ue->base - base;
		if (sema)
			sema += ue->base - base;
	}
	*n = (struct usdt_note){.pc = pc, .sema = sema};
	if (addr_to_offset(ue->e, pc, false, &n->offset) ||
	    (sema && addr_to_offset(ue->e, sema, true, &n->sema_offset)))
		return -EINVAL;
	n->provider = xstrdup(prov);
	n->name = xstrdup(name);
	n->args = xstrdup(args < end ? args : "");
	return 0;
}

typedef VEC(struct usdt_note) note_vec;

static void read_section(const struct usdt_elf *ue, Elf_Scn *scn, note_vec *v)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off;
	while (data && (off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		const char *owner = (const char *)data->d_buf + name_off;
		if (nh.n_type != NT_STAPSDT || nh.n_namesz != 8 || memcmp(owner, "stapsdt", 8))
			continue;
		struct usdt_note n;
		if (parse_note(ue, (const uint8_t *)data->d_buf + desc_off, nh.n_descsz, &n) == 0)
			vec_push(v, n);
	}
}

static Elf_Scn *find_section(Elf *e, const char *want, GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx))
		return NULL;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
		const char *name;
		if (gelf_getshdr(scn, sh) && (name = elf_strptr(e, shstrndx, sh->sh_name)) &&
		    strcmp(name, want) == 0)
			return scn;
	}
	return NULL;
}

int usdt_read(const char *path, struct usdt_notes *out)
{
	*out = (struct usdt_notes){0};
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct usdt_elf ue = {.e = elf_begin(fd, ELF_C_READ, NULL)};
	int err = 0;
	if (!ue.e || elf_kind(ue.e) != ELF_K_ELF) {
		err = -ENOEXEC;
		goto out;
	}
	ue.asz = gelf_getclass(ue.e) == ELFCLASS32 ? 4 : 8;
	GElf_Shdr sh;
	if (find_section(ue.e, ".stapsdt.base", &sh)) {
		ue.have_base = true;
		ue.base = sh.sh_addr;
	}
	note_vec v = {0};
	Elf_Scn *scn = find_section(ue.e, ".note.stapsdt", &sh);
	if (scn && sh.sh_type == SHT_NOTE)
		read_section(&ue, scn, &v);
	out->v = v.data;
	out->n = v.len;
out:
	if (ue.e)
		elf_end(ue.e);
	close(fd);
	return err;
}

void usdt_free(struct usdt_notes *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].provider);
		free(u->v[i].name);
		free(u->v[i].args);
	}
	free(u->v);
	*u = (struct usdt_notes){0};
}

/* ---- argument specs ---- */

/* x86-64 struct pt_regs offsets; names by width 8, 4, 2, 1 bytes. */
static const struct {
	const char *names[4];
	int16_t off;
} regs[] = {
	{{"rax", "eax", "ax", "al"}, 80},    {{"rbx", "ebx", "bx", "bl"}, 40},
	{{"rcx", "ecx", "cx", "cl"}, 88},    {{"rdx", "edx", "dx", "dl"}, 96},
	{{"rsi", "esi", "si", "sil"}, 104},  {{"rdi", "edi", "di", "dil"}, 112},
	{{"rbp", "ebp", "bp", "bpl"}, 32},   {{"rsp", "esp", "sp", "spl"}, 152},
	{{"r8", "r8d", "r8w", "r8b"}, 72},   {{"r9", "r9d", "r9w", "r9b"}, 64},
	{{"r10", "r10d", "r10w", "r10b"}, 56}, {{"r11", "r11d", "r11w", "r11b"}, 48},
	{{"r12", "r12d", "r12w", "r12b"}, 24}, {{"r13", "r13d", "r13w", "r13b"}, 16},
	{{"r14", "r14d", "r14w", "r14b"}, 8},  {{"r15", "r15d", "r15w", "r15b"}, 0},
};

int usdt_reg_offset(const char *name, int *width)
{
	static const char high8[] = "abcd"; /* ah bh ch dh: byte 1 of rax.. */
	static const int16_t high8_off[] = {80, 40, 88, 96};
	if (strlen(name) == 2 && name[1] == 'h' && strchr(high8, name[0]) && name[0]) {
		*width = 1;
		return high8_off[strchr(high8, name[0]) - high8] + 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		for (int w = 0; w < 4; w++)
			if (strcmp(regs[i].names[w], name) == 0) {
				*width = 8 >> w;
				return regs[i].off;
			}
	return -1;
}

/* "%reg" at *p, up to one of stop; advances *p. pt_regs offset or -1. */
static int parse_reg(const char **p, const char *stop)
{
	if (**p != '%')
		return -1;
	size_t len = strcspn(*p + 1, stop);
	char name[8];
	if (len == 0 || len >= sizeof(name))
		return -1;
	memcpy(name, *p + 1, len);
	name[len] = 0;
	*p += 1 + len;
	int width;
	return usdt_reg_offset(name, &width);
}

/* "[disp](%base[,%index[,scale]])" */
static int parse_mem(const char *op, struct usdt_arg *a)
{
	char *end;
	a->kind = USDT_ARG_MEM;
	a->index = -1;
	a->scale = 1;
	a->val = *op == '(' ? 0 : strtoll(op, &end, 0);
	if (*op != '(' && (end == op || *end != '('))
		return -EINVAL;
	const char *p = strchr(op, '(') + 1;
	int base = parse_reg(&p, ",)");
	if (base < 0)
		return -EINVAL;
	a->reg = (int16_t)base;
	if (*p == ',') {
		p++;
		int index = parse_reg(&p, ",)");
		if (index < 0)
			return -EINVAL;
		a->index = (int16_t)index;
		if (*p == ',') {
			long scale = strtol(p + 1, &end, 10);
			if (end == p + 1 || (scale != 1 && scale != 2 && scale != 4 && scale != 8))
				return -EINVAL;
			a->scale = (uint8_t)scale;
			p = end;
		}
	}
	return strcmp(p, ")") == 0 ? 0 : -EINVAL;
}

/* One "SIZE@OPERAND" argument. */
static int parse_one(const char *tok, struct usdt_arg *a)
{
	char *end;
	long size = strtol(tok, &end, 10);
	*a = (struct usdt_arg){.index = -1, .scale = 1};
	if (end == tok || *end != '@')
		return -EINVAL;
	a->is_signed = size < 0;
	size = labs(size);
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	a->size = (uint8_t)size;
	const char *op = end + 1;
	if (*op == '$') {
		a->kind = USDT_ARG_CONST;
		a->val = strtoll(op + 1, &end, 0);
		return end == op + 1 || *end ? -EINVAL : 0;
	}
	if (*op == '%') {
		a->kind = USDT_ARG_REG;
		int reg = parse_reg(&op, "");
		a->reg = (int16_t)reg;
		return reg < 0 ? -EINVAL : 0;
	}
	return parse_mem(op, a);
}

int usdt_parse_args(const char *spec, struct usdt_arg *args, int *nargs, char **bad)
{
	*nargs = 0;
	*bad = NULL;
	int ret = 0;
	for (const char *p = spec + strspn(spec, " \t"); *p; p += strspn(p, " \t")) {
		if (*nargs >= USDT_MAX_ARGS)
			return -E2BIG;
		size_t len = strcspn(p, " \t");
		char *tok = xstrndup(p, len);
		struct usdt_arg *a = &args[(*nargs)++];
		if (parse_one(tok, a)) {
			a->kind = USDT_ARG_BAD;
			ret = -EINVAL;
			if (!*bad) {
				*bad = tok;
				tok = NULL;
			}
		}
		free(tok);
		p += len;
	}
	return ret;
}

char *usdt_arg_text(const char *spec, int i)
{
	for (const char *p = spec + strspn(spec, " \t"); *p; p += strspn(p, " \t")) {
		size_t len = strcspn(p, " \t");
		if (i-- == 0)
			return xstrndup(p, len);
		p += len;
	}
	return NULL;
}
