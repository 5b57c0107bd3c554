/* Creating the bundle's maps and loading its programs (map-fd relocation,
 * and explaining verifier rejections in terms of the script). */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/rt.h"

/* The kernel accepts object names of at most 15 characters from
 * [A-Za-z0-9_.]; script names ("@x", "tracepoint:a:b") need rewriting. */
static void kernel_name(const char *name, char out[16])
{
	size_t n = 0;
	for (const char *p = name; *p && n < 15; p++)
		out[n++] = isalnum((unsigned char)*p) ? *p : '_';
	out[n] = 0;
}

static enum bpf_map_type kernel_map_type(enum sg_map_type t)
{
	switch (t) {
	case SG_MAP_HASH: return BPF_MAP_TYPE_HASH;
	case SG_MAP_PERCPU_HASH: return BPF_MAP_TYPE_PERCPU_HASH;
	case SG_MAP_ARRAY: return BPF_MAP_TYPE_ARRAY;
	case SG_MAP_PERCPU_ARRAY: return BPF_MAP_TYPE_PERCPU_ARRAY;
	case SG_MAP_RINGBUF: return BPF_MAP_TYPE_RINGBUF;
	case SG_MAP_STACK_TRACE: return BPF_MAP_TYPE_STACK_TRACE;
	case SG_MAP_LRU_HASH: return BPF_MAP_TYPE_LRU_HASH;
	case SG_MAP_LRU_PERCPU_HASH: return BPF_MAP_TYPE_LRU_PERCPU_HASH;
	}
	return BPF_MAP_TYPE_UNSPEC;
}

/* Preallocated hash maps are faster per event (about 8 ns per lookup on
 * a keyed count() here) but take max_entries × (key + value × CPUs) at
 * start-up; past PREALLOC_MAX bytes (max_map_keys raised, big values) the
 * elements are allocated on demand, which the kernel's allocator does
 * safely in tracing context. */
#define PREALLOC_MAX (8u << 20)

static bool prealloc(const struct sg_map *m)
{
	int ncpus = libbpf_num_possible_cpus();
	bool percpu = m->type == SG_MAP_PERCPU_HASH;
	uint64_t value = ALIGN_UP(m->value_size, 8) * (uint64_t)(percpu && ncpus > 0 ? ncpus : 1);
	uint64_t elem = 48 + ALIGN_UP(m->key_size, 8) + value; /* + struct htab_elem */
	return elem * m->max_entries <= PREALLOC_MAX;
}

static int map_create(const struct sg_map *m)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	char name[16];
	uint32_t ks = m->key_size, vs = m->value_size;
	enum bpf_map_type type = kernel_map_type(m->type);
	kernel_name(m->name, name);
	if (type == BPF_MAP_TYPE_RINGBUF)
		ks = vs = 0;
	if ((type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_PERCPU_HASH) && !prealloc(m))
		opts.map_flags = BPF_F_NO_PREALLOC;
	int fd = bpf_map_create(type, name, ks, vs, m->max_entries, &opts);
	if (fd < 0)
		fprintf(stderr, "spyglass: cannot create map %s: %s\n", m->name, strerror(-fd));
	return fd;
}

int rt_maps_create(struct rt *rt)
{
	for (size_t i = 0; i < rt->b->nmaps; i++) {
		int fd = map_create(&rt->b->maps[i]);
		if (fd < 0)
			return fd;
		rt->map_fds[i] = fd;
	}
	rt_stacks_init(rt);
	return 0;
}

/* A copy of the program with every map reference (BPF_LD_IMM64 whose imm
 * is a map index) turned into the map's fd. */
static struct bpf_insn *relocate(struct rt *rt, const struct sg_prog *p)
{
	struct bpf_insn *insns = xmalloc(p->ninsns * sizeof(*insns));
	memcpy(insns, p->insns, p->ninsns * sizeof(*insns));
	for (size_t i = 0; i + 1 < p->ninsns; i++) {
		struct bpf_insn *in = &insns[i];
		if (in->code != (BPF_LD | BPF_DW | BPF_IMM))
			continue;
		if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE) {
			if (in->imm < 0 || (size_t)in->imm >= rt->b->nmaps) {
				fprintf(stderr, "spyglass: internal compiler error: probe %s: "
					"instruction %zu refers to map %d of %zu\n",
					p->name, i, in->imm, rt->b->nmaps);
				free(insns);
				return NULL;
			}
			in->imm = rt->map_fds[in->imm];
		}
		i++; /* the second half of the 16-byte instruction */
	}
	return insns;
}

/* Index of the instruction the verifier stopped at: the last log line of
 * the form "N: (xx) ...". -1 if there is none. */
static long failing_insn(const char *log)
{
	long found = -1;
	for (const char *l = log; l && *l;) {
		char *end;
		long n = isdigit((unsigned char)*l) ? strtol(l, &end, 10) : -1;
		if (n >= 0 && end[0] == ':' && end[1] == ' ' && end[2] == '(' &&
		    isxdigit((unsigned char)end[3]) && isxdigit((unsigned char)end[4]) && end[5] == ')')
			found = n;
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	return found;
}

static void print_log_tail(const char *log, int nlines)
{
	const char *end = log + strlen(log);
	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	const char *start = end;
	for (int n = 0; start > log; start--)
		if (start[-1] == '\n' && ++n == nlines)
			break;
	fprintf(stderr, "%.*s\n", (int)(end - start), start);
}

static void report_verifier(struct rt *rt, const struct sg_prog *p, const char *log)
{
	fprintf(stderr, "spyglass: internal compiler error: the kernel verifier rejected probe %s\n",
		p->name);
	print_log_tail(log, 15);
	long n = failing_insn(log);
	if (n < 0 || (size_t)n >= p->ninsns || !p->lines || p->lines[n].line <= 0)
		return;
	struct srcloc loc = p->lines[n];
	const char *file = rt->b->src.name ? rt->b->src.name : "stdin";
	fprintf(stderr, "%s:%d:%d: note: instruction %ld was generated from here\n", file,
		loc.line, loc.col, n);
	diag_show_line(&rt->b->src, loc, stderr);
}

#define VERIFIER_LOG_SIZE (1u << 20)

/* Loads again with a verifier log, only after a failure: asking for the
 * log makes every successful load slower. */
static int load_with_log(struct rt *rt, const struct sg_prog *p, const struct bpf_insn *insns,
			 const char *name, uint32_t btf_id, int err, const struct rt_prog_btf *fi)
{
	char *log = xcalloc(1, VERIFIER_LOG_SIZE);
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = p->expected_attach_type,
		    .attach_btf_id = btf_id, .log_level = 1, .log_size = VERIFIER_LOG_SIZE,
		    .log_buf = log);
	if (fi->cnt) {
		opts.prog_btf_fd = fi->fd;
		opts.func_info = fi->info;
		opts.func_info_cnt = fi->cnt;
		opts.func_info_rec_size = sizeof(*fi->info);
	}
	int fd = bpf_prog_load(p->prog_type, name, "GPL", insns, p->ninsns, &opts);
	if (fd < 0 && log[0])
		report_verifier(rt, p, log);
	else if (fd < 0)
		fprintf(stderr, "spyglass: cannot load probe %s: %s\n", p->name, strerror(-err));
	free(log);
	return fd;
}

static int prog_load(struct rt *rt, const struct sg_prog *p, uint32_t btf_id)
{
	char name[16];
	struct bpf_insn *insns = relocate(rt, p);
	if (!insns)
		return -EINVAL;
	kernel_name(p->name, name);
	struct rt_prog_btf fi;
	int fd = rt_prog_btf(p, &fi);
	if (fd < 0) {
		free(insns);
		return fd;
	}
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = p->expected_attach_type,
		    .attach_btf_id = btf_id);
	if (fi.cnt) { /* callback subprograms */
		opts.prog_btf_fd = fi.fd;
		opts.func_info = fi.info;
		opts.func_info_cnt = fi.cnt;
		opts.func_info_rec_size = sizeof(*fi.info);
	}
	fd = bpf_prog_load(p->prog_type, name, "GPL", insns, p->ninsns, &opts);
	if (fd < 0)
		fd = load_with_log(rt, p, insns, name, btf_id, fd, &fi);
	rt_prog_btf_free(&fi);
	free(insns);
	return fd;
}

int rt_prog_load_bound(struct rt *rt, size_t pi, uint32_t attach_btf_id)
{
	return prog_load(rt, &rt->b->progs[pi], attach_btf_id);
}

int rt_progs_load(struct rt *rt)
{
	for (size_t i = 0; i < rt->b->nprogs; i++) {
		if (rt_prog_loads_per_attach(&rt->b->progs[i]))
			continue;
		int fd = prog_load(rt, &rt->b->progs[i], 0);
		if (fd < 0)
			return fd;
		rt->prog_fds[i] = fd;
	}
	return 0;
}
