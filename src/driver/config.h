/* Configuration from the script's config block and the environment. */
#ifndef SG_CONFIG_H
#define SG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "lang/ast.h"

#define SG_MAX_STRLEN_LIMIT 1024
#define SG_MAX_CAT_BYTES_DEFAULT 10240 /* bpftrace's default */

struct sg_config {
	uint32_t max_strlen;    /* 0: default */
	uint32_t max_map_keys;  /* 0: default */
	uint32_t max_probes;    /* 0: default (SG_MAX_PROBES_DEFAULT) */
	uint32_t perf_rb_pages; /* 0: default; else pages of the event ringbuf */
	uint32_t max_cat_bytes; /* 0: default; else bytes of a file cat() prints */
	int stack_mode;         /* 0 bpftrace, 1 perf, 2 raw, 3 build_id */
	int unstable_map_decl;  /* 0 warn, 1 enable, 2 error */
	bool no_print_maps;     /* print_maps_on_exit = false */
	bool trailer_set;       /* str_trunc_trailer given: */
	char trailer[32];       /* what follows a truncated string (default "..") */
};

/* Applies a config block (list of N_ASSIGN) over c; located errors. */
int config_apply_block(struct diag *d, const struct node *list, struct sg_config *c);
/* Reads BPFTRACE_MAX_STRLEN, SPYGLASS_MAX_STRLEN, BPFTRACE_MAX_MAP_KEYS, ... */
int config_from_env(struct sg_config *c);

#endif
