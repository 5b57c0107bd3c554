/* User-space symbols per process (see usyms.h). An address in a mapping
 * becomes a file offset (addr - start + pgoff), then the ELF virtual
 * address of that offset through the PT_LOAD headers — which handles PIE
 * load bias and non-PIE binaries alike — then the function symbol at or
 * below it. ELF files are read once, cached by (dev, inode). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "sym/elfsym.h"
#include "sym/usyms.h"

struct usym_sym {
	uint64_t addr, size;
	const char *name; /* owned by usym_file.elf */
};

struct usym_load {
	uint64_t off, vaddr, filesz;
};

struct usym_file {
	uint64_t dev, ino;
	char *path;
	int loaded; /* 0 not yet, 1 read, -1 unreadable */
	struct elf_syms elf;
	struct usym_sym *syms; /* sorted by address */
	size_t nsyms;
	struct usym_load *loads;
	size_t nloads;
};

struct usym_proc {
	int pid;
	struct usym_map *maps;
	size_t nmaps;
	struct usym_jit *jits;
	size_t njits;
	char *jit_module;
	uint64_t snap_ns; /* CLOCK_MONOTONIC of the last snapshot */
};

struct usyms {
	VEC(struct usym_proc *) procs;
	VEC(struct usym_file *) files;
};

/* ---- parsing ---- */

static int parse_map_line(const char *text, struct usym_map *m)
{
	unsigned long long start, end, pgoff, ino;
	unsigned maj, min;
	char perms[8], line[4096 + 128];
	int pathpos = 0;
	size_t n = strcspn(text, "\n");
	if (n >= sizeof(line))
		return -EINVAL;
	memcpy(line, text, n); /* one line: sscanf's spaces must not eat the newline */
	line[n] = 0;
	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &pgoff, &maj, &min,
		   &ino, &pathpos) < 7)
		return -EINVAL;
	if (strlen(perms) < 3 || perms[2] != 'x')
		return -ENOENT;
	const char *path = pathpos ? line + pathpos : "";
	size_t len = strlen(path);
	*m = (struct usym_map){.start = start, .end = end, .pgoff = pgoff,
			       .dev = makedev(maj, min), .ino = ino};
	m->path = xmalloc(len + 1);
	memcpy(m->path, path, len);
	m->path[len] = 0;
	return 0;
}

int usyms_parse_maps(const char *text, struct usym_map **out, size_t *n)
{
	VEC(struct usym_map) v = {0};
	for (const char *l = text; l && *l;) {
		struct usym_map m;
		if (parse_map_line(l, &m) == 0)
			vec_push(&v, m);
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	*out = v.data;
	*n = v.len;
	return 0;
}

static int jit_cmp(const void *a, const void *b)
{
	const struct usym_jit *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

int usyms_parse_perf_map(const char *text, struct usym_jit **out, size_t *n)
{
	VEC(struct usym_jit) v = {0};
	for (const char *l = text; l && *l;) {
		unsigned long long start, size;
		int pos = 0;
		const char *eol = strchr(l, '\n');
		size_t len = eol ? (size_t)(eol - l) : strlen(l);
		if (sscanf(l, "%llx %llx %n", &start, &size, &pos) == 2 && pos > 0 &&
		    (size_t)pos < len) {
			struct usym_jit j = {.start = start, .size = size};
			j.name = xmalloc(len - (size_t)pos + 1);
			memcpy(j.name, l + pos, len - (size_t)pos);
			j.name[len - (size_t)pos] = 0;
			vec_push(&v, j);
		}
		l = eol ? eol + 1 : NULL;
	}
	if (v.len)
		qsort(v.data, v.len, sizeof(*v.data), jit_cmp);
	*out = v.data;
	*n = v.len;
	return 0;
}

void usym_maps_free(struct usym_map *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].path);
	free(m);
}

void usym_jits_free(struct usym_jit *j, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(j[i].name);
	free(j);
}

/* ---- ELF files ---- */

/* The GNU build id from a PT_NOTE segment, as hex into id (>= 41 bytes). */
static void note_build_id(Elf *e, const GElf_Phdr *ph, char *id)
{
	Elf_Data *d = elf_getdata_rawchunk(e, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off, next;
	while (d && (next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && nh.n_descsz <= 20 &&
		    memcmp((char *)d->d_buf + name_off, "GNU", 4) == 0) {
			const uint8_t *b = (const uint8_t *)d->d_buf + desc_off;
			for (size_t i = 0; i < nh.n_descsz; i++)
				sprintf(id + 2 * i, "%02x", b[i]);
			return;
		}
		off = next;
	}
}

/* The PT_LOAD headers of path, and its build id (if id). 0 or -errno. */
static int read_loads(const char *path, struct usym_load **out, size_t *nout, char *id)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	size_t n = 0;
	VEC(struct usym_load) v = {0};
	int err = e && elf_getphdrnum(e, &n) == 0 ? 0 : -ENOEXEC;
	for (size_t i = 0; i < n && !err; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph))
			continue;
		if (ph.p_type == PT_LOAD) {
			struct usym_load l = {ph.p_offset, ph.p_vaddr, ph.p_filesz};
			vec_push(&v, l);
		} else if (ph.p_type == PT_NOTE && id && !id[0]) {
			note_build_id(e, &ph, id);
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	*out = v.data;
	*nout = v.len;
	return err;
}

static int load_vaddr(const struct usym_load *l, size_t n, uint64_t off, uint64_t *vaddr)
{
	for (size_t i = 0; i < n; i++)
		if (off >= l[i].off && off < l[i].off + l[i].filesz) {
			*vaddr = off - l[i].off + l[i].vaddr;
			return 0;
		}
	return -ENOENT;
}

int usyms_file_vaddr(const char *path, uint64_t off, uint64_t *vaddr)
{
	struct usym_load *l;
	size_t n;
	int err = read_loads(path, &l, &n, NULL);
	if (!err)
		err = load_vaddr(l, n, off, vaddr);
	free(l);
	return err;
}

static int addr_cmp(const void *a, const void *b)
{
	const struct usym_sym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void file_load(struct usym_file *f)
{
	if (f->loaded)
		return;
	f->loaded = -1;
	char id[48] = "", dbg[128];
	if (read_loads(f->path, &f->loads, &f->nloads, id) != 0)
		return;
	/* Stripped libraries: the separate debug file (libc6-dbg and the like)
	 * has the local symbols too, at the same addresses. */
	snprintf(dbg, sizeof(dbg), "/usr/lib/debug/.build-id/%.2s/%s.debug", id, id[0] ? id + 2 : "");
	if ((!id[0] || elf_syms_read(dbg, &f->elf) != 0 || !f->elf.n) &&
	    elf_syms_read(f->path, &f->elf) != 0)
		return;
	f->loaded = 1;
	f->syms = xcalloc(f->elf.n ? f->elf.n : 1, sizeof(*f->syms));
	for (size_t i = 0; i < f->elf.n; i++)
		f->syms[i] = (struct usym_sym){f->elf.syms[i].addr, f->elf.syms[i].size,
					       f->elf.syms[i].name};
	f->nsyms = f->elf.n;
	qsort(f->syms, f->nsyms, sizeof(*f->syms), addr_cmp);
}

/* The last symbol at or below vaddr that contains it (size 0: any). */
static const struct usym_sym *file_sym(struct usym_file *f, uint64_t vaddr)
{
	file_load(f);
	size_t lo = 0, hi = f->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->syms[mid].addr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct usym_sym *s = &f->syms[lo - 1];
	/* Aliases share an address: prefer the first one that holds vaddr. */
	while (s > f->syms && s[-1].addr == s->addr)
		s--;
	return !s->size || vaddr < s->addr + s->size ? s : NULL;
}

int usyms_elf_addr(const char *path, const char *name, uint64_t *addr)
{
	struct elf_syms s;
	int err = elf_syms_read(path, &s);
	if (err)
		return err;
	err = -ENOENT;
	for (size_t i = 0; i < s.n && err; i++)
		if (strcmp(s.syms[i].name, name) == 0) {
			*addr = s.syms[i].addr;
			err = 0;
		}
	elf_syms_free(&s);
	return err;
}

/* ---- processes ---- */

struct usyms *usyms_new(void)
{
	return xcalloc(1, sizeof(struct usyms));
}

static struct usym_file *file_get(struct usyms *u, const struct usym_map *m, int pid)
{
	for (size_t i = 0; i < u->files.len; i++)
		if (u->files.data[i]->dev == m->dev && u->files.data[i]->ino == m->ino)
			return u->files.data[i];
	struct usym_file *f = xcalloc(1, sizeof(*f));
	f->dev = m->dev;
	f->ino = m->ino;
	/* The process's own view of its files (another mount namespace). */
	struct strbuf p = {0};
	sb_printf(&p, "/proc/%d/root%s", pid, m->path);
	f->path = access(sb_str(&p), R_OK) == 0 ? sb_detach(&p) : xstrdup(m->path);
	sb_free(&p);
	vec_push(&u->files, f);
	return f;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "re");
	if (!fp)
		return NULL;
	struct strbuf sb = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_appendn(&sb, buf, n);
	fclose(fp);
	return sb_detach(&sb);
}

static void proc_clear(struct usym_proc *p)
{
	usym_maps_free(p->maps, p->nmaps);
	usym_jits_free(p->jits, p->njits);
	free(p->jit_module);
	p->maps = NULL;
	p->jits = NULL;
	p->jit_module = NULL;
	p->nmaps = p->njits = 0;
}

static struct usym_proc *proc_find(struct usyms *u, int pid)
{
	for (size_t i = 0; i < u->procs.len; i++)
		if (u->procs.data[i]->pid == pid)
			return u->procs.data[i];
	return NULL;
}

static void read_perf_map(struct usym_proc *p)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", p->pid);
	char *text = read_text(path);
	if (!text)
		return;
	usyms_parse_perf_map(text, &p->jits, &p->njits);
	p->jit_module = xstrdup(path);
	free(text);
}

int usyms_snapshot(struct usyms *u, int pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	char *text = read_text(path);
	if (!text)
		return -errno;
	struct usym_proc *p = proc_find(u, pid);
	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->pid = pid;
		vec_push(&u->procs, p);
	}
	proc_clear(p);
	p->snap_ns = mono_ns();
	usyms_parse_maps(text, &p->maps, &p->nmaps);
	free(text);
	/* Read the files now, while /proc/PID/root still leads to them. */
	for (size_t i = 0; i < p->nmaps; i++)
		if (p->maps[i].path[0] == '/') {
			p->maps[i].file = file_get(u, &p->maps[i], pid);
			file_load(p->maps[i].file);
		}
	read_perf_map(p);
	return 0;
}

static void find_jit(const struct usym_proc *p, uint64_t addr, struct usym_result *r)
{
	for (size_t i = 0; i < p->njits; i++)
		if (addr >= p->jits[i].start && addr < p->jits[i].start + p->jits[i].size) {
			r->name = p->jits[i].name;
			r->off = addr - p->jits[i].start;
			r->module = p->jit_module;
		}
}

/* Resolves addr with p's snapshot. False when the snapshot cannot know
 * it: outside every mapping, or in an anonymous one without a perf-map
 * entry (code mapped or JIT-compiled after the snapshot). */
static bool find_in(const struct usym_proc *p, uint64_t addr, struct usym_result *r)
{
	*r = (struct usym_result){0};
	for (size_t i = 0; i < p->nmaps; i++) {
		const struct usym_map *m = &p->maps[i];
		if (addr < m->start || addr >= m->end)
			continue;
		uint64_t vaddr;
		if (!m->file) {
			find_jit(p, addr, r);
			return r->name != NULL;
		}
		r->module = m->path;
		file_load(m->file);
		if (m->file->loaded != 1 ||
		    load_vaddr(m->file->loads, m->file->nloads, addr - m->start + m->pgoff, &vaddr))
			return true;
		const struct usym_sym *s = file_sym(m->file, vaddr);
		if (s) {
			r->name = s->name;
			r->off = vaddr - s->addr;
		}
		return true;
	}
	find_jit(p, addr, r);
	return r->name != NULL;
}

/* A snapshot older than this is read again when it cannot resolve an
 * address: often enough for a JIT runtime's new code, rarely enough that
 * frames nothing can resolve do not reread /proc for every event. */
#define RESNAP_NS 10000000ULL

void usyms_find(struct usyms *u, int pid, uint64_t addr, struct usym_result *r)
{
	*r = (struct usym_result){0};
	struct usym_proc *p = proc_find(u, pid);
	if (!p && usyms_snapshot(u, pid) == 0)
		p = proc_find(u, pid);
	if (!p || find_in(p, addr, r))
		return;
	/* An exited process keeps its last snapshot (the read fails first). */
	if (mono_ns() - p->snap_ns >= RESNAP_NS && usyms_snapshot(u, pid) == 0)
		find_in(p, addr, r);
}

void usyms_free(struct usyms *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->procs.len; i++) {
		proc_clear(u->procs.data[i]);
		free(u->procs.data[i]);
	}
	for (size_t i = 0; i < u->files.len; i++) {
		struct usym_file *f = u->files.data[i];
		elf_syms_free(&f->elf);
		free(f->syms);
		free(f->loads);
		free(f->path);
		free(f);
	}
	vec_free(&u->procs);
	vec_free(&u->files);
	free(u);
}

struct usyms *usyms_default(void)
{
	static struct usyms *u;
	if (!u)
		u = usyms_new();
	return u;
}
