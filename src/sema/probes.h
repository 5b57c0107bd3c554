/* Probe providers, compile side: one file per probe type (probe_*.c) and one
 * entry in the table in probes.c. The runtime side (attaching) lives in
 * src/runtime/attach_*.c, keyed by the same canonical provider name. */
#ifndef SG_PROBES_H
#define SG_PROBES_H

#include <stdbool.h>
#include <stdint.h>

#include "sema/sema.h"

struct lower;
struct node;
struct val;

struct provider {
	const char *name;            /* canonical, as in sg_attach.provider */
	const char *const *aliases;  /* NULL-terminated; matched case-sensitively */
	uint32_t prog_type;          /* enum bpf_prog_type */
	uint32_t expected_attach_type; /* enum bpf_attach_type, 0 if none */
	bool event_probe;            /* runs in the context of a task: -p applies */
	bool once;                   /* BEGIN/END: at most one attach point */
	bool has_retval;             /* uretprobe/kretprobe/fexit: `retval` */
	bool has_func;               /* traces a function: the `func` builtin names it */
	bool user_ctx;               /* uprobe/usdt: integer args point into user memory */
	/* Validates ap->parts and appends attach entries (expanding wildcards). */
	int (*expand)(struct sema *s, struct sema_probe *p, struct attach_point *ap);
	/* Type of `args` (T_CTX) for probe p, or -ENOENT when it has none. */
	int (*args_type)(struct sema *s, struct sema_probe *p, struct srcloc loc,
			 struct type *out);
	/* Optional, with has_retval: the type of `retval` (default u64) and
	 * its lowering (default: rax of the saved pt_regs). */
	int (*retval_type)(struct sema *s, struct sema_probe *p, struct srcloc loc,
			   struct type *out);
	int (*lower_retval)(struct lower *l, struct node *n, struct val *out);
	/* Optional: arg0..argN (i = N) of probe p, when they are not the pt_regs
	 * argument registers / raw tracepoint args (usdt: per-site arg specs). */
	int (*argn_type)(struct sema *s, struct sema_probe *p, int i, struct srcloc loc,
			 struct type *out);
	int (*lower_argn)(struct lower *l, struct node *n, int i, struct val *out);
};

const struct provider *provider_find(const char *name);
/* Counts one more attach point; true when it is past max_probes: then it
 * is only counted (probes_setup reports the total), so that a wildcard over
 * every kernel function costs neither memory nor time. */
bool probe_count_only(struct sema *s);
/* Adds an attach entry: name is the full probe name (`probe` builtin).
 * Returns it, or NULL when past max_probes (only counted, not added). */
struct sg_attach *probe_add_attach(struct sema *s, struct sema_probe *p, const char *provider,
		      const char *target, const char *name);

struct traceable;
/* probe_kprobe.c: adds an attach entry (probe_add_attach) per function of `funcs` (sorted,
 * unique) matching pattern; module: reserved, may be NULL. Returns how many. */
int kprobe_expand_wildcard(struct sema *s, struct sema_probe *p, const struct traceable *funcs,
			   const char *pattern, const char *module);
/* The kernel functions wildcards expand over: those tracefs lists as
 * traceable, else every /proc/kallsyms name. Built once; NULL if neither
 * can be read. */
const struct traceable *kprobe_functions(void);

#endif
