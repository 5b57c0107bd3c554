/* Abstract syntax tree of a bpftrace program. Every node carries its source
 * location; semantic analysis fills `type` and `res`. Lists (statements, call
 * arguments, map keys, tuple elements) are chained through `next`. */
#ifndef SG_AST_H
#define SG_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"
#include "sema/types.h"

enum node_kind {
	/* expressions */
	N_INT,       /* num: integer literal value (1_000, 0x10, 0o17, 017, 0b101, 1e6);
	              * durations are scaled to nanoseconds: 5ms → 5000000 */
	N_STR,       /* str: string literal (escapes decoded; may contain NUL) */
	N_BOOL,      /* num: true / false */
	N_BUILTIN,   /* name: pid, comm, args, arg0, retval, ... */
	N_VAR,       /* name: $x (without '$') */
	N_POSPARAM,  /* num: $1 → 1;  $# → num = 0 and name "#" */
	N_MAP,       /* name: @x → "@x", @ → "@"; keys: list (NULL = no subscript) */
	N_CALL,      /* name, args: list */
	N_BINOP,     /* op, l, r */
	N_UNOP,      /* op (OP_NEG, OP_LNOT, OP_BNOT, OP_DEREF, OP_ADDROF), l */
	N_INCDEC,    /* op (OP_ADD / OP_SUB), l = lvalue, post: x++ vs ++x */
	N_TERNARY,   /* cond, l (then), r (else) */
	N_FIELD,     /* l.name or l->name (arrow); tuple access: l.0 → name "0" */
	N_INDEX,     /* l[r] */
	N_CAST,      /* (ctype)l: ctype is the written type, e.g. "uint32", "struct task_struct *" */
	N_TUPLE,     /* elems: list; post = 1 (made by sema for print(args)): a record
	              * whose fields are named after its N_FIELD elements */
	N_SIZEOF,    /* sizeof(ctype) or sizeof(l) */
	N_OFFSETOF,  /* offsetof(ctype, name) or offsetof(l, name); name may be a path "a.b" */
	N_RANGE,     /* l..r (only inside for) */
	/* statements */
	N_EXPRSTMT,  /* l */
	N_ASSIGN,    /* l = r, or l op= r (op != 0); l is N_MAP or N_VAR */
	N_LET,       /* let $x [: ctype] [= r]: l = N_VAR, ctype may be NULL */
	N_IF,        /* cond, then, els (N_BLOCK or N_IF or NULL); also an expression
	              * (if-expression, newest syntax) when both arms are value blocks */
	N_BLOCK,     /* body: list of statements. post = 1 when the block has a value
	              * (block expression): its last statement is an N_EXPRSTMT
	              * written without a trailing ';'. Also usable as an expression. */
	N_WHILE,     /* cond, then */
	N_FOR,       /* l = N_VAR, r = N_RANGE or N_MAP, then */
	N_UNROLL,    /* count in num? no: l = count expr, then */
	N_BREAK,
	N_CONTINUE,
	N_RETURN,    /* l may be NULL */
	/* top level (added by the front end) */
	N_MACRO,     /* macro name(args) { body }: args = N_VAR / N_MAP / N_BUILTIN
	              * parameters, then = N_BLOCK body */
	N_DEFINE,    /* #define name body: str = the body as written, l = it parsed as
	              * an expression (NULL if empty or not an expression) */
};

enum op {
	OP_NONE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
	OP_BAND, OP_BOR, OP_BXOR, OP_SHL, OP_SHR,
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_LAND, OP_LOR,
	OP_NEG, OP_LNOT, OP_BNOT, OP_DEREF, OP_ADDROF,
};

struct sema_var;
struct sema_map;
struct sg_func;
struct sg_builtin;

struct node {
	enum node_kind kind;
	struct srcloc loc;
	struct type type;   /* filled by sema */
	enum op op;
	int post;           /* N_INCDEC: postfix; N_FIELD: 1 when written with ->;
	                     * N_BLOCK: the block has a value (see N_BLOCK) */
	uint64_t num;       /* N_INT, N_BOOL, N_POSPARAM */
	char *name;         /* identifier, map/var/builtin/call/field name */
	char *str;          /* N_STR bytes (NUL-terminated; strlen may be < len) */
	size_t len;         /* N_STR length in bytes, without terminator */
	char *ctype;        /* N_CAST, N_SIZEOF(type), N_OFFSETOF, N_LET: written type */
	struct node *l, *r; /* operands / lhs, rhs */
	struct node *cond, *then, *els;
	struct node *args;  /* N_CALL args, N_MAP keys, N_TUPLE elems, N_BLOCK body */
	struct node *next;  /* sibling in a list */
	union {             /* resolved by sema */
		struct sema_var *var;
		struct sema_map *map;
		const struct sg_func *func;
		const struct sg_builtin *builtin;
		const struct field *field;
	} res;
};

struct attach_point {
	char *raw;     /* as written: "t:syscalls:sys_enter_*" */
	char **parts;  /* split on ':' (quotes removed): {"t","syscalls","sys_enter_*"} */
	int nparts;
	struct srcloc loc;
	struct attach_point *next;
};

struct probe {
	struct attach_point *aps; /* one or more, comma separated */
	struct node *pred;        /* /expr/ or NULL */
	struct node *body;        /* N_BLOCK */
	struct srcloc loc;
	struct probe *next;
};

struct struct_def {           /* struct foo { int a; char b[8]; } written in the script */
	char *text;               /* the whole definition as written */
	char *name;               /* "struct foo" */
	struct srcloc loc;
	struct struct_def *next;
};

struct program {
	struct probe *probes;
	struct node *config;      /* config = { k = v; ... }: list of N_ASSIGN (l is N_VAR with name k) */
	struct struct_def *structs;
	char **includes;          /* preprocessor lines as written, e.g. "#include <x.h>",
	                           * "#define X 1", "#ifdef Y" (ignored with a note) */
	int nincludes;
	struct node *macros;      /* N_MACRO list */
	struct node *defines;     /* N_DEFINE list, in source order (also in includes) */
	struct node *map_decls;   /* let @m = hash(100); : N_LET with l = N_MAP, r = N_CALL */
	struct node *imports;     /* import "name"; : N_STR list */
	struct diag_site *sites;  /* macro expansion sites (lang/macro.h), for diag */
	int nsites;
};

struct node *node_new(enum node_kind kind, struct srcloc loc);
void node_free(struct node *n);        /* frees n, its children and its `next` chain */
/* Deep copy of n, its children and its `next` chain, without sema's annotations. */
struct node *node_clone(const struct node *n);
/* Calls fn on n, its `next` chain and their children, parents first; fn
 * returns false to skip a node's children. */
void node_walk(const struct node *n, bool (*fn)(const struct node *n, void *ctx), void *ctx);
void program_free(struct program *p);  /* NULL-safe */
int node_list_len(const struct node *n);
/* Calls fn on n, its children and its `next` chain, depth first, until fn
 * returns true; returns whether it did. */
bool node_any(const struct node *n, bool (*fn)(const struct node *, void *), void *arg);
/* Rewriting passes over every probe's predicate and body and the macros:
 * fn sees each node before its children; it returns 0 to go into them, 1
 * when it handled (rewrote) the node, -errno after reporting an error.
 * Every node is visited; returns -EINVAL if fn failed anywhere. */
typedef int (*node_visit_fn)(struct node *n, void *arg);
int program_rewrite(struct program *prog, node_visit_fn fn, void *arg);
const char *node_kind_name(enum node_kind k);
const char *op_str(enum op op);        /* "+", "==", "&&", "!" ... */
/* --dump=ast: an indented tree with kinds, names, values and line:col. */
void ast_dump(const struct program *p, FILE *out);

#endif
