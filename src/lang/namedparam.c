/* Named program options (newest bpftrace): `getopt("name")` (a bool,
 * default false) or `getopt("name", default)` with an integer, string or
 * bool literal default, and an optional description as third argument.
 * The values come from `--name=value` / `--name` after the script (after
 * `--` with -e), known before compiling: each call becomes a literal, like
 * a positional parameter. Booleans take `0` and `false` as false (integers
 * take `true`/`false` as 1/0). Options
 * no getopt() asks for are an error; `--help` lists the expected ones. */
#include "lang/namedparam.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

struct opt { /* copies: the getopt() calls become literals */
	char *name;
	enum node_kind kind; /* of the default: N_BOOL, N_INT or N_STR */
	int64_t num;
	char *str, *desc;
};

struct np {
	struct diag *d;
	char **named; /* "--name=value" / "--name" */
	int nnamed;
	VEC(struct opt) opts;
	bool *used;
};

/* The value given for name: NULL when absent, "" for a bare --name. */
static const char *given(struct np *np, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < np->nnamed; i++) {
		const char *a = np->named[i] + 2;
		if (strncmp(a, name, n) == 0 && (a[n] == '=' || a[n] == '\0')) {
			np->used[i] = true;
			return a[n] == '=' ? a + n + 1 : "";
		}
	}
	return NULL;
}

static bool literal_default(const struct node *n)
{
	return n->kind == N_INT || n->kind == N_STR || n->kind == N_BOOL ||
	       (n->kind == N_UNOP && n->op == OP_NEG && n->l->kind == N_INT);
}

/* The default of a checked getopt() call, as an option (name unset). */
static struct opt default_of(const struct node *def)
{
	struct opt o = {.kind = def ? def->kind : N_BOOL};
	if (!def)
		return o;
	if (def->kind == N_UNOP) {
		o.kind = N_INT;
		o.num = -(int64_t)def->l->num;
	} else {
		o.num = (int64_t)def->num;
	}
	o.str = def->kind == N_STR ? def->str : NULL;
	return o;
}

static bool same_default(const struct opt *a, const struct opt *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind == N_STR ? strcmp(a->str, b->str) == 0 : a->num == b->num;
}

static int check_call(struct np *np, struct node *call)
{
	struct node *name = call->args, *def = name ? name->next : NULL;
	if (!name || (def && def->next && def->next->next))
		diag_error(np->d, call->loc, "getopt() takes 1 to 3 arguments: getopt(\"name\"[, default[, \"description\"]])");
	else if (name->kind != N_STR || !name->len)
		diag_error(np->d, name->loc, "getopt(): the option name must be a string literal");
	else if (def && !literal_default(def))
		diag_error(np->d, def->loc, "getopt(): the default must be an integer, string or bool literal");
	else if (def && def->next && def->next->kind != N_STR)
		diag_error(np->d, def->next->loc, "getopt(): the description must be a string literal");
	else
		return 0;
	return -EINVAL;
}

/* Records the option (one default for all its uses) and returns it. */
static const struct opt *add_opt(struct np *np, struct node *call)
{
	struct node *name = call->args, *def = name->next;
	struct opt d = default_of(def);
	for (size_t i = 0; i < np->opts.len; i++) {
		struct opt *o = &np->opts.data[i];
		if (strcmp(o->name, name->str) != 0)
			continue;
		if (!same_default(o, &d)) {
			diag_error(np->d, call->loc, "option --%s needs the same default value in "
				   "every getopt() that uses it", o->name);
			return NULL;
		}
		return o;
	}
	d.name = xstrdup(name->str);
	d.str = d.str ? xstrdup(d.str) : NULL;
	d.desc = def && def->next ? xstrdup(def->next->str) : NULL;
	vec_push(&np->opts, d);
	return &np->opts.data[np->opts.len - 1];
}

static void make_literal(struct node *call, enum node_kind kind, int64_t num, const char *str)
{
	node_free(call->args);
	call->args = NULL;
	free(call->name);
	call->name = NULL;
	call->kind = kind;
	call->num = (uint64_t)num;
	if (kind == N_STR) {
		call->str = xstrdup(str);
		call->len = strlen(str);
	}
	if (kind == N_INT && num < 0) { /* -N, as the parser writes it */
		struct node *lit = node_new(N_INT, call->loc);
		lit->num = -(uint64_t)num;
		call->kind = N_UNOP;
		call->op = OP_NEG;
		call->l = lit;
	}
}

/* getopt(...) → the value given on the command line, or the default. */
static int rewrite(struct np *np, struct node *call)
{
	const struct opt *o = check_call(np, call) ? NULL : add_opt(np, call);
	if (!o)
		return -EINVAL;
	const char *v = given(np, o->name);
	if (o->kind == N_BOOL) {
		bool on = v ? strcmp(v, "0") != 0 && strcasecmp(v, "false") != 0 : o->num;
		make_literal(call, N_BOOL, on, NULL);
	} else if (o->kind == N_STR) {
		make_literal(call, N_STR, 0, v ? v : o->str);
	} else if (!v) {
		make_literal(call, N_INT, o->num, NULL);
	} else if (!strcasecmp(v, "true") || !strcasecmp(v, "false")) { /* a switch-like integer */
		make_literal(call, N_INT, !strcasecmp(v, "true"), NULL);
	} else {
		char *end;
		errno = 0;
		long long n = strtoll(v, &end, 0);
		if (!*v || *end || errno) {
			diag_error(np->d, call->loc, "option --%s takes an integer, not '%s'", o->name, v);
			return -EINVAL;
		}
		make_literal(call, N_INT, n, NULL);
	}
	return 0;
}

static int visit(struct node *n, void *arg)
{
	if (n->kind != N_CALL || !n->name || strcmp(n->name, "getopt") != 0)
		return 0;
	return rewrite(arg, n) ? -EINVAL : 1;
}

static void list_opts(const struct np *np, FILE *out)
{
	if (!np->opts.len) {
		fputs("the program takes no named options\n", out);
		return;
	}
	fputs("program options:\n", out);
	for (size_t i = 0; i < np->opts.len; i++) {
		const struct opt *o = &np->opts.data[i];
		const char *kind = o->kind == N_BOOL ? "" : o->kind == N_STR ? "=STRING" : "=INT";
		fprintf(out, "  --%s%s%s%s\n", o->name, kind, o->desc ? "  " : "", o->desc ? o->desc : "");
	}
}

static int unexpected(const struct np *np)
{
	int bad = 0;
	for (int i = 0; i < np->nnamed; i++) {
		if (np->used[i] || strcmp(np->named[i], "--help") == 0)
			continue;
		if (!np->opts.len) {
			fprintf(np->d->out, "error: unknown option %s: not spyglass's, and the program "
				"reads no getopt() options\n", np->named[i]);
			return -EINVAL;
		}
		fprintf(np->d->out, "%s unexpected program option %s\n", bad++ ? "       " : "error:",
			np->named[i]);
	}
	if (bad)
		list_opts(np, np->d->out);
	return bad ? -EINVAL : 0;
}

int namedparam_expand(struct diag *d, struct program *prog, char **named, int nnamed,
		      FILE *help_out)
{
	struct np np = {.d = d, .named = named, .nnamed = nnamed,
			.used = xcalloc(nnamed ? (size_t)nnamed : 1, sizeof(bool))};
	int err = program_rewrite(prog, visit, &np);
	err = err ? err : unexpected(&np);
	bool help = false;
	for (int i = 0; i < nnamed; i++)
		help |= strcmp(named[i], "--help") == 0;
	if (!err && help) {
		list_opts(&np, help_out);
		err = NAMEDPARAM_HELP;
	}
	for (size_t i = 0; i < np.opts.len; i++) {
		free(np.opts.data[i].name);
		free(np.opts.data[i].str);
		free(np.opts.data[i].desc);
	}
	vec_free(&np.opts);
	free(np.used);
	return err;
}
