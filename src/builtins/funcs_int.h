/* Check/lower functions of the aggregation entries (agg.c), for the table in funcs.c. */
#ifndef SG_FUNCS_INT_H
#define SG_FUNCS_INT_H

#include "builtins/builtin.h"

int agg_check(struct sema *s, struct node *map, struct node *call);
int agg_lower(struct lower *l, struct node *map, struct node *call);
/* Validates a printf-style format against the call's arguments. */
int printf_check_format(struct sema *s, struct node *call, struct node *fmt, struct node *args);

#endif
