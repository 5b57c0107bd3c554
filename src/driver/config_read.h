/* config().KEY reads as literals (see config_read.c). */
#ifndef SG_CONFIG_READ_H
#define SG_CONFIG_READ_H

#include "driver/config.h"

/* The configuration of this run: the merged keys and the limits the
 * compiler uses (defaults applied). */
struct cfg_view {
	const struct sg_config *c;
	uint32_t max_strlen, max_map_keys, max_probes;
};

/* Rewrites every config().KEY in prog; located errors through d. */
int config_read_expand(struct diag *d, struct program *prog, const struct cfg_view *v);

#endif
