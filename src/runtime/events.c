/* The event loop: one epoll over the ringbuf, a signalfd (SIGINT/SIGTERM)
 * and a pidfd (-p / -c), with no timeouts, so that every way out is
 * immediate. Ringbuf records are dispatched by their leading event id. */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "runtime/rt.h"

enum { EV_RINGBUF = 1, EV_SIGNAL, EV_PID, EV_OUTPUT };

static uint64_t exit_code(const struct sg_event *ev, const uint8_t *rec, size_t len)
{
	if (ev->args.nelems == 0)
		return 0;
	const struct sg_value_desc *d = &ev->args.elems[0];
	uint64_t v = 0;
	size_t n = MIN(d->size ? d->size : 8, sizeof(v));
	if (d->offset + n <= len)
		memcpy(&v, rec + d->offset, n); /* little-endian: low bytes first */
	return v;
}

static void on_exit_event(struct rt *rt, const struct sg_event *ev, const uint8_t *rec,
			  size_t len)
{
	if (!rt->exited) {
		rt->exited = true;
		rt->exit_code = (int)exit_code(ev, rec, len);
	}
	rt->stop = true;
	/* Like bpftrace: what the probes emit after exit() is dropped, so
	 * that a racing event on another CPU cannot print after it. */
	if (!rt->ending)
		rt->discard = true;
}

static void dispatch(struct rt *rt, void *data, size_t size)
{
	uint64_t id;
	if (rt->discard || size < sizeof(id))
		return;
	memcpy(&id, data, sizeof(id));
	if (id >= rt->b->nevents)
		return; /* not ours to interpret: a compiler bug, not user input */
	const struct sg_event *ev = &rt->b->events[id];
	switch (ev->action) {
	case SG_ACT_PRINTF:
	case SG_ACT_PRINT_VALUE:
	case SG_ACT_HELPER_ERROR:
		if (!rt->out_broken)
			output_event(rt->out, data, size);
		break;
	case SG_ACT_PRINT_MAP:
		rt_map_print_top(rt, ev->map, ev->top, ev->div);
		break;
	case SG_ACT_CLEAR_MAP:
		rt_map_clear(rt, ev->map);
		break;
	case SG_ACT_ZERO_MAP:
		rt_map_zero(rt, ev->map);
		break;
	case SG_ACT_EXIT:
		on_exit_event(rt, ev, data, size);
		break;
	case SG_ACT_USTACK_PID:
		rt_ustack_pid(rt, data, size);
		break;
	case SG_ACT_TIME:
	case SG_ACT_CAT:
	case SG_ACT_SYSTEM:
	case SG_ACT_JOIN:
		if (!rt->out_broken)
			rt_user_action(rt, ev, data, size);
		break;
	}
}

/* Records per ring_buffer__consume() call. A flood faster than the output
 * (a terminal, a slow pipe) never empties the ring, and one unbounded call
 * would never return: deaf to Ctrl-C (it took 257 s to end). */
#define RT_BATCH 256
#define RT_YIELD (-EAGAIN) /* stops the call after this record, kept consumed */

static int on_record(void *ctx, void *data, size_t size)
{
	struct rt *rt = ctx;
	if (rt->drop_rest)
		rt->dropped++;
	else
		dispatch(rt, data, size);
	return ++rt->batch >= RT_BATCH ? RT_YIELD : 0;
}

/* One bounded batch; true if records may be left. */
static bool consume_batch(struct rt *rt)
{
	rt->batch = 0;
	return rt->rb && ring_buffer__consume(rt->rb) == RT_YIELD;
}

static int epoll_add(int epfd, int fd, uint32_t tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = tag};
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

static int open_pidfd(struct rt *rt)
{
	pid_t pid = rt_target_pid(rt);
	if (pid <= 0)
		return 0;
	rt->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (rt->pidfd < 0) {
		int err = -errno;
		fprintf(stderr, "spyglass: process %d: %s\n", (int)pid,
			err == -ESRCH ? "no such process" : strerror(-err));
		return err;
	}
	int err = epoll_add(rt->epfd, rt->pidfd, EV_PID);
	if (err)
		fprintf(stderr, "spyglass: epoll: %s\n", strerror(-err));
	return err;
}

/* An output pipe whose reader went away (`spyglass ... | head -1`) reports
 * EPOLLERR: watching it ends the trace even when nothing more is printed. */
static void watch_output(struct rt *rt)
{
	int fd = fileno(rt->o->out);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return;
	struct epoll_event ev = {.events = 0, .data.u32 = EV_OUTPUT}; /* errors only */
	epoll_ctl(rt->epfd, EPOLL_CTL_ADD, fd, &ev);
}

int rt_events_open(struct rt *rt)
{
	rt->epfd = epoll_create1(EPOLL_CLOEXEC);
	int err = rt->epfd < 0 ? -errno : epoll_add(rt->epfd, rt->sigfd, EV_SIGNAL);
	if (err) {
		fprintf(stderr, "spyglass: epoll: %s\n", strerror(-err));
		return err;
	}
	if (rt->b->ringbuf_map >= 0) {
		rt->rb = ring_buffer__new(rt->map_fds[rt->b->ringbuf_map], on_record, rt, NULL);
		if (!rt->rb) {
			err = -errno;
			fprintf(stderr, "spyglass: cannot open the event ring buffer: %s\n",
				strerror(-err));
			return err;
		}
		err = epoll_add(rt->epfd, ring_buffer__epoll_fd(rt->rb), EV_RINGBUF);
		if (err) {
			fprintf(stderr, "spyglass: epoll: %s\n", strerror(-err));
			return err;
		}
	}
	watch_output(rt);
	return open_pidfd(rt);
}

bool rt_flush(struct rt *rt)
{
	if (rt->out_broken)
		return false;
	if (fflush(rt->o->out) == 0)
		return true;
	/* EPIPE (the reader went away, SIGPIPE is ignored) or a full disk:
	 * either way nobody can read more output, so stop tracing. */
	rt->out_broken = true;
	rt->out_errno = errno;
	return false;
}

bool rt_interrupted(struct rt *rt)
{
	struct signalfd_siginfo si;
	return rt->sigfd >= 0 && read(rt->sigfd, &si, sizeof(si)) == sizeof(si);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* After a Ctrl-C, what is still queued gets this long to be printed (to a
 * slow terminal 1 MB of records takes seconds); the rest is counted lost. */
#define RT_DRAIN_MS 200

void rt_drain(struct rt *rt, bool bounded)
{
	double deadline = now_ms() + RT_DRAIN_MS;
	while (consume_batch(rt)) {
		if (rt_interrupted(rt)) {
			rt->leave_now = true; /* another signal: leave at once */
			break;
		}
		if (bounded && rt->by_signal && now_ms() > deadline)
			rt->drop_rest = true;
	}
	rt->drop_rest = false;
}

static void handle(struct rt *rt, uint32_t tag)
{
	switch (tag) {
	case EV_RINGBUF:
		consume_batch(rt); /* epoll reports the rest again */
		break;
	case EV_SIGNAL:
		if (rt_interrupted(rt))
			rt->stop = rt->by_signal = true;
		break;
	case EV_PID:
		rt->stop = true; /* the traced process exited */
		break;
	case EV_OUTPUT:
		rt->stop = true;
		rt->out_broken = true;
		break;
	}
}

int rt_loop(struct rt *rt)
{
	struct epoll_event evs[4];
	while (!rt->stop) {
		int n = epoll_wait(rt->epfd, evs, ARRAY_SIZE(evs), -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;
			fprintf(stderr, "spyglass: epoll_wait: %s\n", strerror(-err));
			return err;
		}
		for (int i = 0; i < n; i++)
			handle(rt, evs[i].data.u32);
		if (!rt_flush(rt))
			rt->stop = true;
	}
	return 0;
}
