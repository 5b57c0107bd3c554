/* Detaching quickly. On this kernel (6.18) closing a perf link waits for an
 * RCU-tasks-trace grace period (~30-40 ms), and destroying the last perf
 * event of a trace event (a tracepoint, or the uprobe/kprobe PMU's
 * per-event trace event) waits for another one while holding the global
 * event_mutex (~23 ms each). Closed one by one, the ~360 links of
 * syscalls:sys_enter_* take 25 s, and 60 uprobes 3 s. So:
 *  - links are closed concurrently, one thread each: the waits overlap and
 *    the programs are off every probe after about one grace period;
 *  - the now-inert trace perf events are handed to a short-lived
 *    background process that closes them (serialised by the kernel anyway)
 *    while spyglass prints its results and exits. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/rt.h"

static void *close_one(void *arg)
{
	close((int)(intptr_t)arg);
	return NULL;
}

/* Closes fds concurrently (inline when a thread cannot be created). */
static void close_concurrently(const int *fds, size_t n)
{
	pthread_t *th = xcalloc(n ? n : 1, sizeof(*th));
	bool *started = xcalloc(n ? n : 1, sizeof(*started));
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024); /* close() needs little */
	for (size_t i = 0; i < n; i++) {
		started[i] = pthread_create(&th[i], &attr, close_one, (void *)(intptr_t)fds[i]) == 0;
		if (!started[i])
			close(fds[i]);
	}
	for (size_t i = 0; i < n; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	pthread_attr_destroy(&attr);
	free(started);
	free(th);
}

void rt_detach_all(struct rt *rt)
{
	if (rt->links.len == 1)
		close(rt->links.data[0]);
	else if (rt->links.len > 1)
		close_concurrently(rt->links.data, rt->links.len);
	rt->links.len = 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* In the background process: only syscalls. Everything but the events (and
 * the go-ahead pipe) is closed first, so that no pipe is held open (a test
 * harness waiting for the end of our stdout). */
__attribute__((noreturn)) static void reap(const int *keep, size_t n, int go_fd)
{
	setsid(); /* out of the terminal's process group: Ctrl-C is not for us */
	unsigned lo = 0;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)keep[i] > lo)
			close_range(lo, (unsigned)keep[i] - 1, 0);
		lo = (unsigned)keep[i] + 1;
	}
	close_range(lo, ~0U, 0);
	/* Whoever closes an event last pays for its teardown: wait (EOF) until
	 * spyglass has closed its copies, so that it is us. */
	char c;
	while (read(go_fd, &c, 1) < 0 && errno == EINTR)
		;
	for (size_t i = 0; i < n; i++)
		close(keep[i]);
	_exit(0);
}

/* Double fork: the reaper is nobody's child, so nobody waits for it. */
static void close_in_background(const int *fds, size_t n)
{
	int go[2];
	if (pipe2(go, O_CLOEXEC) != 0) {
		for (size_t i = 0; i < n; i++)
			close(fds[i]);
		return;
	}
	int *keep = xmalloc((n + 1) * sizeof(int));
	memcpy(keep, fds, n * sizeof(int));
	keep[n] = go[0];
	qsort(keep, n + 1, sizeof(int), cmp_int);
	pid_t mid = fork();
	if (mid == 0) {
		if (fork() == 0)
			reap(keep, n + 1, go[0]);
		_exit(0);
	}
	if (mid > 0)
		waitpid(mid, NULL, 0);
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
	close(go[1]); /* the reaper's go-ahead */
	close(go[0]);
	free(keep);
}

void rt_release_perf_events(struct rt *rt)
{
	for (size_t i = 0; i < rt->perf_fds.len; i++)
		close(rt->perf_fds.data[i]);
	rt->perf_fds.len = 0;
	if (rt->trace_fds.len)
		close_in_background(rt->trace_fds.data, rt->trace_fds.len);
	rt->trace_fds.len = 0;
}
