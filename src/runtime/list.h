/* Probe listing (-l), like `bpftrace -l`: one "tracepoint:cat:name" line per
 * probe matching a pattern. */
#ifndef SG_LIST_H
#define SG_LIST_H

#include <stdbool.h>
#include <stdio.h>

/* pattern: NULL/"" for everything; "tracepoint:cat:name" with '*'/'?' in
 * any part ("t:" also works); a pattern without ':' or wildcards matches
 * as a substring of the full name. Returns 0, or -errno after printing one
 * line on stderr (tracefs unavailable). */
int sg_list_probes(const char *pattern, FILE *out);
/* Like sg_list_probes; verbose also prints each tracepoint's fields
 * ("    const char * filename"), like `bpftrace -lv`. */
int sg_list_probes_ex(const char *pattern, bool verbose, FILE *out);

/* list_more.c: uprobe:PATH:FUNC, software:, hardware:, rawtracepoint:
 * patterns (and aliases): lists them (verbose: raw tracepoints' arguments)
 * and returns 0 or -errno; 1 when the pattern is not one of those. */
int sg_list_other(const char *pattern, bool verbose, FILE *out);
/* list_usdt.c: "usdt:PATH[:PROVIDER][:NAME]" (also U:) with wildcards, and
 * with pid > 0 "usdt:*" over every file process pid maps: lists them and
 * returns 0 or -errno; 1 when the pattern is not a usdt one. */
int sg_list_usdt(const char *pattern, int pid, FILE *out);
/* list_struct.c: "struct PAT", "union PAT", "enum PAT" from kernel BTF
 * (verbose: their definitions); 0 or -errno; 1 for other patterns. */
int sg_list_types(const char *pattern, bool verbose, FILE *out);
/* software and hardware events matching a full-name pattern. */
void sg_list_perf_events(const char *pattern, FILE *out);

#endif
