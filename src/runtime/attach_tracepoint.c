/* tracepoint:CAT:NAME — a perf tracepoint event (pid -1, CPU 0: the program
 * runs for the tracepoint on every CPU) linked to the program with the
 * attach point's cookie. One program may be linked to hundreds of events. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/rt.h"
#include "sema/tracefs.h"

static int attach_one(struct rt *rt, int prog_fd, const char *catname, uint64_t cookie)
{
	const char *colon = strchr(catname, ':');
	char *cat = colon ? xstrndup(catname, (size_t)(colon - catname)) : NULL;
	int id = cat ? tracefs_event_id(cat, colon + 1) : -ENOENT;
	free(cat);
	if (id < 0) {
		fprintf(stderr, "spyglass: tracepoint %s: %s\n", catname,
			id == -ENOENT ? "no such event" : strerror(-id));
		return id;
	}
	struct perf_event_attr attr = {.type = PERF_TYPE_TRACEPOINT, .config = (uint64_t)id};
	int pfd = rt_perf_open(&attr, 0);
	if (pfd < 0) {
		fprintf(stderr, "spyglass: tracepoint %s: perf_event_open: %s\n", catname,
			strerror(-pfd));
		return pfd;
	}
	char what[256];
	snprintf(what, sizeof(what), "tracepoint %s", catname);
	return rt_perf_link(rt, prog_fd, pfd, &attr, cookie, what);
}

/* The compiler normally expands wildcards into one attach point per event;
 * a target that still holds one is expanded here, sharing its cookie. */
static int attach_wildcard(struct rt *rt, int prog_fd, const struct sg_attach *a)
{
	char **names;
	int n = tracefs_match(a->target, &names);
	if (n <= 0) {
		fprintf(stderr, "spyglass: tracepoint %s: %s\n", a->target,
			n == 0 ? "no such event" : strerror(-n));
		return n == 0 ? -ENOENT : n;
	}
	int err = 0;
	for (int i = 0; i < n && !err; i++) {
		err = attach_one(rt, prog_fd, names[i], a->cookie);
		rt->nprobes += !err;
	}
	tracefs_names_free(names, n);
	return err;
}

static int attach_tracepoint(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	if (strpbrk(a->target, "*?"))
		return attach_wildcard(rt, prog_fd, a);
	int err = attach_one(rt, prog_fd, a->target, a->cookie);
	rt->nprobes += !err;
	return err;
}

const struct rt_attacher rt_attach_tracepoint = {.provider = "tracepoint", .attach = attach_tracepoint};
