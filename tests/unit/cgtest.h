/* Helpers for back-end tests: compile IR, load the result into the running
 * kernel (so the real verifier checks it) and execute it with
 * BPF_PROG_TEST_RUN. On any failure the IR, our disassembly and the verifier
 * log are printed. */
#ifndef SG_CGTEST_H
#define SG_CGTEST_H

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf/disasm.h"
#include "codegen/codegen.h"
#include "ir/ir.h"
#include "test.h"

#define CGT_UNUSED __attribute__((unused))

static void cgt_dump_ir(FILE *out, void *arg)
{
	ir_dump(arg, out);
}

static CGT_UNUSED void cgt_report(const struct ir_func *f, const struct cg_output *o,
				  const char *log)
{
	fprintf(stderr, "--- IR ---\n");
	if (f)
		ir_dump(f, stderr);
	if (o && o->insns) {
		fprintf(stderr, "--- BPF (%zu insns, stack %u, %d spills) ---\n", o->ninsns,
			o->stack_used, o->nspills);
		bpf_disasm(o->insns, o->ninsns, NULL, 0, stderr);
	}
	if (log && *log)
		fprintf(stderr, "--- verifier ---\n%s\n", log);
}

/* Compiles f; reports and returns the error on failure. */
static CGT_UNUSED int cgt_compile(const struct ir_func *f, struct cg_output *o)
{
	char err[256];
	int rc = codegen_emit(f, o, err, sizeof(err));
	if (rc) {
		test_fail(__FILE__, __LINE__, "codegen_emit: %d: %s", rc, err);
		cgt_report(f, NULL, NULL);
	}
	return rc;
}

/* Loads o (map fds patched into BPF_PSEUDO_MAP_FD loads). Returns the fd or
 * -errno after reporting the verifier log. */
static CGT_UNUSED int cgt_load(const struct ir_func *f, const struct cg_output *o,
			       enum bpf_prog_type type, const int *fds, size_t nfds)
{
	size_t n = o->ninsns;
	struct bpf_insn *insns = malloc((n + 1) * sizeof(*insns));
	memcpy(insns, o->insns, n * sizeof(*insns));
	for (size_t i = 0; i + 1 < n; i++) {
		if (insns[i].code == (BPF_LD | BPF_DW | BPF_IMM) &&
		    insns[i].src_reg == BPF_PSEUDO_MAP_FD && (size_t)insns[i].imm < nfds)
			insns[i].imm = fds[insns[i].imm];
	}
	size_t logsz = 1 << 20;
	char *log = calloc(1, logsz);
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = (unsigned)logsz,
		    .log_level = 0);
	int fd = bpf_prog_load(type, "sg_test", "GPL", insns, n, &opts);
	if (fd < 0) {
		fd = -errno;
		/* Reload with a verbose log to show what the verifier saw. */
		opts.log_level = 1;
		bpf_prog_load(type, "sg_test", "GPL", insns, n, &opts);
		test_fail(__FILE__, __LINE__, "bpf_prog_load: %s", strerror(-fd));
		cgt_report(f, o, log);
	}
	free(log);
	free(insns);
	return fd;
}

/* Runs a raw tracepoint program with u64 context args; returns retval. */
static CGT_UNUSED int cgt_run(int fd, const uint64_t *args, size_t nargs, uint32_t *ret)
{
	uint64_t dummy = 0;
	LIBBPF_OPTS(bpf_test_run_opts, r, .ctx_in = nargs ? (const void *)args : &dummy,
		    .ctx_size_in = (uint32_t)((nargs ? nargs : 1) * sizeof(uint64_t)));
	int rc = bpf_prog_test_run_opts(fd, &r);
	if (rc) {
		rc = -errno;
		test_fail(__FILE__, __LINE__, "bpf_prog_test_run: %s", strerror(-rc));
		return rc;
	}
	*ret = r.retval;
	return 0;
}

/* Compile + load + run as a raw tracepoint; returns retval (0xdeadbeef on
 * failure, after failing the test). */
static CGT_UNUSED uint32_t cgt_exec_maps(const struct ir_func *f, const uint64_t *args,
					 size_t nargs, const int *fds, size_t nfds)
{
	struct cg_output o;
	uint32_t ret = 0xdeadbeef;
	if (cgt_compile(f, &o))
		return ret;
	int fd = cgt_load(f, &o, BPF_PROG_TYPE_RAW_TRACEPOINT, fds, nfds);
	if (fd >= 0) {
		if (cgt_run(fd, args, nargs, &ret))
			cgt_report(f, &o, NULL);
		close(fd);
	}
	cg_output_free(&o);
	return ret;
}

static CGT_UNUSED uint32_t cgt_exec(const struct ir_func *f, const uint64_t *args, size_t nargs)
{
	return cgt_exec_maps(f, args, nargs, NULL, 0);
}

/* Ends f with "exit v", returning the high half of v when ctx arg 0 is 1. */
static CGT_UNUSED void cgt_exit64(struct ir_func *f, int v)
{
	int sel = ir_vreg(f), hi = ir_vreg(f), l = ir_label(f);
	ir_load(f, sel, ir_reg(f->ctx), 0, 8);
	ir_jcc(f, BPF_JNE, ir_reg(sel), ir_imm(0), l);
	ir_exit(f, ir_reg(v));
	ir_place(f, l);
	ir_alu(f, BPF_RSH, hi, ir_reg(v), ir_imm(32));
	ir_exit(f, ir_reg(hi));
}

/* Runs a function ended by cgt_exit64; args[0] is overwritten (selector). */
static CGT_UNUSED uint64_t cgt_exec64(const struct ir_func *f, uint64_t *args, size_t nargs)
{
	struct cg_output o;
	uint32_t lo = 0xdeadbeef, hi = 0xdeadbeef;
	if (cgt_compile(f, &o))
		return 0xdeadbeefdeadbeefull;
	int fd = cgt_load(f, &o, BPF_PROG_TYPE_RAW_TRACEPOINT, NULL, 0);
	if (fd >= 0) {
		args[0] = 0;
		int rc = cgt_run(fd, args, nargs, &lo);
		args[0] = 1;
		rc = rc ? rc : cgt_run(fd, args, nargs, &hi);
		if (rc)
			cgt_report(f, &o, NULL);
		close(fd);
	}
	cg_output_free(&o);
	return (uint64_t)hi << 32 | lo;
}

static CGT_UNUSED char *cgt_ir_text(struct ir_func *f)
{
	return test_capture(cgt_dump_ir, f);
}

struct cgt_dis {
	const struct bpf_insn *insns;
	size_t n;
	const char *const *names;
	size_t nnames;
};

static void cgt_dis_fn(FILE *out, void *arg)
{
	struct cgt_dis *d = arg;
	bpf_disasm(d->insns, d->n, d->names, d->nnames, out);
}

/* Our disassembly of o as a malloc'd string. */
static CGT_UNUSED char *cgt_disasm(const struct cg_output *o)
{
	struct cgt_dis d = {o->insns, o->ninsns, NULL, 0};
	return test_capture(cgt_dis_fn, &d);
}

#endif
