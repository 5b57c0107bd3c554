#include "driver/compile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf/disasm.h"
#include "codegen/codegen.h"
#include "codegen/lower.h"
#include "lang/macro.h"
#include "lang/parser.h"
#include "sema/enums.h"
#include "driver/config_read.h"
#include "lang/namedparam.h"
#include "lang/posparam.h"
#include "sema/probes.h"

static void copy_attach(struct sg_prog *prog, const struct sema_probe *p)
{
	prog->nattach = p->attach.len;
	prog->attach = xcalloc(p->attach.len, sizeof(*prog->attach));
	for (size_t i = 0; i < p->attach.len; i++) {
		prog->attach[i] = p->attach.data[i];
		prog->attach[i].provider = xstrdup(p->attach.data[i].provider);
		prog->attach[i].target = xstrdup(p->attach.data[i].target);
		prog->attach[i].name = xstrdup(p->attach.data[i].name);
	}
}

static void dump_bpf(const struct sg_bundle *b, const struct sg_prog *prog, FILE *out)
{
	const char **names = xcalloc(b->nmaps + 1, sizeof(*names));
	for (size_t i = 0; i < b->nmaps; i++)
		names[i] = b->maps[i].name;
	fprintf(out, "%s:\n", prog->name);
	char buf[160];
	for (size_t i = 0, f = 1; i < prog->ninsns;) {
		for (; f < prog->nfuncs && prog->func_starts[f] <= i; f++) /* subprogram heads */
			if (prog->func_starts[f] == i)
				fprintf(out, "subprog %zu:\n", f);
		int n = bpf_disasm_insn(&prog->insns[i], prog->ninsns - i, names, b->nmaps, buf,
					sizeof(buf));
		fprintf(out, "%4zu: %s\n", i, buf);
		i += (size_t)n;
	}
	free(names);
}

static int emit_probe(struct sema *s, struct sema_probe *p, struct sg_bundle *b,
		      struct diag *d, const struct sg_compile_opts *o)
{
	struct ir_func f;
	int err = lower_probe(s, p, b, d, &f);
	if (!err && (o->dump & SG_DUMP_IR)) {
		fprintf(o->dump_out, "%s:\n", f.name);
		ir_dump(&f, o->dump_out);
	}
	struct cg_output cg = {0};
	char msg[256] = "";
	if (!err && (err = codegen_emit(&f, &cg, msg, sizeof(msg))))
		diag_error(d, p->ast->loc, "%s", msg);
	ir_func_free(&f);
	if (err) {
		cg_output_free(&cg);
		return err;
	}
	struct sg_prog *prog = &b->progs[b->nprogs++];
	prog->name = xstrdup(p->name);
	prog->prog_type = p->prov->prog_type;
	prog->expected_attach_type = p->prov->expected_attach_type;
	prog->insns = cg.insns;
	prog->ninsns = cg.ninsns;
	prog->lines = cg.lines;
	prog->func_starts = cg.func_starts;
	prog->nfuncs = cg.nfuncs;
	prog->loc = p->ast->aps->loc;
	copy_attach(prog, p);
	if (o->dump & SG_DUMP_BPF)
		dump_bpf(b, prog, o->dump_out);
	return 0;
}

static int build_bundle(struct sema *s, struct diag *d, const struct sg_compile_opts *o,
			struct sg_bundle *b)
{
	b->ringbuf_map = b->lost_map = b->full_map = -1;
	int err = lower_maps(s, b);
	b->progs = xcalloc(s->probes.len, sizeof(*b->progs));
	for (size_t i = 0; i < s->probes.len && !err; i++)
		err = emit_probe(s, s->probes.data[i], b, d, o);
	b->nprobe_names = s->probe_names.len;
	b->probe_names = xcalloc(s->probe_names.len + 1, sizeof(char *));
	for (size_t i = 0; i < s->probe_names.len; i++)
		b->probe_names[i] = xstrdup(s->probe_names.data[i]);
	sema_enums_export(s, b);
	return err;
}

/* perf_rb_pages / BPFTRACE_PERF_RB_PAGES: the event ringbuf gets that many
 * pages, rounded up to a power of two as the kernel requires (capped at
 * 1 GiB so the size fits max_entries); 0 keeps the default. */
static void size_ringbuf(struct sg_bundle *b, uint32_t pages)
{
	if (!pages || b->ringbuf_map < 0 || (size_t)b->ringbuf_map >= b->nmaps)
		return;
	long psz = sysconf(_SC_PAGESIZE);
	uint64_t want = (uint64_t)pages * (uint64_t)(psz > 0 ? psz : 4096), size = 1;
	while (size < want && size < (UINT64_C(1) << 30))
		size <<= 1;
	b->maps[b->ringbuf_map].max_entries = (uint32_t)MAX(size, (uint64_t)(psz > 0 ? psz : 4096));
}

/* --include FILE: as if the script began with #include <FILE>. */
static int add_includes(struct program *prog, const struct sema_opts *so)
{
	for (int i = 0; i < so->ninclude_files; i++) {
		prog->includes = xgrow(prog->includes, (size_t)prog->nincludes, sizeof(char *));
		prog->includes[prog->nincludes++] = xasprintf("#include <%s>", so->include_files[i]);
	}
	return 0;
}

/* Source to a program whose macros, parameters and getopt() calls are
 * expanded (NAMEDPARAM_HELP: --help listed the options). */
static int front_end(struct diag *d, const struct sg_compile_opts *o, struct program **prog)
{
	int err = parse_program(d, prog);
	err = err ? err : macro_expand(d, *prog);
	if (!err)
		posparam_expand(*prog, o->sema.params, o->sema.nparams);
	err = err ? err : add_includes(*prog, &o->sema);
	err = err ? err : namedparam_expand(d, *prog, o->sema.named, o->sema.nnamed, stdout);
	if (!err && (o->dump & SG_DUMP_AST))
		ast_dump(*prog, o->dump_out);
	return err;
}

/* The merged configuration into the compiler's options and the bundle. */
static void apply_config(const struct sg_config *cfg, struct sema_opts *so, struct sg_bundle *out)
{
	if (cfg->max_strlen)
		so->max_strlen = cfg->max_strlen;
	if (cfg->max_map_keys)
		so->max_map_keys = cfg->max_map_keys;
	if (cfg->max_probes)
		so->max_probes = cfg->max_probes;
	so->stack_mode = cfg->stack_mode;
	so->unstable_map_decl = cfg->unstable_map_decl;
	out->no_exit_maps = cfg->no_print_maps;
	out->max_strlen = so->max_strlen;
	out->max_cat_bytes = cfg->max_cat_bytes ? cfg->max_cat_bytes : SG_MAX_CAT_BYTES_DEFAULT;
	if (cfg->trailer_set)
		out->trunc_trailer = xstrdup(cfg->trailer);
}

/* config().KEY reads, with the defaults the compiler will apply. */
static int read_config(struct diag *d, struct program *prog, const struct sg_config *cfg,
		       const struct sema_opts *so)
{
	struct cfg_view cv = {cfg, so->max_strlen ? so->max_strlen : SG_MAX_STRLEN_DEFAULT,
			      so->max_map_keys ? so->max_map_keys : SG_MAX_MAP_KEYS_DEFAULT,
			      so->max_probes ? so->max_probes : SG_MAX_PROBES_DEFAULT};
	return config_read_expand(d, prog, &cv);
}

int sg_compile(const struct source *src, const struct sg_compile_opts *o, struct sg_bundle *out)
{
	struct diag d;
	struct program *prog = NULL;
	memset(out, 0, sizeof(*out));
	out->src.name = xstrdup(src->name ? src->name : "stdin");
	out->src.text = xstrndup(src->text, src->len);
	out->src.len = src->len;
	diag_init(&d, &out->src, o->err_out);
	struct sema_opts so = o->sema;
	struct sg_config cfg = o->config;
	int err = front_end(&d, o, &prog);
	err = err ? err : config_apply_block(&d, prog->config, &cfg);
	if (!err)
		apply_config(&cfg, &so, out);
	err = err ? err : read_config(&d, prog, &cfg, &so);
	if (!err) {
		struct sema s;
		err = sema_run(&s, &d, prog, &so);
		err = err ? err : build_bundle(&s, &d, o, out);
		if (!err)
			size_ringbuf(out, cfg.perf_rb_pages);
		sema_free(&s);
	}
	program_free(prog);
	return err;
}
