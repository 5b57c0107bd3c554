/* The kernel's raw tracepoints, from its BTF. Every tracepoint has a static
 * function __probestub_NAME (kernel 6.4+) or __traceiter_NAME (5.10+)
 * whose prototype is the tracepoint's own, after a first `void *__data`;
 * unlike the btf_trace_NAME typedef, it names the parameters. This covers
 * the bare tracepoints (DECLARE_TRACE) that have no tracefs event. */
#ifndef SG_RAWTP_H
#define SG_RAWTP_H

#include <stddef.h>
#include <stdint.h>

struct btf;

struct rawtp {
	char *name;     /* "sched_switch" */
	uint32_t proto; /* BTF id of its FUNC_PROTO (params: __data, then the args) */
};

struct rawtps {
	struct rawtp *v; /* sorted by name, unique */
	size_t n;
};

/* Scans btf once for both prefixes. 0, or -ENOENT when it has neither. */
int rawtps_build(const struct btf *btf, struct rawtps *out);
const struct rawtp *rawtps_find(const struct rawtps *t, const char *name);
void rawtps_free(struct rawtps *t);

#endif
