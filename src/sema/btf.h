/* Kernel types from BTF (/sys/kernel/btf/vmlinux) and from struct
 * definitions written in the script, as spyglass `struct type`s.
 *
 * BTF is loaded lazily, on the first lookup of a name that is neither a C
 * integer spelling nor a script definition, so scripts that use no kernel
 * types start as fast as before. Converted types live in the sema type arena
 * and are cached by BTF id. Records are converted shallowly: a struct starts
 * as an `incomplete` stub (name, size, BTF id) and gets its fields on first
 * member access (sgbtf_complete), which keeps cyclic graphs such as
 * task_struct → mm_struct → task_struct cheap and finite. */
#ifndef SG_SEMA_BTF_H
#define SG_SEMA_BTF_H

#include <stdbool.h>

#include "sema/types.h"

struct sema;
struct sg_btf;
struct node;
struct struct_def;
struct btf;

/* Resolves a written type ("struct task_struct *", "unsigned long", "pid_t",
 * "char[16]", "uint8 *"). Pointers are kernel pointers unless as_user.
 * Returns 0; -ENOENT when a name is unknown (*missing, if given, gets that
 * name, e.g. "struct foo"; free it); -EINVAL when the text is malformed or a
 * script definition has errors (already reported). */
int sgbtf_resolve(struct sema *s, const char *ctype, bool as_user, struct type *out,
		  char **missing);
/* Fills the fields of a record stub. Returns 0 or -errno. */
int sgbtf_complete(struct sema *s, const struct record *r);
/* Completes t and every record nested in it by value (what printing or
 * storing a whole value needs). -ENOENT names the incomplete one in *bad. */
int sgbtf_complete_deep(struct sema *s, const struct type *t, const struct record **bad);
/* Up to max (<= 8) known names of the same kind ("struct x", "union x", or a
 * typedef) closest to `name`, nearest first. Free each. Returns the count. */
int sgbtf_suggest(struct sema *s, const char *name, char **out, int max);
/* Was kernel BTF loaded (tests check that it is loaded lazily)? */
bool sgbtf_loaded(const struct sema *s);
/* Frees the BTF handle and caches (types stay in the arena). NULL-safe. */
void sgbtf_free(struct sg_btf *b);

/* Internals shared by btf.c and cdecl.c. */
struct sg_btf *sgbtf_state(struct sema *s);
/* Loads vmlinux BTF if not done yet; false when unavailable. */
bool sgbtf_load(struct sema *s);
/* A C integer spelling ("unsigned long", "u32", "int64", "bool") or void. */
bool sgbtf_c_int(const char *name, struct type *out);
/* Parses the script's struct definitions (once). Returns 0 or -EINVAL. */
int sgbtf_script_defs(struct sema *s);
/* Parses one definition (errors are reported at once). */
int sgbtf_parse_def(struct sema *s, const struct struct_def *def);
/* Registers a script-defined type under its name ("struct foo"). */
void sgbtf_add_script(struct sema *s, const char *name, const struct type *t);
/* Resolves a base name: C integer, script definition, or BTF
 * struct/union/enum/typedef. Returns 0, -ENOENT or -EINVAL. */
int sgbtf_base(struct sema *s, const char *name, struct type *out);
/* Alignment of a value of type t (for laying out script definitions). */
uint32_t sgbtf_align(const struct type *t);
/* Prints, once, that the script's #include lines are not read (types come
 * from BTF; the header macros spyglass knows are in consts.c). */
void sgbtf_note_includes(struct sema *s);

/* The parameters of kernel function func as a record (one u64 slot each,
 * as the BPF trampoline passes them; unnamed ones are "argN") and its
 * return type. 0, or -ENOENT when BTF has no such function. */
int sgbtf_func_args(struct sema *s, const char *func, struct record **args, struct type *ret);
/* The same for the parameters of FUNC_PROTO proto_id from the skip-th on
 * (raw tracepoints: sema/rawtp.h), as a record named label. 0 or -ENOENT. */
int sgbtf_proto_args(struct sema *s, uint32_t proto_id, uint32_t skip, const char *label,
		     struct record **args);
/* Kernel BTF (loaded on first use), or NULL when the kernel has none. */
const struct btf *sgbtf_btf(struct sema *s);

/* A kernel enumerator (TCP_ESTABLISHED): its value and its enum's type.
 * 0, or -ENOENT when BTF has none of that name. */
int sgbtf_enumerator(struct sema *s, const char *name, int64_t *value, struct type *type);

/* ---- expression checks (sema_btf.c), called from sema_expr ---- */
int sema_btf_cast(struct sema *s, struct node *n);     /* (struct foo *)x, (pid_t)x */
int sema_btf_field(struct sema *s, struct node *n);    /* p->f, rec.f */
int sema_btf_index(struct sema *s, struct node *n);    /* a[i], p[i] */
int sema_btf_unop(struct sema *s, struct node *n);     /* *p, &x */
int sema_btf_sizeof(struct sema *s, struct node *n);   /* n->num = the size */
int sema_btf_offsetof(struct sema *s, struct node *n); /* n->num = the offset */
/* A tracepoint pointer field whose format names a C type: types *t through
 * it ("struct sk_buff *"), keeping its address space; an enum field gets
 * its enum (values print by name). *t is unchanged if the type is unknown. */
void sema_btf_ctx_field(struct sema *s, const struct field *f, struct type *t);
/* p + i, i + p, p - i on a pointer: typed like C (scaled by the element). */
bool sema_btf_is_ptr_arith(const struct node *n);
int sema_btf_ptr_arith(struct sema *s, struct node *n);
/* A whole struct/union/array value that is printed or stored (print(),
 * maps, tuples): every nested record complete, at most SG_VALUE_MAX bytes. */
int sema_btf_value(struct sema *s, struct srcloc loc, const struct type *t);
/* Is n a value in kernel/user memory that lowering can address? */
bool sema_btf_is_place(const struct node *n);

#endif
