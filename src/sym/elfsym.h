/* ELF symbols of user binaries and libraries (libelf): function symbols from
 * .symtab and .dynsym, virtual address → file offset (what the uprobe PMU
 * wants), and finding a library or program by short name. */
#ifndef SG_ELFSYM_H
#define SG_ELFSYM_H

#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_sym {
	char *name;
	uint64_t addr;   /* st_value: virtual address */
	uint64_t size;
	uint64_t offset; /* file offset of addr (0 if not in a PT_LOAD segment) */
};

struct elf_syms {
	struct elf_sym *syms; /* sorted by name, then address; one per name+addr */
	size_t n;
	bool pie;             /* ET_DYN: addresses are relative to the load base */
};

/* Reads the function symbols of path. 0 or -errno (-ENOEXEC: not an ELF). */
int elf_syms_read(const char *path, struct elf_syms *out);
void elf_syms_free(struct elf_syms *s);
/* File offset of virtual address addr of an open ELF, through the PT_LOAD
 * segment whose file bytes hold it; -ENOENT when none does. */
int elf_segment_offset(Elf *e, uint64_t addr, uint64_t *offset);
/* File offset of virtual address addr in path (via PT_LOAD headers). */
int elf_vaddr_to_offset(const char *path, uint64_t addr, uint64_t *offset);
/* Finds a binary or library: a path with '/' as is (must exist); else a
 * library "libc" / "libc.so.6" in LD_LIBRARY_PATH, /etc/ld.so.cache, the system library
 * directories, else a program in $PATH. *out is malloc'd. 0 or -ENOENT. */
int elf_find_binary(const char *name, char **out);
/* A library or program mapped by process pid whose file name matches a
 * short name ("libc" → /usr/lib/.../libc.so.6). 0 or -ENOENT / -errno. */
int elf_find_in_maps(int pid, const char *name, char **out);
/* "func", "func+16", "0x401000": symbol name (or NULL) and number. */
int elf_parse_target(const char *s, char **sym, uint64_t *num);

#endif
