/* Tables of software and hardware perf events (see perf_events.h). */
#include "sema/perf_events.h"

#include <linux/perf_event.h>
#include <string.h>

#include "base/util.h"

static const struct perf_event_name sw_events[] = {
	{"cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000},
	{"task-clock", NULL, PERF_COUNT_SW_TASK_CLOCK, 1000000},
	{"page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100},
	{"context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000},
	{"cpu-migrations", NULL, PERF_COUNT_SW_CPU_MIGRATIONS, 1},
	{"minor-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MIN, 100},
	{"major-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1},
	{"alignment-faults", NULL, PERF_COUNT_SW_ALIGNMENT_FAULTS, 1},
	{"emulation-faults", NULL, PERF_COUNT_SW_EMULATION_FAULTS, 1},
	{"dummy", NULL, PERF_COUNT_SW_DUMMY, 1},
	{"bpf-output", NULL, PERF_COUNT_SW_BPF_OUTPUT, 1},
};

static const struct perf_event_name hw_events[] = {
	{"cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES, 1000000},
	{"instructions", NULL, PERF_COUNT_HW_INSTRUCTIONS, 1000000},
	{"cache-references", NULL, PERF_COUNT_HW_CACHE_REFERENCES, 1000000},
	{"cache-misses", NULL, PERF_COUNT_HW_CACHE_MISSES, 1000000},
	{"branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 100000},
	{"branch-misses", NULL, PERF_COUNT_HW_BRANCH_MISSES, 100000},
	{"bus-cycles", NULL, PERF_COUNT_HW_BUS_CYCLES, 100000},
	{"frontend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 1000000},
	{"backend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 1000000},
	{"ref-cycles", NULL, PERF_COUNT_HW_REF_CPU_CYCLES, 1000000},
};

const struct perf_event_name *perf_event_table(bool hardware, int *n)
{
	*n = hardware ? (int)ARRAY_SIZE(hw_events) : (int)ARRAY_SIZE(sw_events);
	return hardware ? hw_events : sw_events;
}

const struct perf_event_name *perf_event_find(bool hardware, const char *name)
{
	int n;
	const struct perf_event_name *t = perf_event_table(hardware, &n);
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0 || (t[i].alias && strcmp(t[i].alias, name) == 0))
			return &t[i];
	return NULL;
}
