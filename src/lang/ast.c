/* AST construction, destruction and the --dump=ast printer. */
#include "lang/ast.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct node *node_new(enum node_kind kind, struct srcloc loc)
{
	struct node *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->loc = loc;
	return n;
}

/* Iterates along `next` so that long statement lists do not recurse; the
 * parser bounds the depth of the children. */
void node_free(struct node *n)
{
	while (n) {
		struct node *next = n->next;
		node_free(n->l);
		node_free(n->r);
		node_free(n->cond);
		node_free(n->then);
		node_free(n->els);
		node_free(n->args);
		free(n->name);
		free(n->str);
		free(n->ctype);
		free(n);
		n = next;
	}
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Iterates along `next` like node_free. The copy carries no annotations:
 * it is analysed afresh (a probe compiled once per args layout). */
struct node *node_clone(const struct node *n)
{
	struct node *head = NULL, **tail = &head;
	for (; n; n = n->next) {
		struct node *c = node_new(n->kind, n->loc);
		c->op = n->op;
		c->post = n->post;
		c->num = n->num;
		c->name = dup_or_null(n->name);
		c->ctype = dup_or_null(n->ctype);
		if (n->str) {
			c->str = xmalloc(n->len + 1); /* may hold NULs: copy len bytes */
			memcpy(c->str, n->str, n->len + 1);
		}
		c->len = n->len;
		c->l = node_clone(n->l);
		c->r = node_clone(n->r);
		c->cond = node_clone(n->cond);
		c->then = node_clone(n->then);
		c->els = node_clone(n->els);
		c->args = node_clone(n->args);
		*tail = c;
		tail = &c->next;
	}
	return head;
}

void node_walk(const struct node *n, bool (*fn)(const struct node *n, void *ctx), void *ctx)
{
	for (; n; n = n->next) {
		if (!fn(n, ctx))
			continue;
		const struct node *kids[] = {n->l, n->r, n->cond, n->then, n->els, n->args};
		for (size_t i = 0; i < ARRAY_SIZE(kids); i++)
			node_walk(kids[i], fn, ctx);
	}
}

static void attach_points_free(struct attach_point *ap)
{
	while (ap) {
		struct attach_point *next = ap->next;
		for (int i = 0; i < ap->nparts; i++)
			free(ap->parts[i]);
		free(ap->parts);
		free(ap->raw);
		free(ap);
		ap = next;
	}
}

static void probes_free(struct probe *p)
{
	while (p) {
		struct probe *next = p->next;
		attach_points_free(p->aps);
		node_free(p->pred);
		node_free(p->body);
		free(p);
		p = next;
	}
}

static void structs_free(struct struct_def *s)
{
	while (s) {
		struct struct_def *next = s->next;
		free(s->text);
		free(s->name);
		free(s);
		s = next;
	}
}

void program_free(struct program *p)
{
	if (!p)
		return;
	probes_free(p->probes);
	node_free(p->config);
	structs_free(p->structs);
	for (int i = 0; i < p->nincludes; i++)
		free(p->includes[i]);
	free(p->includes);
	node_free(p->macros);
	node_free(p->defines);
	node_free(p->map_decls);
	node_free(p->imports);
	free(p->sites);
	free(p);
}

int node_list_len(const struct node *n)
{
	int len = 0;
	for (; n; n = n->next)
		len++;
	return len;
}

bool node_any(const struct node *n, bool (*fn)(const struct node *, void *), void *arg)
{
	for (; n; n = n->next) /* along `next` without recursing, like node_free */
		if (fn(n, arg) || node_any(n->l, fn, arg) || node_any(n->r, fn, arg) ||
		    node_any(n->cond, fn, arg) || node_any(n->then, fn, arg) ||
		    node_any(n->els, fn, arg) || node_any(n->args, fn, arg))
			return true;
	return false;
}

static int rewrite_list(struct node *n, node_visit_fn fn, void *arg)
{
	int err = 0;
	for (; n; n = n->next) {
		int r = fn(n, arg);
		if (r < 0)
			err = -EINVAL;
		if (r)
			continue;
		struct node *kids[] = {n->l, n->r, n->cond, n->then, n->els, n->args};
		for (size_t i = 0; i < sizeof(kids) / sizeof(kids[0]); i++)
			err = rewrite_list(kids[i], fn, arg) ? -EINVAL : err;
	}
	return err;
}

int program_rewrite(struct program *prog, node_visit_fn fn, void *arg)
{
	int err = 0;
	for (struct probe *p = prog->probes; p; p = p->next) {
		err = rewrite_list(p->pred, fn, arg) ? -EINVAL : err;
		err = rewrite_list(p->body, fn, arg) ? -EINVAL : err;
	}
	return rewrite_list(prog->macros, fn, arg) ? -EINVAL : err;
}

static const char *const kind_names[] = {
	[N_INT] = "int", [N_STR] = "str", [N_BOOL] = "bool", [N_BUILTIN] = "builtin",
	[N_VAR] = "var", [N_POSPARAM] = "param", [N_MAP] = "map", [N_CALL] = "call",
	[N_BINOP] = "binop", [N_UNOP] = "unop", [N_INCDEC] = "incdec",
	[N_TERNARY] = "ternary", [N_FIELD] = "field", [N_INDEX] = "index",
	[N_CAST] = "cast", [N_TUPLE] = "tuple", [N_SIZEOF] = "sizeof",
	[N_OFFSETOF] = "offsetof", [N_RANGE] = "range", [N_EXPRSTMT] = "exprstmt",
	[N_ASSIGN] = "assign", [N_LET] = "let", [N_IF] = "if", [N_BLOCK] = "block",
	[N_WHILE] = "while", [N_FOR] = "for", [N_UNROLL] = "unroll",
	[N_BREAK] = "break", [N_CONTINUE] = "continue", [N_RETURN] = "return",
	[N_MACRO] = "macro", [N_DEFINE] = "define",
};

const char *node_kind_name(enum node_kind k)
{
	if ((unsigned)k < ARRAY_SIZE(kind_names) && kind_names[k])
		return kind_names[k];
	return "?";
}

static const char *const op_names[] = {
	[OP_NONE] = "", [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/",
	[OP_MOD] = "%", [OP_BAND] = "&", [OP_BOR] = "|", [OP_BXOR] = "^",
	[OP_SHL] = "<<", [OP_SHR] = ">>", [OP_EQ] = "==", [OP_NE] = "!=",
	[OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
	[OP_LAND] = "&&", [OP_LOR] = "||", [OP_NEG] = "-", [OP_LNOT] = "!",
	[OP_BNOT] = "~", [OP_DEREF] = "*", [OP_ADDROF] = "&",
};

const char *op_str(enum op op)
{
	if ((unsigned)op < ARRAY_SIZE(op_names) && op_names[op])
		return op_names[op];
	return "?";
}

/* ---- dump ---- */

static void dump_string(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* The part of a node's line after its kind name. */
static void dump_detail(FILE *out, const struct node *n)
{
	const char *name = n->name ? n->name : "";
	switch (n->kind) {
	case N_INT: fprintf(out, " %llu", (unsigned long long)n->num); break;
	case N_STR: fputc(' ', out); dump_string(out, n->str ? n->str : "", n->len); break;
	case N_BOOL: fputs(n->num ? " true" : " false", out); break;
	case N_VAR: fprintf(out, " $%s", name); break;
	case N_POSPARAM:
		if (n->name) fprintf(out, " $%s", name);
		else fprintf(out, " $%llu", (unsigned long long)n->num);
		break;
	case N_BUILTIN: case N_MAP: case N_CALL: case N_MACRO: case N_DEFINE:
		fprintf(out, " %s", name); break;
	case N_BINOP: case N_UNOP: fprintf(out, " %s", op_str(n->op)); break;
	case N_INCDEC:
		fprintf(out, " %s %s", n->op == OP_SUB ? "--" : "++", n->post ? "post" : "pre");
		break;
	case N_FIELD: fprintf(out, " %s%s", n->post ? "->" : ".", name); break;
	case N_CAST: fprintf(out, " (%s)", n->ctype ? n->ctype : ""); break;
	case N_SIZEOF: if (n->ctype) fprintf(out, " (%s)", n->ctype); break;
	case N_OFFSETOF:
		if (n->ctype) fprintf(out, " (%s)", n->ctype);
		fprintf(out, " %s", name);
		break;
	case N_ASSIGN: fprintf(out, " %s=", op_str(n->op)); break;
	case N_LET: if (n->ctype) fprintf(out, " : %s", n->ctype); break;
	case N_BLOCK: if (n->post) fputs(" value", out); break;
	default: break;
	}
}

static void indent(FILE *out, int depth)
{
	for (int i = 0; i < depth; i++)
		fputs("  ", out);
}

static void dump_list(FILE *out, const struct node *n, int depth);

static void dump_node(FILE *out, const struct node *n, int depth)
{
	indent(out, depth);
	fputs(node_kind_name(n->kind), out);
	dump_detail(out, n);
	fprintf(out, " @%d:%d\n", n->loc.line, n->loc.col);
	/* Fixed child order: cond, operands, list (args/keys/body), then, else. */
	const struct node *kids[] = {n->cond, n->l, n->r};
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++)
		if (kids[i])
			dump_node(out, kids[i], depth + 1);
	dump_list(out, n->args, depth + 1);
	if (n->then)
		dump_node(out, n->then, depth + 1);
	if (n->els)
		dump_node(out, n->els, depth + 1);
}

static void dump_list(FILE *out, const struct node *n, int depth)
{
	for (; n; n = n->next)
		dump_node(out, n, depth);
}

static void dump_probe(FILE *out, const struct probe *p)
{
	fputs("probe ", out);
	for (const struct attach_point *ap = p->aps; ap; ap = ap->next)
		fprintf(out, "%s%s", ap->raw, ap->next ? "," : "");
	fprintf(out, " @%d:%d\n", p->loc.line, p->loc.col);
	if (p->pred) {
		fputs("  pred\n", out);
		dump_node(out, p->pred, 2);
	}
	if (p->body)
		dump_node(out, p->body, 1);
}

static void dump_config(FILE *out, const struct node *c)
{
	if (!c)
		return;
	fputs("config\n", out);
	for (; c; c = c->next) {
		const char *key = c->l && c->l->name ? c->l->name : "?";
		fprintf(out, "  set %s @%d:%d\n", key, c->loc.line, c->loc.col);
		if (c->r)
			dump_node(out, c->r, 2);
	}
}

void ast_dump(const struct program *p, FILE *out)
{
	if (!p)
		return;
	for (int i = 0; i < p->nincludes; i++)
		fprintf(out, "include %s\n", p->includes[i]);
	for (const struct struct_def *s = p->structs; s; s = s->next)
		fprintf(out, "struct %s @%d:%d\n", s->name, s->loc.line, s->loc.col);
	for (const struct node *n = p->imports; n; n = n->next) {
		fputs("import ", out);
		dump_string(out, n->str ? n->str : "", n->len);
		fprintf(out, " @%d:%d\n", n->loc.line, n->loc.col);
	}
	dump_config(out, p->config);
	dump_list(out, p->map_decls, 0);
	dump_list(out, p->defines, 0);
	dump_list(out, p->macros, 0);
	for (const struct probe *pr = p->probes; pr; pr = pr->next)
		dump_probe(out, pr);
}
