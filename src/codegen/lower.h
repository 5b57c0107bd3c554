/* Lowering: typed AST → IR (one ir_func per probe). Integers live in virtual
 * registers; strings and other aggregates live in memory (stack slots, map
 * values, ringbuf records) and are written straight into their destination
 * where possible, so a str() argument of printf is read directly into the
 * ringbuf record rather than copied twice. */
#ifndef SG_LOWER_H
#define SG_LOWER_H

#include "bundle/bundle.h"
#include "ir/ir.h"
#include "sema/sema.h"

enum val_kind {
	VAL_NONE,
	VAL_IMM, /* integer constant .imm */
	VAL_REG, /* integer in vreg .reg */
	VAL_MEM, /* bytes at [base + off]: base is a vreg, or -1 for the frame pointer */
};

struct val {
	enum val_kind kind;
	int64_t imm;
	int reg;
	int32_t off;
	struct type type;
	/* Set by a caller that wants a memory result written to a given place
	 * (see lower_dst): base reg (-1 = fp), off, size; pad = zero the tail. */
	bool want_dst;
	bool pad;
	uint32_t dst_size;
};

/* A place in memory: [base + off], base the frame pointer or a vreg (the
 * per-CPU scratch map value, where big temporaries live). */
struct lmem {
	struct ir_opnd base;
	int32_t off;
};

struct lower {
	struct sema *s;
	struct sema_probe *p;
	struct ir_func *f;
	struct diag *d;
	struct sg_bundle *b; /* events and maps are appended here */
	int exit_label;      /* "return 0" */
	uint32_t sp;         /* bytes of stack in use (statement temporaries are freed) */
	int ringbuf_map;
	int lost_map;
	int loop_break, loop_continue; /* labels, -1 outside loops */
	uint64_t loop_extra; /* verifier work of nested loops beyond their insns */
	uint64_t loop_extra_jmps; /* and their conditional jumps */
	int loop_nest;       /* while/for loops enclosing the current statement */
	bool stack_err;      /* a stack overflow was reported */
	int scratch_reg;     /* vreg: this CPU's scratch map value, -1 if none */
	uint32_t scratch_sp; /* bytes of it in use (big variables, then temporaries) */
	uint32_t scratch_high; /* most of it ever in use */
	/* Callback subprograms (lower_cb.c): l->f is the one being lowered,
	 * main_f the probe's function that owns them all. Memory variables
	 * live in the probe's frame: at [var_base + slot], var_base a vreg
	 * holding that frame's address inside callbacks, -1 (fp) in main. */
	struct ir_func *main_f;
	int var_base;
	int cb_vars;         /* callback: vreg with the integer variables' area, else -1 */
	int pid_tgid;        /* vreg: bpf_get_current_pid_tgid() read once at entry when
				the probe needs it more than once (main_f only), else -1 */
};

/* Adds the script's maps to the bundle (sets each sema_map's index), and
 * the per-CPU ".scratch" map when some variable is too big for the stack. */
int lower_maps(struct sema *s, struct sg_bundle *b);
/* Index of the ".scratch" map, or -1. */
int lower_scratch_map(const struct sg_bundle *b);
/* Values bigger than this are built in the scratch map, not on the stack. */
#define LOWER_STACK_VALUE_MAX 128
/* Lowers probe p into f (initialised here). Returns 0 or -errno. */
int lower_probe(struct sema *s, struct sema_probe *p, struct sg_bundle *b, struct diag *d,
		struct ir_func *f);
/* Where a memory-valued expression must write its bytes: the caller's
 * requested destination, or a fresh stack slot of `size` bytes. Sets out to
 * VAL_MEM at that place and returns the base operand; *off gets the offset. */
struct ir_opnd lower_dst(struct lower *l, struct val *out, uint32_t size, int32_t *off);
struct ir_opnd lower_base(int reg); /* -1 → fp */
/* Emits jumps to false_label when n is false (short-circuit, fused compares). */
int lower_cond(struct lower *l, struct node *n, int false_label);
/* A vreg with bpf_get_current_pid_tgid() (the probe's cached copy if any). */
int lower_pid_tgid(struct lower *l);
/* Materialises an integer value in a vreg. */
int lower_to_reg(struct lower *l, const struct val *v);

/* Expressions. */
int lower_expr(struct lower *l, struct node *n, struct val *out);
/* Integer value of n as an IR operand (imm or reg). */
int lower_int(struct lower *l, struct node *n, struct ir_opnd *out);
/* Writes n's value into memory at [base + off], size bytes (ints: n's width
 * promoted to size; strings: pad with zeros up to size when pad is set). */
int lower_expr_into(struct lower *l, struct node *n, struct ir_opnd base, int32_t off,
		    uint32_t size, bool pad);
/* Like lower_expr_into, and a tuple whose strings are narrower than those
 * of layout t (a variable or map widened by another assignment) is written
 * in layout t. */
int lower_tuple_into(struct lower *l, struct node *n, const struct type *t, struct ir_opnd base,
		     int32_t off, uint32_t size);
/* Fresh vreg / stack slot (slot is freed at the end of the statement). */
int lower_vreg(struct lower *l);
int32_t lower_alloca(struct lower *l, uint32_t size);
/* A statement temporary of size bytes: on the stack, or in the scratch map
 * value when it is big and the probe has one. */
struct lmem lower_temp(struct lower *l, uint32_t size);
struct ir_opnd lower_opnd(const struct val *v); /* VAL_IMM/VAL_REG → operand */
/* Widest aligned access size at off with `left` bytes to go. */
uint32_t lower_chunk(int32_t off, uint32_t left);
/* Stores zeros over [base+off, +size). */
void lower_zero(struct lower *l, struct ir_opnd base, int32_t off, uint32_t size);
/* Copies size bytes between memory locations (unrolled 8/4/2/1-byte moves). */
void lower_copy(struct lower *l, struct ir_opnd dbase, int32_t doff, struct ir_opnd sbase,
		int32_t soff, uint32_t size);
/* dst = address of [base+off] */
int lower_addr(struct lower *l, struct ir_opnd base, int32_t off);
static inline int lower_mem_addr(struct lower *l, struct lmem m)
{
	return lower_addr(l, m.base, m.off);
}
/* Calls helper with up to 5 operands; returns the vreg with r0 (or -1). */
int lower_call(struct lower *l, int32_t helper, int nargs, ...);

/* Maps. */
/* Builds the key of map node n in a temporary (lower_temp) at *key. */
int lower_map_key(struct lower *l, struct node *n, struct lmem *key);
/* Looks up the key; returns the vreg holding the value pointer or 0. */
int lower_map_lookup_at(struct lower *l, int map_index, struct lmem key);
int lower_map_lookup(struct lower *l, int map_index, int32_t key_off); /* key at fp+off */
/* After a map update whose helper result is vreg ret: counts a failure (map
 * full) for the runtime's warning (lower_full.c). */
void lower_count_full(struct lower *l, int map_index, int ret);
int lower_map_read(struct lower *l, struct node *n, struct val *out);
/* lower_aggread.c: a count/sum/min/max/avg map's value at the key on the
 * stack at key_off, merged over every CPU as user space prints it. */
int lower_agg_read(struct lower *l, const struct sema_map *m, struct lmem key, struct val *out);
int lower_map_assign(struct lower *l, struct node *map, struct node *rhs);
/* delete(@m[key]); loc: the call (what -k points at) */
int lower_map_delete(struct lower *l, struct node *map, struct srcloc loc);
/* len(@m) (lower_iter.c): vreg with the number of elements of the map. */
int lower_map_len(struct lower *l, int map_index);

/* Ringbuf events: reserve a record for event id, fill it via the callback,
 * submit; a failed reserve bumps the lost-event counter. */
typedef int (*lower_fill_fn)(struct lower *l, int rec, void *arg);
int lower_event(struct lower *l, int event_id, uint32_t size, lower_fill_fn fill, void *arg);
/* Adds an event description to the bundle; returns its id. */
int lower_add_event(struct lower *l, enum sg_action act, const struct srcloc *loc);
/* -k / -kk (lower_helper_err.c): after helper call `helper` whose result is
 * vreg ret, sends a HELPER_ERROR event when it failed. No code without -k. */
void lower_check_helper(struct lower *l, int32_t helper, int nargs,
			const struct ir_opnd *args, int ret);
/* -k: reports a map read of a missing key (p: the lookup's result vreg). */
void lower_check_lookup(struct lower *l, int p);

#endif
