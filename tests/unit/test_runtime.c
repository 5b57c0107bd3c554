/* The kernel backend against the real kernel, with bundles written by hand
 * (no compiler involved): BEGIN/END, tracepoints, interval, ringbuf events,
 * map printing, -c/-p, verifier and attach errors, and cleanup. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "bpf/insn.h"
#include "runtime/list.h"
#include "runtime/runtime.h"
#include "sema/tracefs.h"
#include "test.h"

/* ---- building bundles ---------------------------------------------------- */

static void set_source(struct sg_bundle *b, const char *text)
{
	b->src.name = xstrdup("stdin");
	b->src.text = xstrdup(text);
	b->src.len = strlen(text);
}

static int add_map(struct sg_bundle *b, const char *name, enum sg_map_type type, uint32_t ks,
		   uint32_t vs, uint32_t max, enum sg_agg agg)
{
	b->maps = xrealloc(b->maps, (b->nmaps + 1) * sizeof(*b->maps));
	struct sg_map *m = &b->maps[b->nmaps];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->type = type;
	m->key_size = ks;
	m->value_size = vs;
	m->max_entries = max;
	m->agg = agg;
	m->key.kind = SG_V_TUPLE;
	m->value = (struct sg_value_desc){.kind = SG_V_INT, .size = 8, .is_signed = 1};
	return (int)b->nmaps++;
}

static int add_ringbuf(struct sg_bundle *b)
{
	b->ringbuf_map = add_map(b, ".events", SG_MAP_RINGBUF, 0, 0, 1 << 16, SG_AGG_NONE);
	return b->ringbuf_map;
}

/* An event; arg_off >= 0 adds one signed 8-byte argument at that offset. */
static int add_event(struct sg_bundle *b, enum sg_action act, const char *fmt, int map,
		     int arg_off, uint32_t size)
{
	b->events = xrealloc(b->events, (b->nevents + 1) * sizeof(*b->events));
	struct sg_event *e = &b->events[b->nevents];
	memset(e, 0, sizeof(*e));
	e->action = act;
	e->fmt = fmt ? xstrdup(fmt) : NULL;
	e->map = map;
	e->size = size;
	e->args.kind = SG_V_TUPLE;
	if (arg_off >= 0) {
		e->args.nelems = 1;
		e->args.elems = xcalloc(1, sizeof(struct sg_value_desc));
		e->args.elems[0] = (struct sg_value_desc){
			.kind = SG_V_INT, .offset = (uint32_t)arg_off, .size = 8, .is_signed = 1};
	}
	return (int)b->nevents++;
}

static struct sg_prog *add_prog(struct sg_bundle *b, const char *name, uint32_t type,
				const struct bpf_insn *insns, size_t n)
{
	b->progs = xrealloc(b->progs, (b->nprogs + 1) * sizeof(*b->progs));
	struct sg_prog *p = &b->progs[b->nprogs++];
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	p->prog_type = type;
	p->insns = xmalloc(n * sizeof(*insns));
	memcpy(p->insns, insns, n * sizeof(*insns));
	p->ninsns = n;
	p->lines = xcalloc(n, sizeof(struct srcloc));
	return p;
}

static void add_attach(struct sg_bundle *b, struct sg_prog *p, const char *provider,
		       const char *target, uint64_t period)
{
	char *name = *target ? xasprintf("%s:%s", provider, target) : xstrdup(provider);
	p->attach = xrealloc(p->attach, (p->nattach + 1) * sizeof(*p->attach));
	p->attach[p->nattach++] = (struct sg_attach){
		.provider = xstrdup(provider), .target = xstrdup(target), .name = name,
		.cookie = b->nprobe_names, .period = period};
	b->probe_names = xrealloc(b->probe_names, (b->nprobe_names + 1) * sizeof(char *));
	b->probe_names[b->nprobe_names++] = xstrdup(name);
}

static void bundle_init(struct sg_bundle *b)
{
	memset(b, 0, sizeof(*b));
	b->ringbuf_map = b->lost_map = -1;
	set_source(b, "BEGIN { }");
}

#define PROG(b, name, type, ...)                                                     \
	add_prog(b, name, type, (const struct bpf_insn[]){__VA_ARGS__},              \
		 sizeof((const struct bpf_insn[]){__VA_ARGS__}) / sizeof(struct bpf_insn))

/* r1..r4 for bpf_ringbuf_output(ringbuf, fp+off, size, 0), then the call. */
#define RB_OUTPUT(rb, off, size)                                                     \
	BPF_LD_MAP_FD(BPF_REG_1, rb), BPF_MOV64_REG(BPF_REG_2, BPF_REG_FP),              \
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, off), BPF_MOV64_IMM(BPF_REG_3, size),          \
	BPF_MOV64_IMM(BPF_REG_4, 0), BPF_CALL_HELPER(BPF_FUNC_ringbuf_output)

#define RET0 BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()

/* ---- running -------------------------------------------------------------- */

/* Writes go to a buffer; the __SPYGLASS_ATTACHED line triggers `on_attach`
 * in the runtime's own thread, which makes the workload deterministic. */
struct sink {
	char *buf;
	size_t len;
	void (*on_attach)(void);
};

static ssize_t sink_write(void *c, const char *data, size_t n)
{
	struct sink *s = c;
	s->buf = xrealloc(s->buf, s->len + n + 1);
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = 0;
	if (s->on_attach && strstr(s->buf, "__SPYGLASS_ATTACHED\n")) {
		void (*fn)(void) = s->on_attach;
		s->on_attach = NULL;
		fn();
	}
	return (ssize_t)n;
}

struct run {
	int status;
	char *out; /* stdout of the run */
	char *err; /* stderr of the run */
};

static char *read_fd(int fd)
{
	struct strbuf sb = {0};
	char buf[4096];
	ssize_t n;
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sb_appendn(&sb, buf, (size_t)n);
	return sb_detach(&sb);
}

static int count_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static struct run run_bundle(struct sg_bundle *b, struct sg_runtime_opts *o, void (*on_attach)(void))
{
	struct run r = {0};
	struct sink s = {.on_attach = on_attach};
	cookie_io_functions_t io = {.write = sink_write};
	FILE *out = fopencookie(&s, "w", io);
	/* the -c child's release socket is closed by the run */
	int fds_before = count_fds() - (o->child ? 1 : 0);
	int errfd = memfd_create("stderr", MFD_CLOEXEC), saved = dup(2);
	fflush(stderr);
	dup2(errfd, 2);
	o->out = out;
	r.status = runtime_run(b, o);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(out);
	r.out = s.buf ? s.buf : xstrdup("");
	r.err = read_fd(errfd);
	close(errfd);
	CHECK_INT(count_fds(), fds_before); /* nothing of ours stays open */
	sg_bundle_free(b);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* ---- tests ---------------------------------------------------------------- */

/* BEGIN { printf("x=%d\n", 42); exit(); } */
static void build_begin_printf(struct sg_bundle *b)
{
	bundle_init(b);
	int rb = add_ringbuf(b);
	add_event(b, SG_ACT_PRINTF, "x=%d\n", -1, 8, 16);
	add_event(b, SG_ACT_EXIT, NULL, -1, -1, 8);
	struct sg_prog *p = PROG(b, "BEGIN", BPF_PROG_TYPE_RAW_TRACEPOINT,
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -16, 0),
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 42),
		RB_OUTPUT(rb, -16, 16),
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -16, 1),
		RB_OUTPUT(rb, -16, 8),
		RET0);
	add_attach(b, p, "begin", "", 0);
}

TEST(runtime_begin_printf_exit)
{
	struct sg_bundle b;
	build_begin_printf(&b);
	struct sg_runtime_opts o = {.quiet = true};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, "x=42\n\n\n"); /* bpftrace's two newlines at the end (output_end) */
	CHECK_STR(r.err, "");
	run_free(&r);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

TEST(runtime_attached_line_and_speed)
{
	struct sg_bundle b;
	build_begin_printf(&b);
	struct sg_runtime_opts o = {0};
	double t0 = now_ms();
	struct run r = run_bundle(&b, &o, NULL);
	double dt = now_ms() - t0;
	CHECK_INT(r.status, 0);
	CHECK(strstr(r.err, "Attached 1 probe") != NULL);
	CHECK(dt < 100); /* a few ms without sanitizers */
	run_free(&r);
}

/* BEGIN { exit(3); } */
TEST(runtime_exit_code)
{
	struct sg_bundle b;
	bundle_init(&b);
	int rb = add_ringbuf(&b);
	add_event(&b, SG_ACT_EXIT, NULL, -1, 8, 16);
	struct sg_prog *p = PROG(&b, "BEGIN", BPF_PROG_TYPE_RAW_TRACEPOINT,
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -16, 0),
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 3),
		RB_OUTPUT(rb, -16, 16),
		RET0);
	add_attach(&b, p, "begin", "", 0);
	struct sg_runtime_opts o = {.quiet = true};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 3);
	run_free(&r);
}

static void getpid5(void)
{
	for (int i = 0; i < 5; i++)
		syscall(SYS_getpid);
}

/* tracepoint:syscalls:sys_enter_getpid /tid == T/ { @c = count(); if (@c == 5) exit(); }
 * END { printf("end\n"); } */
TEST(runtime_tracepoint_count)
{
	struct sg_bundle b;
	bundle_init(&b);
	int rb = add_ringbuf(&b);
	int c = add_map(&b, "@c", SG_MAP_PERCPU_HASH, 8, 8, 16, SG_AGG_COUNT);
	b.maps[c].value = (struct sg_value_desc){.kind = SG_V_INT, .size = 8};
	add_event(&b, SG_ACT_EXIT, NULL, -1, -1, 8);
	add_event(&b, SG_ACT_PRINTF, "end\n", -1, -1, 8);
	int tid = gettid();
	struct sg_prog *p = PROG(&b, "tracepoint:syscalls:sys_enter_getpid",
		BPF_PROG_TYPE_TRACEPOINT,
		/* 0 */ BPF_CALL_HELPER(BPF_FUNC_get_current_pid_tgid),
		/* 1 */ BPF_MOV32_REG(BPF_REG_0, BPF_REG_0),
		/* 2 */ BPF_JMP_IMM(BPF_JNE, BPF_REG_0, tid, 22), /* → 25 */
		/* 3 */ BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 0),
		/* 4 */ BPF_LD_MAP_FD(BPF_REG_1, c),
		/* 6 */ BPF_MOV64_REG(BPF_REG_2, BPF_REG_FP),
		/* 7 */ BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		/* 8 */ BPF_CALL_HELPER(BPF_FUNC_map_lookup_elem),
		/* 9 */ BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 6), /* → 16 */
		/* 10 */ BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
		/* 11 */ BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1),
		/* 12 */ BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		/* 13 */ BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 5, 11), /* → 25 */
		/* 14 */ BPF_ST_MEM(BPF_DW, BPF_REG_FP, -24, 0),
		/* 15 */ BPF_JMP_A(10), /* → 26: exit event */
		/* 16 */ BPF_ST_MEM(BPF_DW, BPF_REG_FP, -16, 1),
		/* 17 */ BPF_LD_MAP_FD(BPF_REG_1, c),
		/* 19 */ BPF_MOV64_REG(BPF_REG_2, BPF_REG_FP),
		/* 20 */ BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		/* 21 */ BPF_MOV64_REG(BPF_REG_3, BPF_REG_FP),
		/* 22 */ BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16),
		/* 23 */ BPF_MOV64_IMM(BPF_REG_4, 0),
		/* 24 */ BPF_CALL_HELPER(BPF_FUNC_map_update_elem),
		/* 25 */ BPF_JMP_A(7), /* → 33 */
		/* 26 */ RB_OUTPUT(rb, -24, 8),
		/* 33 */ RET0);
	add_attach(&b, p, "tracepoint", "syscalls:sys_enter_getpid", 0);
	p = PROG(&b, "END", BPF_PROG_TYPE_RAW_TRACEPOINT,
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 1),
		RB_OUTPUT(rb, -8, 8),
		RET0);
	add_attach(&b, p, "end", "", 0);
	struct sg_runtime_opts o = {.notify_attached = true};
	struct run r = run_bundle(&b, &o, getpid5);
	CHECK_INT(r.status, 0);
	CHECK(strncmp(r.out, "__SPYGLASS_ATTACHED\nend\n", 24) == 0);
	CHECK(strstr(r.out, "@c: 5\n") != NULL);
	CHECK(strstr(r.err, "Attached 2 probes") != NULL);
	run_free(&r);
}

/* BEGIN { @m[1] = 7; print(@m); clear(@m); @z[2] = 9; zero(@z); exit(); } */
TEST(runtime_map_actions)
{
	struct sg_bundle b;
	bundle_init(&b);
	int rb = add_ringbuf(&b);
	int m = add_map(&b, "@m", SG_MAP_HASH, 8, 8, 16, SG_AGG_NONE);
	int z = add_map(&b, "@z", SG_MAP_PERCPU_HASH, 8, 8, 16, SG_AGG_SUM);
	add_event(&b, SG_ACT_PRINT_MAP, NULL, m, -1, 8);
	add_event(&b, SG_ACT_CLEAR_MAP, NULL, m, -1, 8);
	add_event(&b, SG_ACT_ZERO_MAP, NULL, z, -1, 8);
	add_event(&b, SG_ACT_EXIT, NULL, -1, -1, 8);
#define UPDATE(map, key, val)                                                        \
	BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, key), BPF_ST_MEM(BPF_DW, BPF_REG_FP, -16, val), \
	BPF_LD_MAP_FD(BPF_REG_1, map), BPF_MOV64_REG(BPF_REG_2, BPF_REG_FP),             \
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8), BPF_MOV64_REG(BPF_REG_3, BPF_REG_FP),     \
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16), BPF_MOV64_IMM(BPF_REG_4, 0),             \
	BPF_CALL_HELPER(BPF_FUNC_map_update_elem)
#define EVENT(id) BPF_ST_MEM(BPF_DW, BPF_REG_FP, -24, id), RB_OUTPUT(rb, -24, 8)
	struct sg_prog *p = PROG(&b, "BEGIN", BPF_PROG_TYPE_RAW_TRACEPOINT,
		UPDATE(m, 1, 7), UPDATE(z, 2, 9),
		EVENT(0), EVENT(1), EVENT(2), EVENT(3), RET0);
	add_attach(&b, p, "begin", "", 0);
	struct sg_runtime_opts o = {.quiet = true};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 0);
	/* printed once by print(); cleared before the end; @z zeroed but kept */
	CHECK(strstr(r.out, "@m[1]: 7") || strstr(r.out, "@m: 7"));
	CHECK(strstr(strstr(r.out, ": 7") + 1, "@m") == NULL);
	CHECK(strstr(r.out, "@z") != NULL && strstr(r.out, "9") == NULL);
	run_free(&r);
}

/* interval:ms:1 { @n = count(); if (@n == 3) exit(); } with a plain array. */
TEST(runtime_interval)
{
	struct sg_bundle b;
	bundle_init(&b);
	int rb = add_ringbuf(&b);
	int n = add_map(&b, "@n", SG_MAP_ARRAY, 4, 8, 1, SG_AGG_NONE);
	add_event(&b, SG_ACT_EXIT, NULL, -1, -1, 8);
	struct sg_prog *p = PROG(&b, "interval:ms:1", BPF_PROG_TYPE_PERF_EVENT,
		/* 0 */ BPF_ST_MEM(BPF_W, BPF_REG_FP, -4, 0),
		/* 1 */ BPF_LD_MAP_FD(BPF_REG_1, n),
		/* 3 */ BPF_MOV64_REG(BPF_REG_2, BPF_REG_FP),
		/* 4 */ BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		/* 5 */ BPF_CALL_HELPER(BPF_FUNC_map_lookup_elem),
		/* 6 */ BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 13), /* → 20 */
		/* 7 */ BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
		/* 8 */ BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1),
		/* 9 */ BPF_JMP_IMM(BPF_JGT, BPF_REG_1, 3, 10), /* → 20: stop at 3 */
		/* 10 */ BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		/* 11 */ BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 3, 8), /* → 20 */
		/* 12 */ BPF_ST_MEM(BPF_DW, BPF_REG_FP, -16, 0),
		/* 13 */ RB_OUTPUT(rb, -16, 8),
		/* 20 */ RET0);
	add_attach(&b, p, "interval", "ms:1", 1000000);
	struct sg_runtime_opts o = {.quiet = true};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 0);
	CHECK(strstr(r.out, "@n: 3") != NULL);
	run_free(&r);
}

/* profile:ms:1 { exit(); }: one attach point, an event on every CPU. */
TEST(runtime_profile)
{
	struct sg_bundle b;
	bundle_init(&b);
	int rb = add_ringbuf(&b);
	add_event(&b, SG_ACT_EXIT, NULL, -1, -1, 8);
	struct sg_prog *p = PROG(&b, "profile:ms:1", BPF_PROG_TYPE_PERF_EVENT,
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 0), RB_OUTPUT(rb, -8, 8), RET0);
	add_attach(&b, p, "profile", "ms:1", 1000000);
	struct sg_runtime_opts o = {0};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.err, "Attached 1 probe\n");
	run_free(&r);
}

/* BEGIN { r0 = *r2 } — r2 was never set. */
TEST(runtime_verifier_error)
{
	struct sg_bundle b;
	bundle_init(&b);
	free((char *)b.src.text);
	free((char *)b.src.name);
	set_source(&b, "BEGIN {\n  @x = $y;\n}\n");
	struct sg_prog *p = PROG(&b, "BEGIN", BPF_PROG_TYPE_RAW_TRACEPOINT,
		BPF_MOV64_IMM(BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_2, 0),
		BPF_EXIT_INSN());
	p->lines[1] = (struct srcloc){.line = 2, .col = 8, .len = 2};
	add_attach(&b, p, "begin", "", 0);
	struct sg_runtime_opts o = {.quiet = true};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 1);
	CHECK(strncmp(r.err, "spyglass: internal compiler error: the kernel verifier "
			     "rejected probe BEGIN\n", 76) == 0);
	CHECK(strstr(r.err, "R2 !read_ok") != NULL);
	CHECK(strstr(r.err, "stdin:2:8: ") != NULL);
	CHECK(strstr(r.err, "  @x = $y;\n       ^~\n") != NULL);
	CHECK_STR(r.out, "");
	run_free(&r);
}

static void build_tracepoint(struct sg_bundle *b, const char *provider, const char *target)
{
	bundle_init(b);
	struct sg_prog *p = PROG(b, "probe", BPF_PROG_TYPE_TRACEPOINT, RET0);
	add_attach(b, p, provider, target, 0);
	p = PROG(b, "BEGIN", BPF_PROG_TYPE_RAW_TRACEPOINT, RET0);
	add_attach(b, p, "begin", "", 0);
}

TEST(runtime_unknown_tracepoint)
{
	struct sg_bundle b;
	build_tracepoint(&b, "tracepoint", "syscalls:sys_enter_nope");
	struct sg_runtime_opts o = {0};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.err, "spyglass: tracepoint syscalls:sys_enter_nope: no such event\n");
	run_free(&r);
}

TEST(runtime_unknown_provider)
{
	struct sg_bundle b;
	build_tracepoint(&b, "warp", "do_nanosleep");
	struct sg_runtime_opts o = {0};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.err, "spyglass: probe warp:do_nanosleep: this runtime cannot attach "
			 "'warp' probes\n");
	run_free(&r);
}

/* One program linked to every syscall-entry tracepoint, quickly. */
TEST(runtime_wildcard_attach)
{
	char **names;
	int n = tracefs_match("syscalls:sys_enter_*", &names);
	CHECK(n > 100);
	struct sg_bundle b;
	bundle_init(&b);
	int rb = add_ringbuf(&b);
	add_event(&b, SG_ACT_EXIT, NULL, -1, -1, 8);
	struct sg_prog *p = PROG(&b, "tracepoint:syscalls:sys_enter_*", BPF_PROG_TYPE_TRACEPOINT,
				 RET0);
	for (int i = 0; i < n; i++)
		add_attach(&b, p, "tracepoint", names[i], 0);
	tracefs_names_free(names, n);
	p = PROG(&b, "BEGIN", BPF_PROG_TYPE_RAW_TRACEPOINT,
		 BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 0), RB_OUTPUT(rb, -8, 8), RET0);
	add_attach(&b, p, "begin", "", 0);
	struct sg_runtime_opts o = {.verbose = getenv("SG_VERBOSE") != NULL};
	double t0 = now_ms();
	struct run r = run_bundle(&b, &o, NULL);
	double dt = now_ms() - t0;
	if (o.verbose)
		fputs(r.err, stderr);
	CHECK_INT(r.status, 0);
	char want[64];
	snprintf(want, sizeof(want), "Attached %d probes", n + 1);
	CHECK(strstr(r.err, want) != NULL);
	/* Serial detaching takes ~25 s here; a reaper of an earlier run still
	 * tearing down its events can slow attaching down to a second or two. */
	if (dt > 5000)
		test_fail(__FILE__, __LINE__, "attaching %d tracepoints took %.1f ms", n, dt);
	run_free(&r);
}

/* No exit(): the trace ends when the -c command exits. */
TEST(runtime_child_ends_trace)
{
	const char *cmds[] = {"/bin/true", "true  ", "sleep 0.01; exit 3"};
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		struct sg_bundle b;
		build_tracepoint(&b, "tracepoint", "syscalls:sys_enter_getpid");
		struct sg_child *c;
		CHECK_INT(sg_child_spawn(cmds[i], &c), 0);
		struct sg_runtime_opts o = {.child = c, .quiet = true};
		struct run r = run_bundle(&b, &o, NULL);
		CHECK_INT(r.status, 0);
		CHECK_STR(r.err, "");
		sg_child_free(c);
		run_free(&r);
	}
}

TEST(runtime_child_not_found)
{
	struct sg_child *c = (struct sg_child *)1;
	int errfd = memfd_create("stderr", MFD_CLOEXEC), saved = dup(2);
	dup2(errfd, 2);
	CHECK_INT(sg_child_spawn("no-such-command-xyz arg", &c), -ENOENT);
	dup2(saved, 2);
	close(saved);
	char *err = read_fd(errfd);
	close(errfd);
	CHECK(c == NULL);
	CHECK_STR(err, "spyglass: no-such-command-xyz: command not found\n");
	free(err);
	sg_child_free(NULL);
}

TEST(runtime_child_never_released)
{
	struct sg_child *c;
	CHECK_INT(sg_child_spawn("sleep 100", &c), 0);
	pid_t pid = sg_child_pid(c);
	CHECK(pid > 0);
	sg_child_free(c); /* killed and reaped */
	CHECK(kill(pid, 0) != 0);
}

TEST(runtime_pid_missing)
{
	struct sg_bundle b;
	build_tracepoint(&b, "tracepoint", "syscalls:sys_enter_getpid");
	struct sg_runtime_opts o = {.pid = 0x3ffffff0, .quiet = true};
	struct run r = run_bundle(&b, &o, NULL);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.err, "spyglass: process 1073741808: no such process\n");
	run_free(&r);
}

static void self_sigterm(void)
{
	kill(getpid(), SIGTERM);
}

/* Ctrl-C / SIGTERM ends the trace; END still runs; the mask is restored. */
TEST(runtime_signal_ends_trace)
{
	struct sg_bundle b;
	build_tracepoint(&b, "tracepoint", "syscalls:sys_enter_getpid");
	int rb = add_ringbuf(&b);
	add_event(&b, SG_ACT_PRINTF, "bye\n", -1, -1, 8);
	struct sg_prog *p = PROG(&b, "END", BPF_PROG_TYPE_RAW_TRACEPOINT,
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 0), RB_OUTPUT(rb, -8, 8), RET0);
	add_attach(&b, p, "end", "", 0);
	struct sg_runtime_opts o = {.notify_attached = true, .quiet = true};
	struct run r = run_bundle(&b, &o, self_sigterm);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, "__SPYGLASS_ATTACHED\nbye\n\n\n");
	sigset_t cur;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGTERM) && !sigismember(&cur, SIGINT));
	run_free(&r);
}

/* A closed output pipe ends the trace quietly instead of killing us. */
TEST(runtime_epipe)
{
	struct sg_bundle b;
	bundle_init(&b);
	int rb = add_ringbuf(&b);
	add_event(&b, SG_ACT_PRINTF, "x\n", -1, -1, 8);
	struct sg_prog *p = PROG(&b, "BEGIN", BPF_PROG_TYPE_RAW_TRACEPOINT,
		BPF_ST_MEM(BPF_DW, BPF_REG_FP, -8, 0), RB_OUTPUT(rb, -8, 8), RET0);
	add_attach(&b, p, "begin", "", 0);
	int pfd[2];
	CHECK_INT(pipe2(pfd, O_CLOEXEC), 0);
	close(pfd[0]);
	FILE *out = fdopen(pfd[1], "w");
	struct sg_runtime_opts o = {.out = out, .quiet = true};
	int before = count_fds();
	CHECK_INT(runtime_run(&b, &o), 0);
	CHECK_INT(count_fds(), before);
	sg_bundle_free(&b);
	/* nothing is ever printed: the broken pipe alone ends the trace */
	build_tracepoint(&b, "tracepoint", "syscalls:sys_enter_getpid");
	CHECK_INT(runtime_run(&b, &o), 0);
	CHECK_INT(count_fds(), before);
	fclose(out);
	sg_bundle_free(&b);
}

static char *list(const char *pattern, bool verbose)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(sg_list_probes_ex(pattern, verbose, f), 0);
	fclose(f);
	return buf;
}

TEST(runtime_list_probes)
{
	char *s = list("tracepoint:sched:sched_switch", false);
	CHECK_STR(s, "tracepoint:sched:sched_switch\n");
	free(s);
	s = list("t:syscalls:sys_enter_openat*", false);
	CHECK(strncmp(s, "tracepoint:syscalls:sys_enter_openat\n", 37) == 0);
	free(s);
	s = list("sched_switch", false);
	CHECK_STR(s, "tracepoint:sched:sched_switch\n");
	free(s);
	s = list("*:sched:sched_sw?tch", false);
	CHECK_STR(s, "tracepoint:sched:sched_switch\n");
	free(s);
	s = list("kprobe:*", false);
	CHECK_STR(s, "");
	free(s);
	s = list("tracepoint:sched:sched_switch", true);
	CHECK(strstr(s, "\n    char prev_comm[16]\n") != NULL);
	CHECK(strstr(s, "\n    pid_t next_pid\n") != NULL);
	CHECK(strstr(s, "common_") == NULL);
	free(s);
	s = list(NULL, false);
	CHECK(strstr(s, "tracepoint:syscalls:sys_enter_openat\n") != NULL);
	free(s);
}
