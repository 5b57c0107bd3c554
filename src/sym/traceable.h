/* The kernel functions ftrace can attach to (tracefs
 * available_filter_functions): wildcard kprobes and fentry probes expand
 * over these, as bpftrace does, so that `kprobe:vfs_*` never names an
 * inlined or notrace symbol that would fail to attach. */
#ifndef SG_TRACEABLE_H
#define SG_TRACEABLE_H

#include <stdbool.h>
#include <stddef.h>

struct traceable {
	char **names; /* sorted, unique */
	size_t n;
};

/* Reads a file of "name" or "name [module]" lines. 0 or -errno. */
int traceable_load(const char *path, struct traceable *out);
struct ksyms;
/* Every symbol name of k, sorted and unique (the fallback list). */
void traceable_from_ksyms(const struct ksyms *k, struct traceable *out);
bool traceable_has(const struct traceable *t, const char *name);
void traceable_free(struct traceable *t);
/* TRACEFS/available_filter_functions, read once (NULL when unreadable:
 * locked-down kernels refuse it even to root; callers then fall back to
 * every function symbol in /proc/kallsyms). Kept until the process exits. */
const struct traceable *traceable_default(const char *tracefs_dir);

#endif
