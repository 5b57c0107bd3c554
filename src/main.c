/* spyglass command line: bpftrace-compatible options. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "driver/compile.h"
#include "runtime/list.h"
#include "runtime/runtime.h"

#define SPYGLASS_VERSION "0.1.0"

struct cli {
	const char *program;   /* -e */
	const char *script;    /* file */
	const char *list;      /* -l [pattern] */
	bool listing;
	const char *cmd;       /* -c */
	const char *out_path;  /* -o */
	pid_t pid;             /* -p */
	bool quiet, dry_run;
	bool unsafe;           /* --unsafe */
	unsigned dump;
	enum sg_format format;
	char **params;
	int nparams;
	char **named; /* --name=value words for getopt() */
	int nnamed;
	char **include_files; /* --include FILE */
	int ninclude_files;
	int verbose;
	int bufmode;           /* -B: _IOLBF (default), _IONBF, _IOFBF */
	int helper_errors;     /* -k / -kk: report failing helpers at run time */
	bool no_warnings;
};

static void usage(FILE *f)
{
	fputs("USAGE:\n"
	      "    spyglass [options] filename [args...]\n"
	      "    spyglass [options] -e 'program' [-- args...]\n"
	      "    args: $1, $2, ... and --name=value for getopt(); -- --help lists those\n"
	      "\n"
	      "OPTIONS:\n"
	      "    -e 'program'   execute this program\n"
	      "    -l [pattern]   list probes (tracepoints), with wildcards\n"
	      "    -p PID         trace only events of this process; stop when it exits\n"
	      "    -c 'CMD'       run CMD, trace while it runs, exit when it exits\n"
	      "    -o FILE        write output to FILE instead of stdout\n"
	      "    -f FORMAT      output format: text (default) or json\n"
	      "    -q             quiet: no \"Attached N probes\" message\n"
	      "    -d             dry run: print the AST, IR and eBPF of every probe\n"
	      "    --dump=STAGE   dry run printing one stage: ast, ir or bpf\n"
	      "    --dry-run      compile only, print nothing\n"
	      "    --unsafe       allow actions with side effects: system(), signal()\n"
	      "    -B MODE        output buffering: none, line (default) or full\n"
	      "    -k, -kk        report failing probe reads (-kk: map updates too)\n"
	      "    -I DIR         accepted and ignored (no C preprocessor)\n"
	      "    --include FILE as if the script began with #include <FILE>\n"
	      "    --no-warnings  do not print warnings\n"
	      "    -v             verbose\n"
	      "    -h, --help     show this help\n"
	      "    -V, --version  show the version\n"
	      "\n"
	      "ENVIRONMENT:\n"
	      "    SPYGLASS_NOTIFY_PROBES_ATTACHED=1  print __SPYGLASS_ATTACHED once attached\n"
	      "    BPFTRACE_MAX_STRLEN, SPYGLASS_MAX_STRLEN      bytes of strings (default 64)\n"
	      "    BPFTRACE_MAX_MAP_KEYS, SPYGLASS_MAX_MAP_KEYS  map capacity (default 4096)\n"
	      "\n"
	      "EXAMPLES:\n"
	      "    spyglass -e 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }'\n"
	      "    spyglass -l 'tracepoint:syscalls:*open*'\n",
	      f);
}

static int parse_dump(const char *s, unsigned *out)
{
	static const struct { const char *name; unsigned bit; } stages[] = {
		{"ast", SG_DUMP_AST}, {"ir", SG_DUMP_IR}, {"bpf", SG_DUMP_BPF}};
	for (size_t i = 0; i < ARRAY_SIZE(stages); i++)
		if (strcmp(s, stages[i].name) == 0) {
			*out |= stages[i].bit;
			return 0;
		}
	return -EINVAL;
}

static int parse_pid(const char *s, pid_t *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v <= 0 || v > 4194304)
		return -EINVAL;
	*out = (pid_t)v;
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "spyglass: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'spyglass --help' for more information.\n");
	return 2;
}

static int parse_bufmode(const char *s, int *out)
{
	if (strcmp(s, "none") == 0)
		*out = _IONBF;
	else if (strcmp(s, "line") == 0)
		*out = _IOLBF;
	else if (strcmp(s, "full") == 0)
		*out = _IOFBF;
	else
		return -EINVAL;
	return 0;
}

/* Options accepted for bpftrace compatibility; -1 when opt is not one. */
static int parse_compat_opt(struct cli *c, int opt)
{
	switch (opt) {
	case 'B':
		if (parse_bufmode(optarg, &c->bufmode))
			return usage_error("invalid buffer mode '%s' (none, line or full)", optarg);
		return 0;
	case 'k': c->helper_errors++; return 0;
	case 'N': c->dry_run = true; return 0; /* bpftrace --dry-run: compile, run nothing */
	case 'W': c->no_warnings = true; return 0;
	case 'I':
		fprintf(stderr, "spyglass: note: include directory '%s' ignored "
			"(spyglass has no C preprocessor)\n", optarg);
		return 0;
	case 'F': /* --include FILE: as if the script began with #include <FILE> */
		c->include_files = xrealloc(c->include_files,
					    ((size_t)c->ninclude_files + 1) * sizeof(char *));
		c->include_files[c->ninclude_files++] = optarg;
		return 0;
	}
	return -1;
}

static int parse_opt(struct cli *c, int opt, int *done)
{
	int rc = parse_compat_opt(c, opt);
	if (rc >= 0)
		return rc;
	switch (opt) {
	case 'e': c->program = optarg; break;
	case 'l': c->listing = true; break;
	case 'p': if (parse_pid(optarg, &c->pid)) return usage_error("invalid PID '%s'", optarg); break;
	case 'c': c->cmd = optarg; break;
	case 'o': c->out_path = optarg; break;
	case 'q': c->quiet = true; break;
	case 'd': c->dry_run = true; c->dump = SG_DUMP_AST | SG_DUMP_IR | SG_DUMP_BPF; break;
	case 'D':
		if (parse_dump(optarg, &c->dump))
			return usage_error("invalid --dump stage '%s' (ast, ir or bpf)", optarg);
		c->dry_run = true;
		break;
	case 'f':
		if (strcmp(optarg, "json") == 0) c->format = SG_FMT_JSON;
		else if (strcmp(optarg, "text") == 0) c->format = SG_FMT_TEXT;
		else return usage_error("invalid output format '%s' (text or json)", optarg);
		break;
	case 'v': c->verbose++; break;
	case 'U': c->unsafe = true; break;
	case 'h': usage(stdout); *done = 1; return 0;
	case 'V': printf("spyglass v%s\n", SPYGLASS_VERSION); *done = 1; return 0;
	case ':': return usage_error("option '%s' needs an argument", optarg ? optarg : "?");
	default: return usage_error("unrecognized option '%s'", optarg ? optarg : "?");
	}
	return 0;
}

/* The words after the script: `--name[=value]` are named options (for
 * getopt()), a lone `--` separates, the rest are $1, $2, ... */
static bool is_named(const char *w)
{
	return strncmp(w, "--", 2) == 0 && isalpha((unsigned char)w[2]);
}

static void split_params(struct cli *c, char **words, int n)
{
	c->params = xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		if (strcmp(words[i], "--") == 0)
			continue;
		if (is_named(words[i]))
			c->named[c->nnamed++] = words[i];
		else
			c->params[c->nparams++] = words[i];
	}
}

static int parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},   {"version", no_argument, NULL, 'V'},
		{"dump", required_argument, NULL, 'D'}, {"unsafe", no_argument, NULL, 'U'},
		{"include", required_argument, NULL, 'F'}, {"no-warnings", no_argument, NULL, 'W'},
		{"dry-run", no_argument, NULL, 'N'},
		{NULL, 0, NULL, 0},
	};
	int opt, done = 0;
	opterr = 0; /* our own messages, without argv[0]'s path */
	c->named = xcalloc((size_t)argc + 1, sizeof(char *));
	while ((opt = getopt_long(argc, argv, "+:e:lp:c:o:qdf:vhVB:kI:", longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			optarg = argv[optind - 1];
		if (opt == '?' && is_named(optarg)) {
			c->named[c->nnamed++] = optarg; /* --name=value before the script's words */
			continue;
		}
		int rc = parse_opt(c, opt, &done);
		if (rc || done)
			return rc;
	}
	if (c->listing) {
		c->list = optind < argc ? argv[optind] : NULL;
		return -1;
	}
	if (c->cmd && c->pid) /* which process would cpid, -p filtering and exit follow? */
		return usage_error("%s", "cannot use both -c and -p");
	if (!c->program) {
		if (optind >= argc)
			return usage_error("%s", "no program given: use -e 'program' or a script file");
		c->script = argv[optind++];
	}
	split_params(c, argv + optind, argc - optind);
	return -1;
}

static int load_source(const struct cli *c, struct source *src, char **buf)
{
	*buf = NULL;
	if (c->program) {
		src->name = "stdin";
		src->text = c->program;
		src->len = strlen(c->program);
		return 0;
	}
	size_t len;
	bool piped = strcmp(c->script, "-") == 0; /* bpftrace: "-" reads the script from stdin */
	int err = read_file(piped ? "/dev/stdin" : c->script, buf, &len);
	if (err) {
		fprintf(stderr, "spyglass: cannot read %s: %s\n", c->script, strerror(-err));
		return err;
	}
	src->name = piped ? "stdin" : c->script;
	src->text = *buf;
	src->len = len;
	return 0;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static bool env_true(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

static int run(const struct cli *c, struct sg_bundle *b, struct sg_child *child)
{
	FILE *out = stdout;
	if (c->out_path && !(out = fopen(c->out_path, "w"))) {
		fprintf(stderr, "spyglass: cannot open %s: %s\n", c->out_path, strerror(errno));
		return 1;
	}
	if (c->bufmode)
		setvbuf(out, NULL, c->bufmode, 0);
	struct sg_runtime_opts ro = {
		.out = out, .format = c->format, .quiet = c->quiet, .pid = c->pid,
		.child = child, .verbose = c->verbose,
		.notify_attached = env_true("SPYGLASS_NOTIFY_PROBES_ATTACHED") ||
				   env_true("__BPFTRACE_NOTIFY_PROBES_ATTACHED"),
		/* bpftrace's runtime tests wait for their own variable's name. */
		.notify_line = env_true("SPYGLASS_NOTIFY_PROBES_ATTACHED") ? NULL
			       : env_true("__BPFTRACE_NOTIFY_PROBES_ATTACHED")
			       ? "__BPFTRACE_NOTIFY_PROBES_ATTACHED" : NULL,
	};
	int rc = runtime_run(b, &ro);
	if (out != stdout && fclose(out) != 0 && rc == 0) {
		fprintf(stderr, "spyglass: cannot write %s: %s\n", c->out_path, strerror(errno));
		rc = 1;
	}
	return rc;
}

static int compile_and_run(const struct cli *c, const struct source *src)
{
	struct sg_child *child = NULL;
	if (c->cmd && !c->dry_run && sg_child_spawn(c->cmd, &child))
		return 1; /* reported by sg_child_spawn */
	struct sg_compile_opts co = {
		.sema = {.pid = c->pid, .cpid = child ? sg_child_pid(child) : (c->cmd ? 1 : 0),
			 .start_ns = monotonic_ns(), .params = c->params, .nparams = c->nparams,
			 .named = c->named, .nnamed = c->nnamed,
			 .include_files = c->include_files, .ninclude_files = c->ninclude_files,
			 .unsafe = c->unsafe, .helper_errors = c->helper_errors},
		.dump = c->dump, .dump_out = stdout, .err_out = stderr,
	};
	if (config_from_env(&co.config)) {
		sg_child_free(child);
		return 1;
	}
	struct sg_bundle b;
	int err = sg_compile(src, &co, &b), rc = err < 0 ? 1 : 0;
	if (!err && !c->dry_run)
		rc = run(c, &b, child);
	sg_child_free(child);
	sg_bundle_free(&b);
	return rc;
}

static int list(const struct cli *c)
{
	int rc = sg_list_usdt(c->list, c->pid, stdout);
	if (rc != 1)
		return rc < 0 ? 1 : 0;
	return sg_list_probes_ex(c->list, c->verbose > 0, stdout) < 0 ? 1 : 0;
}

static int load_compile_run(const struct cli *c)
{
	struct source src;
	char *buf;
	if (load_source(c, &src, &buf))
		return 1;
	int rc = compile_and_run(c, &src);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	int rc = parse_args(&c, argc, argv);
	if (rc < 0)
		rc = c.listing ? list(&c) : load_compile_run(&c);
	free(c.params);
	free(c.named);
	free(c.include_files);
	return rc;
}
