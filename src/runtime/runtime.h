/* The kernel backend: loads a bundle with libbpf's low-level API, attaches
 * every probe, runs the event loop over the ringbuf, prints maps at exit, and
 * removes everything it created on every way out. */
#ifndef SG_RUNTIME_H
#define SG_RUNTIME_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "bundle/bundle.h"
#include "output/output.h"

struct sg_child; /* a -c command, forked and held before exec */

struct sg_runtime_opts {
	FILE *out;              /* stdout or -o FILE */
	enum sg_format format;
	bool quiet;             /* -q: no "Attached N probes" */
	pid_t pid;              /* -p: exit when this process exits (0 = none) */
	struct sg_child *child; /* -c: released after attach; exit when it exits */
	bool notify_attached;   /* print __SPYGLASS_ATTACHED (tests/benchmarks) */
	const char *notify_line; /* instead of that line, if set (bpftrace's test harness) */
	int verbose;
};

/* Runs the bundle to completion. Returns the process exit status:
 * 0 on success (or the code given to exit(N)), 1 on load/attach errors. */
int runtime_run(const struct sg_bundle *b, const struct sg_runtime_opts *o);

/* -c support: fork CMD (run via /bin/sh -c when it has shell syntax), held
 * stopped before exec until sg_child_release(). */
int sg_child_spawn(const char *cmd, struct sg_child **out);
pid_t sg_child_pid(const struct sg_child *c);
/* The command has shell syntax and runs as /bin/sh -c CMD. */
bool sg_child_via_shell(const struct sg_child *c);
int sg_child_release(struct sg_child *c);
void sg_child_free(struct sg_child *c); /* kills a never-released child */

#endif
