/* Positional parameters ($1, $2, ..., $#) are values known before the
 * program is compiled, so bpftrace treats them as literals: `lhist(x, $1,
 * $2, $3)`, `buf(p, $1)`, `unroll($1)` and `strncmp(a, b, $1)` take them
 * where only literals are allowed, and `interval:s:$1` or `BEG$1` use them
 * inside attach points. This pass rewrites them once, after parsing:
 *   - a numeric parameter (decimal, 0x hex, 0 octal; up to 2^64-1; a
 *     leading '-' allowed) becomes an integer literal;
 *   - a missing one becomes 0 (bpftrace: "$N defaults to 0 or """);
 *   - any other text becomes a string literal, and so does `str($N)`;
 *   - `str($N + K)` is the text from byte K on (pointer arithmetic on it);
 *   - `$#` becomes the number of parameters.
 * `str($N, len)` is left to str() itself (funcs_str_param_*). */
#include "lang/posparam.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef VEC(char *) str_vec;

struct pp {
	char **params;
	int nparams;
};

static const char *param(const struct pp *pp, uint64_t i)
{
	return i >= 1 && i <= (uint64_t)pp->nparams ? pp->params[i - 1] : NULL;
}

/* Parses v as bpftrace does a number; false when it is not one. */
static bool param_number(const char *v, uint64_t *out, bool *neg)
{
	char *end;
	*neg = v[0] == '-';
	const char *digits = *neg ? v + 1 : v;
	if (!*digits || *digits == '-' || *digits == '+' || *digits == ' ')
		return false;
	errno = 0;
	*out = strtoull(digits, &end, 0);
	return !*end && errno == 0;
}

static void make_str(struct node *n, const char *text)
{
	n->kind = N_STR;
	n->len = strlen(text);
	n->str = xstrdup(text);
}

/* Turns n (the parameter, or the whole str() call) into a literal in place. */
static void make_int(struct node *n, uint64_t v, bool neg)
{
	if (!neg) {
		n->kind = N_INT;
		n->num = v;
		return;
	}
	struct node *lit = node_new(N_INT, n->loc);
	lit->num = v;
	n->kind = N_UNOP;
	n->op = OP_NEG;
	n->l = lit;
}

static void clear_call(struct node *n)
{
	node_free(n->args);
	n->args = NULL;
	free(n->name);
	n->name = NULL;
}

static void rewrite_param(const struct pp *pp, struct node *n)
{
	if (n->name && strcmp(n->name, "#") == 0) {
		free(n->name);
		n->name = NULL;
		make_int(n, (uint64_t)pp->nparams, false);
		return;
	}
	const char *v = param(pp, n->num);
	uint64_t num = 0;
	bool neg = false;
	if (!v || param_number(v, &num, &neg))
		make_int(n, num, neg);
	else
		make_str(n, v);
}

/* str($N) and str($N + K), K an integer literal: the parameter's text. */
static bool rewrite_str_call(const struct pp *pp, struct node *n)
{
	struct node *a = n->args;
	if (!a || a->next || strcmp(n->name, "str") != 0)
		return false;
	uint64_t skip = 0;
	if (a->kind == N_BINOP && a->op == OP_ADD && a->l->kind == N_POSPARAM && !a->l->name &&
	    a->r->kind == N_INT) {
		skip = a->r->num;
		a = a->l;
	} else if (a->kind != N_POSPARAM || a->name) {
		return false;
	}
	const char *v = param(pp, a->num);
	v = v ? v : "";
	if (skip && skip > strlen(v))
		return false; /* past the end: let str() report it as usual */
	char *text = xstrdup(v + skip);
	clear_call(n);
	make_str(n, text);
	free(text);
	return true;
}

static void walk(const struct pp *pp, struct node *n)
{
	for (; n; n = n->next) {
		if (n->kind == N_POSPARAM) {
			rewrite_param(pp, n);
			continue;
		}
		if (n->kind == N_CALL && rewrite_str_call(pp, n))
			continue;
		/* str($N, len): str() keeps the parameter's text (even numeric). */
		bool keep_first = n->kind == N_CALL && strcmp(n->name, "str") == 0 && n->args &&
				  n->args->kind == N_POSPARAM;
		walk(pp, n->l);
		walk(pp, n->r);
		walk(pp, n->cond);
		walk(pp, n->then);
		walk(pp, n->els);
		walk(pp, keep_first ? n->args->next : n->args);
	}
}

/* "$1" → its value ("" when missing) everywhere in an attach point part. */
static char *subst(const struct pp *pp, const char *s)
{
	struct strbuf sb = {0};
	for (const char *p = s; *p; p++) {
		if (p[0] != '$' || p[1] < '0' || p[1] > '9') {
			sb_appendc(&sb, *p);
			continue;
		}
		char *end;
		unsigned long i = strtoul(p + 1, &end, 10);
		const char *v = param(pp, i);
		sb_append(&sb, v ? v : "");
		p = end - 1;
	}
	return sb_detach(&sb);
}

/* Appends part s, split at the ':' a parameter brought in (a whole probe
 * given as $1); the ':' of a quoted path in the script stays. */
static void push_parts(str_vec *out, const char *orig, char *s)
{
	if (strcmp(orig, s) == 0 || !strchr(s, ':')) {
		vec_push(out, s);
		return;
	}
	for (char *tok = s, *c; (c = strchr(tok, ':')); tok = c + 1) {
		vec_push(out, xstrndup(tok, (size_t)(c - tok)));
		if (!strchr(c + 1, ':'))
			vec_push(out, xstrdup(c + 1));
	}
	free(s);
}

static void expand_ap(const struct pp *pp, struct attach_point *ap)
{
	if (!strchr(ap->raw, '$'))
		return;
	str_vec parts = {0};
	for (int i = 0; i < ap->nparts; i++) {
		push_parts(&parts, ap->parts[i], subst(pp, ap->parts[i]));
		free(ap->parts[i]);
	}
	free(ap->parts);
	ap->parts = parts.data;
	ap->nparts = (int)parts.len;
	char *raw = subst(pp, ap->raw);
	free(ap->raw);
	ap->raw = raw;
}

void posparam_expand(struct program *prog, char **params, int nparams)
{
	struct pp pp = {.params = params, .nparams = nparams};
	for (struct probe *p = prog->probes; p; p = p->next) {
		for (struct attach_point *ap = p->aps; ap; ap = ap->next)
			expand_ap(&pp, ap);
		walk(&pp, p->pred);
		walk(&pp, p->body);
	}
	walk(&pp, prog->macros);
	walk(&pp, prog->map_decls);
}
