/* Script value types. `struct type` is a small value (copied freely); the
 * compound parts it points to (records, element types) live in a type arena
 * owned by the semantic-analysis context. */
#ifndef SG_TYPES_H
#define SG_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "bundle/bundle.h"

enum type_kind {
	T_NONE,   /* not inferred yet */
	T_VOID,   /* no value (statement-only calls) */
	T_INT,    /* size 1/2/4/8, is_signed */
	T_STR,    /* NUL-terminated chars in a size-byte buffer */
	T_PTR,    /* pointer to *elem in address space `as` */
	T_RECORD, /* struct/union/tracepoint args: rec */
	T_ARRAY,  /* nelem × *elem */
	T_TUPLE,  /* rec (fields named "0", "1", ...) */
	T_AGG,    /* aggregation map value: agg; elem = the aggregated value type */
	T_PROBE,  /* probe id (u64), printed as the probe's name */
	T_FUNC,   /* probe id (u64), printed as the traced function's name (`func`) */
	T_CTX,    /* the probe context pointer (args): rec describes the fields */
	T_BUF,    /* raw buffer: u32 length + data (issue 3) */
	T_TIMESTAMP, /* strftime(): u64 format id (bundle->strings), u64 ns since boot */
	T_KSYM,   /* ksym(): u64 kernel address, printed as its symbol */
	T_INET,   /* ntop(): u64 address family, then 16 address bytes */
	T_MAC,    /* macaddr(): 6 bytes */
	T_STACK,  /* kstack/ustack: 16 bytes, see SG_V_STACK */
	T_USYM,   /* usym(): u64 user address, u64 pid */
	T_ERRNO,  /* strerror(): u64 error number, printed as its message */
	T_CGPATH, /* cgroup_path(): u64 cgroup id, u64 filter (string index + 1; 0: all) */
	T_USERNAME, /* username: u64 uid, printed as the user's name */
};

enum addr_space {
	AS_NONE,
	AS_KERNEL,
	AS_USER,
};

struct record;

struct type {
	enum type_kind kind;
	bool is_signed;
	bool is_bool;   /* T_INT holding true/false (printed as such) */
	uint8_t as;     /* enum addr_space, for T_PTR (and values read through it) */
	uint32_t size;  /* bytes of storage */
	uint16_t enum_id; /* T_INT of an enum type: 1 + index into sema's enums; 0: none */
	uint8_t width;  /* T_INT widened for storage: bytes of the value stored (bswap); 0: size */
	enum sg_agg agg;
	uint32_t nelem; /* T_ARRAY */
	const struct type *elem;
	const struct record *rec;
};

struct field {
	char *name;
	struct type type;
	uint32_t offset;
	bool data_loc; /* tracepoint __data_loc: a u32 (len << 16 | offset) locates the data */
	uint16_t bit_off;  /* bitfield: first bit, counted from byte `offset` (0-7) */
	uint16_t bit_size; /* bitfield width in bits; 0: not a bitfield */
	const char *ctype; /* tracepoint field: C type as written (typed via BTF on use) */
};

struct record {
	char *name; /* "struct task_struct", "args of syscalls:sys_enter_openat" */
	struct field *fields;
	uint32_t nfields;
	uint32_t size;
	bool is_union;
	uint32_t btf_id;   /* kernel BTF type id of a struct/union (0: none) */
	bool incomplete;   /* fields not converted yet (see sema/btf.h) */
	bool deep;         /* the records nested in it are complete too */
	uint32_t align;    /* alignment in bytes (script-defined records) */
};

/* Largest whole value (struct copy, map key or value, tuple): big values
 * are built in the per-CPU scratch map, whose value the kernel caps at 32 KiB
 * (PCPU_MIN_UNIT_SIZE). */
#define SG_VALUE_MAX 32768

/* Arena for records and element types; freed all at once. */
struct type_arena {
	void **items;
	size_t len, cap;
};
void *type_arena_alloc(struct type_arena *a, size_t size);
void type_arena_free(struct type_arena *a);

struct type type_int(uint32_t size, bool is_signed);
struct type type_str(uint32_t size);
/* Integer t as stored in variables, maps and events (64 bits), still
 * printed as what it is (bool, enum). */
struct type type_int_widened(const struct type *t);
struct type type_void(void);
bool type_equal(const struct type *a, const struct type *b);
/* Same fields (names, offsets, types, C types as written): code compiled
 * for one record reads the other the same way. */
bool record_same_layout(const struct record *a, const struct record *b);
bool field_same_layout(const struct field *a, const struct field *b);
bool type_is_int(const struct type *t);
/* Values only user space renders as text (ksym(), strftime(), ntop(), ...):
 * they can be map keys and values and printf %s arguments, nothing else. */
bool type_is_user_text(const struct type *t);
/* "int64", "uint32", "string[64]", "count()", "struct foo *" ... for messages. */
const char *type_name(const struct type *t, char *buf, size_t len);
/* Fills a bundle value descriptor (for printing) from a type. */
void type_to_desc(const struct type *t, uint32_t offset, struct sg_value_desc *out);
const struct field *record_field(const struct record *r, const char *name);

#endif
