/* Named perf events of software:NAME:COUNT and hardware:NAME:COUNT probes,
 * with bpftrace's aliases and default sample periods. */
#ifndef SG_PERF_EVENTS_H
#define SG_PERF_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

struct perf_event_name {
	const char *name, *alias;
	uint64_t config;         /* PERF_COUNT_SW_* / PERF_COUNT_HW_* */
	uint64_t default_period; /* when COUNT is omitted */
};

/* The event named name (or its alias); NULL if unknown. */
const struct perf_event_name *perf_event_find(bool hardware, const char *name);
/* The table, for listing: *n gets its length. */
const struct perf_event_name *perf_event_table(bool hardware, int *n);

#endif
