/* The compiler's output: a self-contained description of everything a backend
 * needs to run a script (programs, maps, attach points, event/format table,
 * and how to print every value). It knows nothing about the kernel loader:
 * the runtime (src/runtime) is one consumer, a userspace VM or an exporter
 * can be others. Plain data only; sg_bundle_free() releases it. */
#ifndef SG_BUNDLE_H
#define SG_BUNDLE_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

/* Aggregation kind of a map's value. */
enum sg_agg {
	SG_AGG_NONE,  /* plain value: @x = expr */
	SG_AGG_COUNT, /* u64 per CPU */
	SG_AGG_SUM,   /* s64/u64 per CPU */
	SG_AGG_MIN,   /* struct sg_minmax per CPU */
	SG_AGG_MAX,   /* struct sg_minmax per CPU */
	SG_AGG_AVG,   /* struct sg_avg per CPU */
	SG_AGG_STATS, /* struct sg_avg per CPU */
	SG_AGG_HIST,  /* u64 count per CPU; bucket index is the last u64 of the key */
	SG_AGG_LHIST, /* like HIST, linear buckets (lhist_min/max/step) */
};

/* Per-CPU value layouts of the aggregations (merged in user space). */
struct sg_minmax {
	int64_t value;
	uint64_t set; /* 0 until this CPU saw a value */
};
struct sg_avg {
	int64_t total;
	uint64_t count;
};

/* What bytes at some offset mean, for printing. */
enum sg_vkind {
	SG_V_NONE,  /* no value (scalar map key) */
	SG_V_INT,   /* integer of size 1/2/4/8, is_signed */
	SG_V_STR,   /* NUL-terminated string in a size-byte buffer */
	SG_V_PROBE, /* u64 probe id → bundle->probe_names[id] */
	SG_V_FUNC,  /* u64 probe id → the function part of that probe's name */
	SG_V_TUPLE, /* elems[0..nelems) at their own offsets (relative to this one) */
	SG_V_BUF,   /* raw bytes: u32 length then data (issue 3: buf()) */
	SG_V_TIMESTAMP, /* u64 index into bundle->strings (strftime format), u64 boot ns */
	SG_V_KSYM,  /* u64 kernel address: printed as the symbol containing it */
	SG_V_INET,  /* u64 AF_INET/AF_INET6, then 16 address bytes */
	SG_V_MAC,   /* 6 bytes, printed XX:XX:XX:XX:XX:XX */
	SG_V_BOOL,  /* integer printed as true / false */
	/* kstack/ustack: s64 stack id in the ".stacks" map (< 0: none), u32 pid
	 * (ustack; 0 for kstack), u8 user, u8 mode (0 bpftrace, 1 perf, 2 raw),
	 * u16 frame limit. */
	SG_V_STACK,
	SG_V_USYM,  /* usym(): u64 user address, u64 pid */
	/* struct/union value: elems[0..nelems) are its fields, each named
	 * (name) at its offset; a bitfield reads `size` bytes and keeps bits
	 * [bit_off, bit_off + bit_size) of them. */
	SG_V_RECORD,
	SG_V_ARRAY, /* count elements like elems[0] (offset 0), elems[0].size apart */
	SG_V_PTR,   /* u64 address: "0x..." in text, a number in JSON */
	SG_V_ENUM,  /* integer of an enum type (enum_id): printed as its enumerator's
	             * name, or as the number when none has its value */
	SG_V_ERRNO, /* u64 errno: printed as strerror() does */
	SG_V_CGPATH, /* u64 cgroup id, u64 filter: bundle->strings[filter - 1] (0: none) */
	SG_V_USERNAME, /* u64 uid: printed as the name in the passwd database */
};

struct sg_value_desc {
	enum sg_vkind kind;
	uint32_t offset; /* from the start of the enclosing record/key/value */
	uint32_t size;
	uint8_t is_signed;
	uint32_t nelems;
	struct sg_value_desc *elems;
	char *name;        /* SG_V_RECORD field: its name (owned) */
	uint32_t count;    /* SG_V_ARRAY: number of elements */
	uint16_t bit_off;  /* bitfield: first bit (0 = least significant) */
	uint16_t bit_size; /* bitfield width; 0: not a bitfield */
	uint32_t enum_id;  /* SG_V_ENUM: index into bundle->enums */
};

/* An enum's enumerators, to print values of its type by name. */
struct sg_enum {
	char *name;        /* "enum tcp_state" */
	size_t n;
	char **names;
	uint64_t *values;  /* as stored: sign-extended to 64 bits when signed */
};
/* The enumerator of e with value v, or NULL. */
const char *sg_enum_name(const struct sg_enum *e, uint64_t v);

enum sg_map_type {
	SG_MAP_HASH,
	SG_MAP_PERCPU_HASH,
	SG_MAP_ARRAY,
	SG_MAP_PERCPU_ARRAY,
	SG_MAP_RINGBUF,
	SG_MAP_STACK_TRACE, /* key u32 stack id, value u64 ips[value_size / 8] */
	SG_MAP_LRU_HASH,    /* let @m = lruhash(N); */
	SG_MAP_LRU_PERCPU_HASH,
};

struct sg_map {
	char *name; /* "@x", "@"; internal maps start with '.' (".events") */
	enum sg_map_type type;
	uint32_t key_size, value_size, max_entries;
	bool declared; /* type and max_entries from `let @m = hash(N);` */
	/* Printing description (script maps only). */
	enum sg_agg agg;
	uint32_t nkeys;           /* 0: scalar map (key is one u64 0) */
	struct sg_value_desc key; /* SG_V_TUPLE of nkeys elems (user key part) */
	struct sg_value_desc value; /* SG_AGG_NONE: the value; else its element type */
	int64_t lhist_min, lhist_max, lhist_step;
	uint32_t hist_bits; /* hist(v, k): k, 0..5 */
};
/* Maps without keys live in arrays, whose lookup the verifier inlines:
 * scalars in ARRAY/PERCPU_ARRAY(1) (key u32 0, always present: printed as
 * 0 until written, like newest bpftrace), keyless hist()/lhist() in a
 * PERCPU_ARRAY indexed by the u32 bucket (a zero bucket counts as absent). */
bool sg_map_is_array(const struct sg_map *m);
bool sg_map_bucket_array(const struct sg_map *m);

/* One place a program is attached. The runtime finds an attacher by provider. */
struct sg_attach {
	char *provider;  /* canonical: "begin", "end", "tracepoint", "interval" ... */
	char *target;    /* provider-specific: "syscalls:sys_enter_openat", "" */
	char *name;      /* full probe name, as the `probe` builtin prints it */
	uint64_t cookie; /* bpf_get_attach_cookie() value: index into probe_names */
	uint64_t period; /* interval/profile: nanoseconds, or count for sw events */
	uint64_t freq;   /* profile:hz:N style sampling frequency (0 = use period) */
};

struct sg_prog {
	char *name;
	uint32_t prog_type;             /* enum bpf_prog_type */
	uint32_t expected_attach_type;  /* enum bpf_attach_type, 0 if unused */
	struct bpf_insn *insns;         /* map references: BPF_LD_IMM64 with */
	size_t ninsns;                  /* src_reg=BPF_PSEUDO_MAP_FD, imm=map index */
	struct srcloc *lines;           /* ninsns entries: script location per insn */
	/* Callback subprograms (bpf_loop, bpf_for_each_map_elem) follow the main
	 * program; they are referenced by BPF_LD_IMM64 with src_reg =
	 * BPF_PSEUDO_FUNC, imm = start - (insn index + 1). func_starts[0] = 0,
	 * then the first insn of each subprogram; nfuncs 1 when there are none
	 * (0 is treated alike). The kernel wants BTF func info for them. */
	uint32_t *func_starts;
	size_t nfuncs;
	struct srcloc loc;              /* the probe's attach point(s) */
	struct sg_attach *attach;
	size_t nattach;
};

/* Actions a record in the event ringbuf asks user space to perform. */
enum sg_action {
	SG_ACT_PRINTF,      /* fmt + args */
	SG_ACT_PRINT_MAP,   /* print map `map` now */
	SG_ACT_CLEAR_MAP,   /* delete every entry of `map` */
	SG_ACT_ZERO_MAP,    /* set every value of `map` to zero */
	SG_ACT_PRINT_VALUE, /* print(expr): args.elems[0] */
	SG_ACT_EXIT,        /* stop tracing; exit code in args.elems[0] if any */
	SG_ACT_TIME,        /* time(fmt): print the wall clock with strftime format fmt */
	SG_ACT_CAT,         /* cat(fmt, args): print the file named by the printf format */
	SG_ACT_SYSTEM,      /* system(fmt, args): run the printf-formatted command */
	SG_ACT_JOIN,        /* join(argv, sep): elems[0] = count, then strings; fmt = sep */
	SG_ACT_HELPER_ERROR, /* -k: u64 helper id, s64 return code at 8/16; loc: the call */
	SG_ACT_USTACK_PID,  /* a pid's first ustack: u32 pid at offset 8 (read its maps now) */
};

/* Event records start with a u64 event id: an index into bundle->events. */
struct sg_event {
	enum sg_action action;
	char *fmt;                 /* SG_ACT_PRINTF: bpftrace printf format */
	struct sg_value_desc args; /* SG_V_TUPLE: arguments, offsets from record start */
	int map;                   /* map actions: index into maps */
	uint32_t top, div;         /* SG_ACT_PRINT_MAP: print(@m, top, div); 0 = unset */
	uint32_t size;             /* record size in bytes */
	struct srcloc loc;
};

struct sg_bundle {
	struct source src; /* owned copies of name and text */
	struct sg_map *maps;
	size_t nmaps;
	struct sg_prog *progs;
	size_t nprogs;
	struct sg_event *events;
	size_t nevents;
	char **probe_names;
	size_t nprobe_names;
	int ringbuf_map;   /* index of the event ringbuf map, -1 if none */
	int lost_map;      /* index of the PERCPU_ARRAY[1] u64 lost-event counter, -1 */
	int full_map;      /* PERCPU_ARRAY u64[map index]: failed map updates, -1 */
	char **strings;    /* strftime() formats, indexed by SG_V_TIMESTAMP values */
	size_t nstrings;
	struct sg_enum *enums; /* indexed by SG_V_ENUM enum_id */
	size_t nenums;
	bool no_exit_maps; /* config print_maps_on_exit = false */
	uint32_t max_strlen; /* size of str() results: a full one prints a trailer */
	char *trunc_trailer; /* that trailer; NULL: ".." */
	uint32_t max_cat_bytes; /* bytes of a file cat() prints (bpftrace's max_cat_bytes) */
};

void sg_bundle_free(struct sg_bundle *b);
void sg_value_desc_free(struct sg_value_desc *d); /* frees elems and names recursively */
const struct sg_map *sg_bundle_map(const struct sg_bundle *b, const char *name);

#endif
