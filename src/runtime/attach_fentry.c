/* fentry / fexit: BPF trampolines on kernel functions. The kernel binds a
 * tracing program to its function when loading it (attach_btf_id), so the
 * program is loaded once per traced function here, not by the loader, and
 * linked with its attach cookie.
 *
 * Before anything is loaded (the precheck), trampoline support is
 * feature-detected by loading and attaching an empty FENTRY program to the
 * first function: kernels without it (no
 * CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, or lockdown) fail there, and the
 * run stops with one line naming what is missing. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/rt.h"

/* vmlinux BTF, loaded once per run. NULL if the kernel has none. */
static const struct btf *vmlinux(struct rt *rt)
{
	if (!rt->vmlinux_btf)
		rt->vmlinux_btf = btf__load_vmlinux_btf();
	return rt->vmlinux_btf;
}

static int func_btf_id(struct rt *rt, const char *func)
{
	const struct btf *btf = vmlinux(rt);
	if (!btf)
		return -ENOENT;
	int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	return id < 0 ? -ENOENT : id;
}

/* 0 when an empty fentry program attaches to func, else -errno. */
static int fentry_probe(struct rt *rt, const char *func)
{
	int id = func_btf_id(rt, func);
	if (id < 0)
		return id;
	const struct bpf_insn insns[] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
		    .attach_btf_id = (uint32_t)id);
	int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "sg_fentry_test", "GPL", insns, 2, &opts);
	if (fd < 0)
		return fd;
	int lfd = bpf_link_create(fd, 0, BPF_TRACE_FENTRY, NULL);
	close(fd);
	if (lfd < 0)
		return lfd;
	close(lfd);
	return 0;
}

int rt_fentry_precheck(struct rt *rt, const struct sg_attach *a)
{
	static int support = 1; /* 1: not probed yet */
	if (support == 1)
		support = fentry_probe(rt, a->target);
	if (support == -ENOENT)
		fprintf(stderr, "spyglass: probe %s: no BTF for %s in /sys/kernel/btf/vmlinux: "
			"fentry/fexit need kernel BTF\n", a->name, a->target);
	else if (support < 0)
		fprintf(stderr, "spyglass: probe %s: this kernel cannot attach fentry/fexit "
			"programs (BPF trampolines unavailable: %s); use tracepoint: or "
			"rawtracepoint: probes instead\n", a->name, strerror(-support));
	return support;
}

static int attach(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	int id = func_btf_id(rt, a->target);
	if (id < 0) {
		fprintf(stderr, "spyglass: probe %s: no BTF for %s\n", a->name, a->target);
		return id;
	}
	int fd = rt_prog_load_bound(rt, pi, (uint32_t)id);
	if (fd < 0)
		return fd;
	LIBBPF_OPTS(bpf_link_create_opts, opts, .tracing.cookie = a->cookie);
	int lfd = bpf_link_create(fd, 0, rt->b->progs[pi].expected_attach_type, &opts);
	close(fd); /* the link holds the program */
	if (lfd < 0) {
		fprintf(stderr, "spyglass: probe %s: cannot attach: %s\n", a->name, strerror(-lfd));
		return lfd;
	}
	vec_push(&rt->links, lfd);
	rt->nprobes++;
	return 0;
}

const struct rt_attacher rt_attach_fentry = {
	.provider = "fentry", .attach = attach, .load_per_attach = true};
const struct rt_attacher rt_attach_fexit = {
	.provider = "fexit", .attach = attach, .load_per_attach = true};
