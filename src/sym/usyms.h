/* User-space symbols per process: the mappings of /proc/PID/maps, the
 * function symbols of each mapped ELF file (read once per file, cached by
 * device and inode, shared between processes), and /tmp/perf-PID.map for
 * JIT runtimes. A process's mappings are snapshotted the first time it is
 * asked about (or told by usyms_snapshot, as early as possible) and kept
 * after it exits, so that stacks printed at exit still resolve. */
#ifndef SG_USYMS_H
#define SG_USYMS_H

#include <stddef.h>
#include <stdint.h>

struct usym_file;

/* One executable mapping of /proc/PID/maps. */
struct usym_map {
	uint64_t start, end, pgoff;
	uint64_t dev, ino;
	char *path; /* "" for anonymous mappings */
	struct usym_file *file;
};

/* One line of /tmp/perf-PID.map: "START SIZE name" (hex). */
struct usym_jit {
	uint64_t start, size;
	char *name;
};

struct usym_proc;
struct usyms;

/* Parses /proc/PID/maps text: executable mappings only, in file order. */
int usyms_parse_maps(const char *text, struct usym_map **out, size_t *n);
/* Parses perf-map text; entries sorted by start. */
int usyms_parse_perf_map(const char *text, struct usym_jit **out, size_t *n);
void usym_maps_free(struct usym_map *m, size_t n);
void usym_jits_free(struct usym_jit *j, size_t n);

/* The ELF virtual address (as in st_value) of file offset `off` via the
 * file's PT_LOAD headers: off - p_offset + p_vaddr. 0 or -ENOENT. */
int usyms_file_vaddr(const char *path, uint64_t off, uint64_t *vaddr);

struct usyms *usyms_new(void);
void usyms_free(struct usyms *u);
/* Reads pid's mappings and perf map now; a later call replaces them, but
 * fails, keeping them, once the process is gone. 0 or -errno. */
int usyms_snapshot(struct usyms *u, int pid);

struct usym_result {
	const char *name;   /* NULL: not found */
	uint64_t off;       /* addr - symbol start */
	const char *module; /* mapped file, or NULL when no mapping holds addr */
};
/* Resolves addr in process pid (snapshotting it on first use, and again,
 * at most every 10 ms, for an address the snapshot cannot know: code
 * mapped or JIT-compiled after it). */
void usyms_find(struct usyms *u, int pid, uint64_t addr, struct usym_result *r);
/* Address of symbol `name` in the ELF file path (st_value). 0 or -ENOENT. */
int usyms_elf_addr(const char *path, const char *name, uint64_t *addr);

/* The process-wide table used by the output module (never freed). */
struct usyms *usyms_default(void);

#endif
