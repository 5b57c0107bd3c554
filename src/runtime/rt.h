/* Internal state of one runtime_run(), shared by the runtime's files. */
#ifndef SG_RT_H
#define SG_RT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"
#include "runtime/runtime.h"

struct ring_buffer;
struct btf;

typedef VEC(int) fd_vec;

struct rt {
	const struct sg_bundle *b;
	const struct sg_runtime_opts *o;
	struct sg_output *out;
	int ncpus;
	int *map_fds;  /* b->nmaps, -1 when not created */
	int *prog_fds; /* b->nprogs, -1 when not loaded */
	/* b->nmaps: what last emptied an array map (array slots cannot be
	 * deleted): after zero() a keyless hist's empty buckets are printed
	 * (as a hash map's zeroed entries would be); after clear() the map is
	 * not printed at exit while it stays zero */
	enum { MAP_FRESH, MAP_ZEROED, MAP_CLEARED } *emptied;
	fd_vec links;  /* bpf links: closing one detaches its program */
	fd_vec perf_fds;  /* software/hardware perf events: cheap to close */
	fd_vec trace_fds; /* tracepoint, uprobe, kprobe events: slow to close (detach.c) */
	fd_vec end;    /* indexes of programs to run once at the end */
	int nprobes;   /* attach points, as "Attached N probes" counts them */
	struct ring_buffer *rb;
	int epfd, sigfd, pidfd;
	sigset_t oldmask;
	bool masked;     /* oldmask is valid and must be restored */
	bool stop;       /* leave the event loop after this batch */
	bool exited;     /* exit() was called: exit_code is set */
	bool discard;    /* drop probe records (after exit(), until END) */
	bool ending;     /* END is running: records are its own (or older) */
	bool out_broken; /* EPIPE on the output: print nothing more */
	bool by_signal;  /* tracing ended on SIGINT/SIGTERM */
	bool leave_now;  /* a signal while ending: skip END and the maps */
	bool drop_rest;  /* draining after a signal took too long: count, not print */
	unsigned batch;  /* records handled by the current consume call */
	uint64_t dropped; /* records counted lost by drop_rest */
	int out_errno;   /* why a write failed (EPIPE: the reader left, not an error) */
	int exit_code;
	double t0; /* start, in ms (-v timings) */
	struct btf *vmlinux_btf; /* loaded by the attachers that need it, or NULL */
};

/* loader.c */
int rt_maps_create(struct rt *rt);
int rt_progs_load(struct rt *rt);
/* Loads program pi bound to kernel BTF type attach_btf_id (fentry/fexit:
 * one copy per traced function). The fd, or -errno (reported). */
int rt_prog_load_bound(struct rt *rt, size_t pi, uint32_t attach_btf_id);
/* loader_btf.c: BTF func info for a program with subprograms (none: fd -1,
 * cnt 0). Prints the reason on failure. */
struct rt_prog_btf {
	int fd;
	struct bpf_func_info *info;
	uint32_t cnt;
};
int rt_prog_btf(const struct sg_prog *p, struct rt_prog_btf *out);
void rt_prog_btf_free(struct rt_prog_btf *b);

/* attach.c: finds the provider's attacher. Adds to rt->links / begin / end. */
int rt_attach_all(struct rt *rt);
/* Runs the attachers' prechecks (kernel feature detection) before loading. */
int rt_attach_precheck(struct rt *rt);

/* detach.c: closes every link (programs stop running when it returns), then
 * the perf events, tracepoint ones in the background. */
void rt_detach_all(struct rt *rt);
void rt_release_perf_events(struct rt *rt);

/* One probe type: attach program `pi` (loaded as prog_fd) to point `a`. */
struct rt_attacher {
	const char *provider;
	int (*attach)(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a);
	/* The kernel binds such programs to their target when loading them:
	 * rt_progs_load leaves them (prog_fd -1) to attach(), which loads a
	 * copy per attach point with rt_prog_load_bound. */
	bool load_per_attach;
};
/* Is program p loaded by its attacher (load_per_attach)? */
bool rt_prog_loads_per_attach(const struct sg_prog *p);
extern const struct rt_attacher rt_attach_begin, rt_attach_end, rt_attach_tracepoint,
	rt_attach_interval, rt_attach_profile;
extern const struct rt_attacher rt_attach_uprobe, rt_attach_uretprobe;
extern const struct rt_attacher rt_attach_software, rt_attach_hardware;
extern const struct rt_attacher rt_attach_rawtracepoint, rt_attach_kprobe, rt_attach_kretprobe;
extern const struct rt_attacher rt_attach_fentry, rt_attach_fexit;
extern const struct rt_attacher rt_attach_usdt;
/* attach_fentry.c: kernel support for fentry/fexit; prints one line if none. */
int rt_fentry_precheck(struct rt *rt, const struct sg_attach *a);
/* attach_kprobe.c: is there a kprobe PMU? Prints one line if not. */
int rt_kprobe_precheck(struct rt *rt, const struct sg_attach *a);
/* attach_uprobe.c: perf type and config (retprobe bit when ret) of a probe
 * PMU ("uprobe", "kprobe"); -ENODEV when the kernel lacks it. */
int rt_probe_pmu(const char *pmu, bool ret, uint32_t *type, uint64_t *config);
/* The process the trace is about: the -c child, else -p PID, else 0. */
pid_t rt_target_pid(const struct rt *rt);
/* The process user-space probes attach to (a uprobe perf event with a pid
 * fires in every thread sharing its mm): -p PID, or like bpftrace the -c
 * command — unless it runs through /bin/sh -c, whose descendants' pids
 * are unknown in advance (perf events with BPF programs cannot be
 * inherited), then every process. */
pid_t rt_uprobe_pid(const struct rt *rt);
/* perf_event_open(attr, pid -1, cpu): the fd, or -errno (prints nothing). */
struct perf_event_attr;
int rt_perf_open(struct perf_event_attr *attr, int cpu);
/* Links prog_fd to perf event pfd (opened from attr) with cookie; keeps
 * the link and the event in rt, which owns pfd from now on. On failure
 * prints "spyglass: <what>: cannot attach: <reason>". */
int rt_perf_link(struct rt *rt, int prog_fd, int pfd, const struct perf_event_attr *attr,
		 uint64_t cookie, const char *what);
/* Perf event pfd (of rt_perf_link) is closed before spyglass exits rather
 * than by the background reaper: its teardown has an effect others see. */
void rt_perf_close_sync(struct rt *rt, int pfd);
/* Runs a BEGIN/END program once (BPF_PROG_TEST_RUN). */
int rt_run_once(int prog_fd, const char *name);
/* Runs the BEGIN programs (before the other probes are attached). */
int rt_run_begin(struct rt *rt);

/* events.c */
int rt_events_open(struct rt *rt);
int rt_loop(struct rt *rt);
/* Handles what the ring buffer holds. bounded: after a signal, at most
 * ~200 ms of printing, then the rest is counted lost. A signal meanwhile
 * sets leave_now. */
void rt_drain(struct rt *rt, bool bounded);
bool rt_flush(struct rt *rt);
bool rt_interrupted(struct rt *rt); /* a signal arrived since the last check */

/* maps.c */
int rt_map_dump(struct rt *rt, int mi, struct sg_mapdump *d);
int rt_map_clear(struct rt *rt, int mi);
int rt_map_zero(struct rt *rt, int mi);
void rt_map_print(struct rt *rt, int mi);
/* print(@m, top, div): only the largest `top` entries, values / div. */
void rt_map_print_top(struct rt *rt, int mi, uint32_t top, uint32_t div);
int rt_print_maps(struct rt *rt);
uint64_t rt_lost_events(struct rt *rt);

/* stacks.c: the kstack/ustack frame reader for the output; a pid's first
 * ustack record (snapshot its mappings now). */
void rt_stacks_init(struct rt *rt);
void rt_stacks_fini(struct rt *rt);
void rt_ustack_pid(struct rt *rt, const uint8_t *rec, size_t len);

/* mapfull.c: "Warning: map @m is full: N updates were dropped", once per map. */
void rt_report_full(struct rt *rt);

/* actions.c: time(), cat(), system(), join() records */
void rt_user_action(struct rt *rt, const struct sg_event *ev, const uint8_t *rec, size_t len);

#endif
