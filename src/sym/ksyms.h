/* Kernel symbols from /proc/kallsyms: read and sorted by address once, then
 * address → symbol by binary search (ksym(), kernel stacks) and name →
 * address (kaddr()). Module symbols ("name [mod]") are included. */
#ifndef SG_KSYMS_H
#define SG_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksym {
	uint64_t addr;
	char *name;
};

struct ksyms {
	struct ksym *syms; /* sorted by address */
	size_t n;
};

/* Reads a kallsyms-format file (path NULL: /proc/kallsyms). 0 or -errno;
 * -EPERM when every address reads as 0 (kptr_restrict, not root). */
int ksyms_load(const char *path, struct ksyms *out);
void ksyms_free(struct ksyms *k);
/* The symbol containing addr (the last one at or below it), or NULL;
 * *off gets addr minus the symbol's address when off is not NULL. */
const struct ksym *ksyms_find(const struct ksyms *k, uint64_t addr, uint64_t *off);
/* Address of the first symbol called name; 0 or -ENOENT. */
int ksyms_addr(const struct ksyms *k, const char *name, uint64_t *addr);
/* The shared /proc/kallsyms table, loaded on first use (NULL if unreadable).
 * Stays loaded until the process exits. */
const struct ksyms *ksyms_default(void);

#endif
