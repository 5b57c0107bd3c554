/* runtime_run(): the whole life of a traced script.
 *
 *   block SIGINT/SIGTERM (signalfd) → create maps → ringbuf/epoll/pidfd →
 *   load programs → run BEGIN → attach → "Attached N probes" → release the
 *   -c child → event loop → detach → drain → run END → drain →
 *   "Lost N events" → print maps → close everything.
 */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "runtime/rt.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* -v: when each phase ended, relative to the start of runtime_run(). */
static void phase(const struct rt *rt, const char *what)
{
	if (rt->o->verbose > 0)
		fprintf(stderr, "spyglass: %8.3f ms  %s\n", now_ms() - rt->t0, what);
}

static int *fd_array(size_t n)
{
	int *fds = xmalloc((n ? n : 1) * sizeof(int));
	for (size_t i = 0; i < n; i++)
		fds[i] = -1;
	return fds;
}

static void close_fds(int *fds, size_t n)
{
	for (size_t i = 0; fds && i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Signals become events on a signalfd, so the loop needs no handler and
 * no timeout. SIGPIPE is ignored for good: a closed output shows up as
 * EPIPE and ends the trace cleanly. */
static int signals_block(struct rt *rt)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	pthread_sigmask(SIG_BLOCK, &set, &rt->oldmask);
	rt->masked = true;
	rt->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (rt->sigfd < 0) {
		int err = -errno;
		fprintf(stderr, "spyglass: signalfd: %s\n", strerror(-err));
		return err;
	}
	return 0;
}

static void signals_restore(struct rt *rt)
{
	/* Swallow what is pending (a Ctrl-C during the final printing), or it
	 * would kill the process as soon as the mask is restored. */
	while (rt->sigfd >= 0 && rt_interrupted(rt))
		;
	close_fd(&rt->sigfd);
	if (rt->masked)
		pthread_sigmask(SIG_SETMASK, &rt->oldmask, NULL);
}

static int rt_init(struct rt *rt, const struct sg_bundle *b, const struct sg_runtime_opts *o)
{
	memset(rt, 0, sizeof(*rt));
	rt->b = b;
	rt->o = o;
	rt->epfd = rt->sigfd = rt->pidfd = -1;
	rt->t0 = now_ms();
	rt->map_fds = fd_array(b->nmaps);
	rt->prog_fds = fd_array(b->nprogs);
	rt->emptied = xcalloc(b->nmaps ? b->nmaps : 1, sizeof(*rt->emptied));
	rt->ncpus = libbpf_num_possible_cpus();
	if (rt->ncpus <= 0) {
		fprintf(stderr, "spyglass: cannot count CPUs: %s\n", strerror(-rt->ncpus));
		return rt->ncpus ? rt->ncpus : -EINVAL;
	}
	return 0;
}

static int run_progs(struct rt *rt, const fd_vec *which)
{
	for (size_t i = 0; i < which->len; i++) {
		int pi = which->data[i];
		int err = rt_run_once(rt->prog_fds[pi], rt->b->progs[pi].name);
		if (err)
			return err;
	}
	return 0;
}

static int rt_setup(struct rt *rt)
{
	int err = signals_block(rt);
	if (!err)
		err = rt_maps_create(rt);
	if (!err)
		err = rt_events_open(rt);
	phase(rt, "maps created");
	if (!err)
		err = rt_attach_precheck(rt);
	if (!err)
		err = rt_progs_load(rt);
	phase(rt, "programs loaded");
	/* bpftrace: BEGIN runs before the other probes are attached, so what it
	 * sets up (@start = nsecs) precedes every event and interval tick. */
	if (!err)
		err = rt_run_begin(rt);
	if (!err)
		err = rt_attach_all(rt);
	phase(rt, "attached");
	return err;
}

/* Newest bpftrace ends a program made only of BEGIN/END probes after BEGIN
 * (nothing else could ever fire), unless it traces a -c command or -p PID. */
static bool only_begin_end(const struct rt *rt)
{
	if (rt->o->child || rt->o->pid)
		return false;
	for (size_t pi = 0; pi < rt->b->nprogs; pi++) {
		const struct sg_prog *p = &rt->b->progs[pi];
		for (size_t ai = 0; ai < p->nattach; ai++)
			if (strcmp(p->attach[ai].provider, "begin") != 0 &&
			    strcmp(p->attach[ai].provider, "end") != 0)
				return false;
	}
	return true;
}

static int rt_start(struct rt *rt)
{
	const struct sg_runtime_opts *o = rt->o;
	if (!o->quiet)
		output_attached(rt->out, stderr, rt->nprobes);
	if (o->notify_attached)
		fprintf(o->out, "%s\n", o->notify_line ? o->notify_line : "__SPYGLASS_ATTACHED");
	rt_flush(rt);
	if (o->child) {
		int err = sg_child_release(o->child);
		if (err) {
			fprintf(stderr, "spyglass: cannot start the command: %s\n", strerror(-err));
			return err;
		}
	}
	if (only_begin_end(rt))
		rt->stop = true;
	return 0;
}

static int rt_finish(struct rt *rt)
{
	phase(rt, "event loop done");
	rt_detach_all(rt);
	phase(rt, "detached");
	rt_drain(rt, true); /* what the probes emitted before detaching */
	rt->discard = false;
	rt->ending = true;
	if (rt->leave_now || rt_interrupted(rt))
		return 0; /* a second Ctrl-C: leave now */
	int err = run_progs(rt, &rt->end);
	rt_drain(rt, false);
	if (rt->leave_now)
		return err;
	uint64_t lost = rt_lost_events(rt) + rt->dropped;
	if (lost && !rt->out_broken)
		output_lost(rt->out, lost);
	rt_report_full(rt);
	if (!rt->out_broken && !rt->b->no_exit_maps)
		output_end(rt->out); /* bpftrace's blank lines before the maps */
	if (!rt->b->no_exit_maps)
		rt_print_maps(rt);
	rt_flush(rt);
	phase(rt, "maps printed");
	return err;
}

static void rt_cleanup(struct rt *rt)
{
	rt_detach_all(rt);
	ring_buffer__free(rt->rb);
	rt->rb = NULL;
	close_fd(&rt->epfd);
	close_fd(&rt->pidfd);
	close_fds(rt->prog_fds, rt->b->nprogs);
	close_fds(rt->map_fds, rt->b->nmaps);
	rt->prog_fds = rt->map_fds = NULL;
	free(rt->emptied);
	rt->emptied = NULL;
	btf__free(rt->vmlinux_btf);
	rt->vmlinux_btf = NULL;
	rt_release_perf_events(rt); /* last: it forks, with nothing else open */
	phase(rt, "cleaned up");
	vec_free(&rt->links);
	vec_free(&rt->perf_fds);
	vec_free(&rt->trace_fds);
	vec_free(&rt->end);
	rt_stacks_fini(rt);
	output_free(rt->out);
	rt->out = NULL;
	signals_restore(rt);
}

int runtime_run(const struct sg_bundle *b, const struct sg_runtime_opts *o)
{
	struct rt rt;
	int err = rt_init(&rt, b, o);
	if (!err) {
		rt.out = output_new(o->out, o->format, b);
		err = rt_setup(&rt);
	}
	if (!err)
		err = rt_start(&rt);
	if (!err)
		err = rt_loop(&rt);
	if (!err)
		err = rt_finish(&rt);
	rt_cleanup(&rt);
	/* A reader that went away is how `| head` ends; any other failed write
	 * (a full disk, /dev/full, EIO) lost output: say so and fail. */
	if (rt.out_errno && rt.out_errno != EPIPE) {
		fprintf(stderr, "spyglass: cannot write the output: %s\n", strerror(rt.out_errno));
		return 1;
	}
	return err ? 1 : rt.exit_code;
}
