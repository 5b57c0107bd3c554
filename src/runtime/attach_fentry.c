/* fentry / fexit. Before anything is loaded (the precheck), trampoline
 * support is feature-detected by loading and attaching an empty FENTRY
 * program to the first function: kernels without it (no
 * CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, or lockdown) fail there, and the
 * run stops with one line. Loading the script's own fentry programs
 * (attach_btf_id) is not implemented yet: that is reported the same way. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/rt.h"

/* 0 when an empty fentry program attaches to func, else -errno. */
static int fentry_probe(const char *func)
{
	struct btf *btf = btf__load_vmlinux_btf();
	if (!btf)
		return -ENOENT;
	int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	btf__free(btf);
	if (id < 0)
		return -ENOENT;
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
		support = fentry_probe(a->target);
	if (support == -ENOENT)
		fprintf(stderr, "spyglass: probe %s: no BTF for %s in /sys/kernel/btf/vmlinux: "
			"fentry/fexit need kernel BTF\n", a->name, a->target);
	else if (support < 0)
		fprintf(stderr, "spyglass: probe %s: this kernel cannot attach fentry/fexit "
			"programs (BPF trampolines unavailable: %s); use tracepoint: or "
			"rawtracepoint: probes instead\n", a->name, strerror(-support));
	else
		fprintf(stderr, "spyglass: probe %s: fentry/fexit programs are not supported by "
			"this version of spyglass yet; use tracepoint: or rawtracepoint: probes\n",
			a->name);
	return support == -ENOENT ? -ENOENT : -EOPNOTSUPP;
}

static int attach(struct rt *rt, size_t pi, int prog_fd, const struct sg_attach *a)
{
	return rt_fentry_precheck(rt, a); /* not reached: the precheck fails first */
}

const struct rt_attacher rt_attach_fentry = {"fentry", attach};
const struct rt_attacher rt_attach_fexit = {"fexit", attach};
