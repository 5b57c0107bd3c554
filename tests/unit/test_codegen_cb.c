/* Callback subprograms: IR functions with subs, argument spilling at entry,
 * linking (ldfunc → BPF_PSEUDO_FUNC offsets), BTF func info, and the
 * compiler's use of them (for over a map, len(@m), while via bpf_loop),
 * checked on the encoding and, where possible, run by the kernel. */
#include <bpf/bpf.h>
#include <stdlib.h>
#include <unistd.h>

#include "cgtest.h"
#include "driver/compile.h"
#include "runtime/rt.h"

/* main: *(fp-8) = 0; bpf_loop(n, cb, fp-8, 0); return *(fp-8)
 * cb(i, ctx): *ctx += i + 1; return 0  */
static void build_loop(struct ir_func *f, int n)
{
	ir_func_init(f, "t");
	int32_t slot = ir_alloca(f, 8, 8);
	ir_store(f, ir_fp(), slot, ir_imm(0), 8);
	int idx, fn = ir_vreg(f), r = ir_vreg(f), v = ir_vreg(f);
	struct ir_func *cb = ir_func_add_sub(f, 2, &idx);
	int i = ir_vreg(cb), ctx = ir_vreg(cb), t = ir_vreg(cb);
	ir_load(cb, i, ir_fp(), -8, 8);
	ir_load(cb, ctx, ir_fp(), -16, 8);
	ir_load(cb, t, ir_reg(ctx), 0, 8);
	ir_alu(cb, BPF_ADD, t, ir_reg(t), ir_reg(i));
	ir_alu(cb, BPF_ADD, t, ir_reg(t), ir_imm(1));
	ir_store(cb, ir_reg(ctx), 0, ir_reg(t), 8);
	ir_exit(cb, ir_imm(0));
	ir_ldfunc(f, fn, idx);
	struct ir_opnd args[4] = {ir_imm(n), ir_reg(fn), ir_fp_off(slot), ir_imm(0)};
	ir_call(f, r, BPF_FUNC_loop, 4, args);
	ir_load(f, v, ir_fp(), slot, 8);
	ir_exit(f, ir_reg(v));
}

TEST(subprogram_is_linked_after_main)
{
	struct ir_func f;
	struct cg_output o;
	build_loop(&f, 4);
	CHECK_INT(f.nsubs, 1);
	CHECK_INT(f.subs[0]->nparams, 2);
	CHECK_INT(f.subs[0]->stack, 16);
	CHECK_INT(cgt_compile(&f, &o), 0);
	CHECK_INT(o.nfuncs, 2);
	CHECK_INT(o.func_starts[0], 0);
	uint32_t start = o.func_starts[1];
	CHECK(start > 0 && start < o.ninsns);
	/* The subprogram first spills its arguments r1, r2 to fp-8, fp-16. */
	CHECK(o.insns[start].code == (BPF_STX | BPF_MEM | BPF_DW));
	CHECK_INT(o.insns[start].src_reg, 1);
	CHECK_INT(o.insns[start].off, -8);
	CHECK_INT(o.insns[start + 1].src_reg, 2);
	CHECK_INT(o.insns[start + 1].off, -16);
	int found = 0;
	for (size_t k = 0; k + 1 < start; k++)
		if (o.insns[k].code == (BPF_LD | BPF_DW | BPF_IMM) &&
		    o.insns[k].src_reg == BPF_PSEUDO_FUNC) {
			CHECK_INT((int64_t)k + 1 + o.insns[k].imm, start);
			found++;
		}
	CHECK_INT(found, 1);
	char buf[160];
	for (size_t k = 0; k < start; k++)
		if (o.insns[k].src_reg == BPF_PSEUDO_FUNC && o.insns[k].code == (BPF_LD | BPF_DW | BPF_IMM))
			bpf_disasm_insn(&o.insns[k], 2, NULL, 0, buf, sizeof(buf));
	CHECK(strstr(buf, "subprog[pc+") != NULL);
	cg_output_free(&o);
	ir_func_free(&f);
}

TEST(ir_dump_shows_subprograms)
{
	struct ir_func f;
	build_loop(&f, 4);
	char *text = NULL;
	size_t len;
	FILE *m = open_memstream(&text, &len);
	ir_dump(&f, m);
	fclose(m);
	CHECK(strstr(text, "ldfunc #0") != NULL);
	CHECK(strstr(text, "func t.cb0 (ctx %0, stack 16, params 2)") != NULL);
	free(text);
	ir_func_free(&f);
}

TEST(bad_subprogram_index_is_rejected)
{
	struct ir_func f;
	struct cg_output o;
	char err[256];
	ir_func_init(&f, "t");
	int fn = ir_vreg(&f);
	ir_ldfunc(&f, fn, 3);
	ir_exit(&f, ir_reg(fn)); /* used, so not dropped as dead */
	CHECK_INT(codegen_emit(&f, &o, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "subprogram") != NULL);
	cg_output_free(&o);
	ir_func_free(&f);
}

/* Loads with the runtime's BTF func info (the kernel requires it for
 * BPF_PSEUDO_FUNC) and runs: 1 + 2 + ... + n. */
TEST(bpf_loop_callback_runs_in_the_kernel)
{
	struct ir_func f;
	struct cg_output o;
	build_loop(&f, 10);
	if (cgt_compile(&f, &o)) {
		ir_func_free(&f);
		return;
	}
	struct sg_prog p = {.name = "t", .insns = o.insns, .ninsns = o.ninsns,
			    .func_starts = o.func_starts, .nfuncs = o.nfuncs};
	struct rt_prog_btf fi;
	CHECK_INT(rt_prog_btf(&p, &fi), 0);
	CHECK_INT(fi.cnt, 2);
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_btf_fd = fi.fd, .func_info = fi.info,
		    .func_info_cnt = fi.cnt, .func_info_rec_size = sizeof(*fi.info));
	int fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "sg_test", "GPL", o.insns, o.ninsns,
			       &opts);
	CHECK(fd >= 0);
	uint32_t ret = 0;
	uint64_t arg = 0;
	if (fd >= 0) {
		CHECK_INT(cgt_run(fd, &arg, 1, &ret), 0);
		CHECK_INT(ret, 55);
		close(fd);
	} else {
		cgt_report(&f, &o, NULL);
	}
	rt_prog_btf_free(&fi);
	cg_output_free(&o);
	ir_func_free(&f);
}

static int compile(const char *text, struct sg_bundle *b, char **dump, int what)
{
	struct source src = {.name = "t.bt", .text = text, .len = strlen(text)};
	size_t len;
	FILE *m = open_memstream(dump, &len);
	struct sg_compile_opts o = {.err_out = m, .dump_out = m, .dump = what};
	int rc = sg_compile(&src, &o, b);
	fclose(m);
	return rc;
}

static int helper_calls(const struct sg_prog *p, int helper)
{
	int n = 0;
	for (size_t i = 0; i < p->ninsns; i++)
		n += p->insns[i].code == (BPF_JMP | BPF_CALL) && p->insns[i].src_reg == 0 &&
		     p->insns[i].imm == helper;
	return n;
}

TEST(for_map_len_and_while_use_callbacks)
{
	struct sg_bundle b;
	char *dump = NULL;
	CHECK_INT(compile("BEGIN { @m[1] = 2; $t = 0; for ($kv : @m) { $t += $kv.1; } "
			  "@n = len(@m); while ($t < 100) { $t++; } }", &b, &dump, SG_DUMP_BPF), 0);
	CHECK_INT(b.progs[0].nfuncs, 4);
	CHECK_INT(helper_calls(&b.progs[0], BPF_FUNC_for_each_map_elem), 2);
	CHECK_INT(helper_calls(&b.progs[0], BPF_FUNC_loop), 1);
	CHECK(dump && strstr(dump, "subprog 3:") && strstr(dump, "subprog[pc+"));
	CHECK(sg_bundle_map(&b, ".loopvars") != NULL);
	sg_bundle_free(&b);
	free(dump);
}

TEST(map_loop_errors)
{
	static const char *const bad[][2] = {
		{"BEGIN { $x = 1; for ($kv : $x) { } }", "iterate over a map"},
		{"BEGIN { @a[1] = stats(1); for ($kv : @a) { } }", "stats() aggregations"},
		{"BEGIN { @a[1] = avg(1); for ($kv : @a) { } }", "avg() aggregations"},
		{"BEGIN { @a = 1; for ($kv : @a) { } }", "it has no keys"},
		{"BEGIN { for ($kv : @a) { } }", "never assigned"},
		{"BEGIN { printf(\"%d\", len(1)); }", "len() expects a map"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct sg_bundle b;
		char *dump = NULL;
		CHECK(compile(bad[i][0], &b, &dump, 0) != 0);
		CHECK(dump && strstr(dump, bad[i][1]));
		if (!dump || !strstr(dump, bad[i][1]))
			fprintf(stderr, "  for %s\n  got: %s\n", bad[i][0], dump ? dump : "");
		sg_bundle_free(&b);
		free(dump);
	}
}
