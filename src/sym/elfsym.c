/* ELF symbol tables of user binaries (see elfsym.h). */
#include "sym/elfsym.h"
#include "sym/ldcache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

struct elf_file {
	int fd;
	Elf *e;
};

static int elf_open(const char *path, struct elf_file *f)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return -errno;
	f->e = elf_begin(f->fd, ELF_C_READ, NULL);
	if (!f->e || elf_kind(f->e) != ELF_K_ELF) {
		if (f->e)
			elf_end(f->e);
		close(f->fd);
		return -ENOEXEC;
	}
	return 0;
}

static void elf_close(struct elf_file *f)
{
	elf_end(f->e);
	close(f->fd);
}

int elf_segment_offset(Elf *e, uint64_t addr, uint64_t *offset)
{
	size_t n;
	if (elf_getphdrnum(e, &n))
		return -ENOEXEC;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (addr >= ph.p_vaddr && addr < ph.p_vaddr + ph.p_filesz) { /* bytes in the file */
			*offset = addr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

int elf_vaddr_to_offset(const char *path, uint64_t addr, uint64_t *offset)
{
	struct elf_file f;
	int err = elf_open(path, &f);
	if (err)
		return err;
	err = elf_segment_offset(f.e, addr, offset);
	elf_close(&f);
	return err;
}

typedef VEC(struct elf_sym) sym_vec;

static void read_symtab(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, sym_vec *v)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	if (!data || !sh->sh_entsize)
		return;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		const char *name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		struct elf_sym s = {.name = xstrdup(name), .addr = sym.st_value, .size = sym.st_size};
		if (elf_segment_offset(e, s.addr, &s.offset))
			s.offset = 0;
		vec_push(v, s);
	}
}

static int sym_cmp(const void *a, const void *b)
{
	const struct elf_sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* .symtab and .dynsym usually overlap: keep one entry per name and address. */
static void sort_unique(sym_vec *v)
{
	if (!v->len)
		return;
	qsort(v->data, v->len, sizeof(*v->data), sym_cmp);
	size_t keep = 1;
	for (size_t i = 1; i < v->len; i++) {
		if (sym_cmp(&v->data[keep - 1], &v->data[i]) == 0) {
			free(v->data[i].name);
			continue;
		}
		v->data[keep++] = v->data[i];
	}
	v->len = keep;
}

int elf_syms_read(const char *path, struct elf_syms *out)
{
	struct elf_file f;
	*out = (struct elf_syms){0};
	int err = elf_open(path, &f);
	if (err)
		return err;
	GElf_Ehdr eh;
	out->pie = gelf_getehdr(f.e, &eh) && eh.e_type == ET_DYN;
	sym_vec v = {0};
	for (Elf_Scn *scn = elf_nextscn(f.e, NULL); scn; scn = elf_nextscn(f.e, scn)) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM))
			read_symtab(f.e, scn, &sh, &v);
	}
	elf_close(&f);
	sort_unique(&v);
	out->syms = v.data;
	out->n = v.len;
	return 0;
}

void elf_syms_free(struct elf_syms *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->syms[i].name);
	free(s->syms);
	*s = (struct elf_syms){0};
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* libc.so is often a linker script: only real ELF files qualify. */
static bool is_elf(const char *path)
{
	char magic[4] = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0;
	close(fd);
	return ok;
}

/* dir/lib<name>.so* (or dir/<name>.so*, dir/<name> when it has ".so"):
 * the shortest match, so libc → libc.so.6 rather than libc.so.6.debug. */
static char *find_in_dir(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *lib = strncmp(name, "lib", 3) ? xasprintf("lib%s.so", name) : xasprintf("%s.so", name);
	char *best = NULL;
	for (struct dirent *de; (de = readdir(d));) {
		bool hit = strcmp(de->d_name, name) == 0 && strstr(name, ".so");
		size_t ll = strlen(lib);
		hit = hit || (strncmp(de->d_name, lib, ll) == 0 &&
			      (de->d_name[ll] == 0 || de->d_name[ll] == '.'));
		char *path = hit ? xasprintf("%s/%s", dir, de->d_name) : NULL;
		if (path && is_file(path) && is_elf(path) && (!best || strlen(path) < strlen(best))) {
			free(best);
			best = path;
		} else {
			free(path);
		}
	}
	closedir(d);
	free(lib);
	return best;
}

static char *find_in_path_list(const char *list, const char *name, bool libs)
{
	char *copy = xstrdup(list), *save = NULL, *found = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		if (libs) {
			found = find_in_dir(dir, name);
			continue;
		}
		char *p = xasprintf("%s/%s", dir, name);
		if (is_file(p) && access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(copy);
	return found;
}

static const char system_libs[] = "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:"
				  "/lib64:/usr/lib64:/lib:/usr/lib:/usr/local/lib";

/* The loader's own answer for a library soname (the file is ~40 KB and
 * libraries are looked up once per attach point, so no caching). */
static char *find_in_ld_cache(const char *name)
{
	struct ldcache c;
	if (ldcache_load(&c, "/etc/ld.so.cache") != 0)
		return NULL;
	const char *p = ldcache_find(&c, name);
	char *found = p && is_file(p) && is_elf(p) ? xstrdup(p) : NULL;
	ldcache_free(&c);
	return found;
}

int elf_find_binary(const char *name, char **out)
{
	*out = NULL;
	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (!is_file(name))
			return -ENOENT;
		*out = realpath(name, NULL);
		return *out ? 0 : -errno;
	}
	const char *llp = getenv("LD_LIBRARY_PATH");
	char *found = llp ? find_in_path_list(llp, name, true) : NULL;
	if (!found)
		found = find_in_ld_cache(name);
	if (!found)
		found = find_in_path_list(system_libs, name, true);
	if (!found)
		found = find_in_path_list(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin",
					  name, false);
	if (!found)
		return -ENOENT;
	*out = realpath(found, NULL);
	free(found);
	return *out ? 0 : -errno;
}

/* Does the file name base match a short library name ("libc", "c",
 * "libc.so.6")? */
static bool base_matches(const char *base, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(base, name, n) == 0 && (base[n] == 0 || base[n] == '.' || base[n] == '-'))
		return true;
	return strncmp(base, "lib", 3) == 0 && strncmp(base + 3, name, n) == 0 &&
	       (base[3 + n] == '.' || base[3 + n] == '-');
}

int elf_find_in_maps(int pid, const char *name, char **out)
{
	char path[64];
	*out = NULL;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	while (!*out && getline(&line, &cap, f) > 0) {
		char *file = strchr(line, '/'), *base;
		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		base = strrchr(file, '/') + 1;
		if (base_matches(base, name) && is_file(file))
			*out = xstrdup(file);
	}
	free(line);
	fclose(f);
	return *out ? 0 : -ENOENT;
}

int elf_parse_target(const char *s, char **sym, uint64_t *num)
{
	char *end;
	*sym = NULL;
	*num = 0;
	if (!*s)
		return -EINVAL;
	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		*num = strtoull(s, &end, 0);
		return *end || errno ? -EINVAL : 0;
	}
	const char *plus = strrchr(s, '+');
	if (!plus) {
		*sym = xstrdup(s);
		return 0;
	}
	errno = 0;
	*num = strtoull(plus + 1, &end, 0);
	if (plus == s || !plus[1] || *end || errno)
		return -EINVAL;
	*sym = xstrndup(s, (size_t)(plus - s));
	return 0;
}
