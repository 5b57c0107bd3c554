/* Lowering driver: maps, probe prologue (context, -p filter, predicate,
 * variable initialisation) and statements. */
#include "codegen/lower.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "builtins/builtin.h"
#include "codegen/lower_int.h"
#include "sema/probes.h"

int lower_vreg(struct lower *l)
{
	return ir_vreg(l->f);
}

int32_t lower_alloca(struct lower *l, uint32_t size)
{
	l->sp = ALIGN_UP(l->sp + ALIGN_UP(size, 8), 8);
	if (l->sp > l->f->stack)
		l->f->stack = l->sp;
	if (l->sp > BPF_STACK_LIMIT && !l->stack_err) {
		/* Name the construct (the expression being lowered), not the probe. */
		l->stack_err = true;
		diag_error(l->d, l->f->cur_loc, "this needs %u bytes of stack, which with the %u "
			   "already in use exceeds the %d-byte BPF stack (lower max_strlen?)",
			   ALIGN_UP(size, 8), l->sp - ALIGN_UP(size, 8), BPF_STACK_LIMIT);
	}
	return -(int32_t)l->sp;
}

/* Big values go to the scratch map value: the 512-byte stack holds only
 * a few of them, and bpftrace's newer versions build them there too. */
struct lmem lower_temp(struct lower *l, uint32_t size)
{
	if (l->scratch_reg < 0 || size <= LOWER_STACK_VALUE_MAX)
		return (struct lmem){ir_fp(), lower_alloca(l, size)};
	uint32_t off = l->scratch_sp;
	l->scratch_sp += ALIGN_UP(size, 8);
	l->scratch_high = MAX(l->scratch_high, l->scratch_sp);
	if (l->scratch_sp > SG_VALUE_MAX && !l->stack_err) {
		l->stack_err = true;
		diag_error(l->d, l->f->cur_loc, "this needs %u bytes of per-CPU scratch memory, "
			   "which with the %u already in use exceeds the %u bytes a probe can use",
			   ALIGN_UP(size, 8), off, SG_VALUE_MAX);
	}
	return (struct lmem){ir_reg(l->scratch_reg), (int32_t)off};
}

struct ir_opnd lower_base(int reg)
{
	return reg < 0 ? ir_fp() : ir_reg(reg);
}

struct ir_opnd lower_opnd(const struct val *v)
{
	return v->kind == VAL_IMM ? ir_imm(v->imm) : ir_reg(v->reg);
}

int lower_to_reg(struct lower *l, const struct val *v)
{
	if (v->kind == VAL_REG)
		return v->reg;
	int r = lower_vreg(l);
	ir_mov(l->f, r, ir_imm(v->imm));
	return r;
}

struct ir_opnd lower_dst(struct lower *l, struct val *out, uint32_t size, int32_t *off)
{
	if (out->want_dst) {
		*off = out->off;
		out->kind = VAL_MEM;
		return lower_base(out->reg);
	}
	struct lmem m = lower_temp(l, size);
	*off = m.off;
	out->kind = VAL_MEM;
	out->reg = m.base.kind == IR_O_REG ? m.base.reg : -1;
	out->off = m.off;
	out->dst_size = size;
	out->pad = true;
	return m.base;
}

int lower_addr(struct lower *l, struct ir_opnd base, int32_t off)
{
	int r = lower_vreg(l);
	if (off)
		ir_alu(l->f, BPF_ADD, r, base, ir_imm(off));
	else
		ir_mov(l->f, r, base);
	return r;
}

int lower_call(struct lower *l, int32_t helper, int nargs, ...)
{
	struct ir_opnd args[IR_MAX_ARGS];
	va_list ap;
	va_start(ap, nargs);
	for (int i = 0; i < nargs && i < IR_MAX_ARGS; i++)
		args[i] = va_arg(ap, struct ir_opnd);
	va_end(ap);
	int r = lower_vreg(l);
	ir_call(l->f, r, helper, nargs, args);
	lower_check_helper(l, helper, nargs, args, r);
	return r;
}

/* Widest access (8/4/2/1 bytes) that is aligned at off and fits in left:
 * the verifier rejects misaligned stack accesses. */
uint32_t lower_chunk(int32_t off, uint32_t left)
{
	for (uint32_t w = 8; w > 1; w /= 2)
		if (w <= left && (off & (int32_t)(w - 1)) == 0)
			return w;
	return 1;
}

void lower_zero(struct lower *l, struct ir_opnd base, int32_t off, uint32_t size)
{
	for (uint32_t i = 0, w; i < size; i += w) {
		w = lower_chunk(off + (int32_t)i, size - i);
		ir_store(l->f, base, off + (int32_t)i, ir_imm(0), (uint8_t)w);
	}
}

/* Copies longer than this are one bpf_probe_read_kernel call (any kernel
 * memory, the stack and map values included) instead of unrolled moves. */
#define COPY_UNROLL_MAX 64

void lower_copy(struct lower *l, struct ir_opnd dbase, int32_t doff, struct ir_opnd sbase,
		int32_t soff, uint32_t size)
{
	if (size > COPY_UNROLL_MAX) {
		int d = lower_addr(l, dbase, doff), s = lower_addr(l, sbase, soff);
		lower_call(l, BPF_FUNC_probe_read_kernel, 3, ir_reg(d), ir_imm(size), ir_reg(s));
		return;
	}
	int t = lower_vreg(l);
	for (uint32_t i = 0, w; i < size; i += w) {
		w = MIN(lower_chunk(doff + (int32_t)i, size - i), lower_chunk(soff + (int32_t)i, size - i));
		ir_load(l->f, t, sbase, soff + (int32_t)i, (uint8_t)w);
		ir_store(l->f, dbase, doff + (int32_t)i, ir_reg(t), (uint8_t)w);
	}
}

/* ---- statements ---- */

static int stmt(struct lower *l, struct node *n);

void lower_var_set(struct lower *l, struct sema_var *v, struct ir_opnd val)
{
	ir_mov(l->f, v->vreg, val);
	lower_extend(l, v->vreg, v->type.size, v->type.is_signed);
}

int lower_stmt(struct lower *l, struct node *n)
{
	return stmt(l, n);
}

int lower_stmts(struct lower *l, struct node *list)
{
	for (struct node *n = list; n; n = n->next) {
		int err = stmt(l, n);
		if (err)
			return err;
	}
	return 0;
}

static int stmts(struct lower *l, struct node *list)
{
	for (struct node *n = list; n; n = n->next) {
		int err = stmt(l, n);
		if (err)
			return err;
	}
	return 0;
}

static int assign_var(struct lower *l, struct node *n)
{
	struct sema_var *v = n->l->res.var;
	ir_set_loc(l->f, n->loc);
	if (v->type.kind != T_INT)
		return lower_tuple_into(l, n->r, &v->type, lower_var_base(l, v), v->slot,
					v->type.size);
	struct ir_opnd rhs;
	int err = lower_int(l, n->r, &rhs);
	if (err)
		return err;
	static const uint8_t ops[] = {[OP_ADD] = BPF_ADD, [OP_SUB] = BPF_SUB, [OP_MUL] = BPF_MUL,
				      [OP_BAND] = BPF_AND, [OP_BOR] = BPF_OR, [OP_BXOR] = BPF_XOR,
				      [OP_SHL] = BPF_LSH};
	if (!n->op) {
		lower_var_set(l, v, rhs);
		return 0;
	}
	if ((size_t)n->op < ARRAY_SIZE(ops) && ops[n->op]) {
		ir_alu(l->f, ops[n->op], v->vreg, ir_reg(v->vreg), rhs);
		lower_extend(l, v->vreg, v->type.size, v->type.is_signed);
		return 0;
	}
	/* /=, %=, >>= depend on signedness: reuse the binary-operator lowering. */
	struct node var = *n->l, bin = {.kind = N_BINOP, .loc = n->loc, .op = n->op,
					  .l = &var, .r = n->r, .type = v->type};
	var.next = NULL;
	struct val res = {0};
	err = lower_expr(l, &bin, &res);
	if (!err)
		lower_var_set(l, v, lower_opnd(&res));
	return err;
}

static int stmt_if(struct lower *l, struct node *n)
{
	int lfalse = ir_label(l->f), lend = ir_label(l->f);
	int err = lower_cond(l, n->cond, lfalse);
	err = err ? err : stmts(l, n->then);
	if (err)
		return err;
	if (n->els)
		ir_jmp(l->f, lend);
	ir_place(l->f, lfalse);
	if (n->els) {
		err = stmt(l, n->els);
		ir_place(l->f, lend);
	}
	return err;
}

/* Lowering gives up at twice the kernel's instruction limit: such a program
 * cannot load whatever emission saves, and unroll(100) inside unroll(100)
 * inside unroll(100) would otherwise build hundreds of millions. */
static int check_size(struct lower *l, struct node *n)
{
	if (l->f->ninsns + l->main_f->ninsns <= 2 * (size_t)BPF_MAX_INSNS)
		return 0;
	diag_error(l->d, n->loc, "program too large: more than %d instructions here, the "
		   "kernel accepts at most %d", 2 * BPF_MAX_INSNS, BPF_MAX_INSNS);
	return -E2BIG;
}

static int stmt(struct lower *l, struct node *n)
{
	uint32_t sp = l->sp, scratch_sp = l->scratch_sp;
	struct val v = {0};
	int err;
	ir_set_loc(l->f, n->loc);
	switch (n->kind) {
	case N_EXPRSTMT: err = lower_expr(l, n->l, &v); break;
	case N_ASSIGN:
		err = n->l->kind == N_MAP ? lower_map_assign(l, n->l, n) : assign_var(l, n);
		break;
	case N_BLOCK: err = stmts(l, n->args); break;
	case N_IF: err = stmt_if(l, n); break;
	default: err = lower_stmt_ext(l, n); break;
	}
	l->sp = sp; /* statement temporaries are dead now */
	l->scratch_sp = scratch_sp;
	return err ? err : check_size(l, n);
}

/* ---- probe ---- */

struct ir_opnd lower_var_base(struct lower *l, const struct sema_var *v)
{
	return v->scratch ? ir_reg(l->scratch_reg) : lower_base(l->var_base);
}

/* Big variables and temporaries live in the per-CPU ".scratch" map value
 * (variables laid out by lower_maps); its address is looked up once per run. */
static void scratch_setup(struct lower *l)
{
	int idx = lower_scratch_map(l->b);
	if (idx < 0 || !l->p->scratch)
		return;
	l->scratch_sp = l->scratch_high = l->p->scratch_vars;
	int32_t key = lower_alloca(l, 4);
	ir_store(l->f, ir_fp(), key, ir_imm(0), 4);
	l->scratch_reg = lower_map_lookup(l, idx, key);
	ir_jcc(l->f, BPF_JEQ, ir_reg(l->scratch_reg), ir_imm(0), l->exit_label);
}

static void init_vars(struct lower *l)
{
	for (struct sema_var *v = l->p->vars; v; v = v->next) {
		if (v->type.kind == T_INT || v->type.kind == T_NONE) {
			v->vreg = lower_vreg(l);
			ir_mov(l->f, v->vreg, ir_imm(0));
		} else if (v->scratch) {
			lower_zero(l, ir_reg(l->scratch_reg), v->slot, v->type.size);
		} else {
			ir_set_loc(l->f, v->loc); /* a stack overflow names the variable */
			v->slot = lower_alloca(l, v->type.size);
			lower_zero(l, ir_fp(), v->slot, v->type.size);
		}
	}
}

static bool pid_filtered(const struct lower *l)
{
	return l->s->opts.pid && l->p->prov->event_probe;
}

static bool count_pid_tid(const struct node *n, void *arg)
{
	if (n->kind == N_BUILTIN && (!strcmp(n->name, "pid") || !strcmp(n->name, "tid")))
		++*(int *)arg;
	return false; /* visit every node */
}

/* pid and tid cannot change while the program runs: when the probe reads
 * them more than once (a pid predicate and a pid key, say), one helper call
 * at entry serves them all. */
static void cache_pid_tgid(struct lower *l)
{
	int uses = pid_filtered(l);
	node_any(l->p->pred, count_pid_tid, &uses);
	node_any(l->p->body, count_pid_tid, &uses);
	if (uses > 1)
		l->pid_tgid = lower_call(l, BPF_FUNC_get_current_pid_tgid, 0);
}

int lower_pid_tgid(struct lower *l)
{
	if (l->pid_tgid < 0 || l->f != l->main_f)
		return lower_call(l, BPF_FUNC_get_current_pid_tgid, 0);
	int r = lower_vreg(l);
	ir_mov(l->f, r, ir_reg(l->pid_tgid));
	return r;
}

/* -p PID: events of other processes return at once. */
static void pid_filter(struct lower *l)
{
	if (!pid_filtered(l))
		return;
	int r = lower_pid_tgid(l);
	ir_alu(l->f, BPF_RSH, r, ir_reg(r), ir_imm(32));
	ir_jcc(l->f, BPF_JNE, ir_reg(r), ir_imm(l->s->opts.pid), l->exit_label);
}

int lower_probe(struct sema *s, struct sema_probe *p, struct sg_bundle *b, struct diag *d,
		struct ir_func *f)
{
	struct lower l = {.s = s, .p = p, .f = f, .d = d, .b = b, .ringbuf_map = b->ringbuf_map,
			  .lost_map = b->lost_map, .loop_break = -1, .loop_continue = -1,
			  .scratch_reg = -1, .main_f = f, .var_base = -1,
			  .cb_vars = -1, .pid_tgid = -1};
	ir_func_init(f, p->name);
	l.exit_label = ir_label(f);
	ir_set_loc(f, p->ast->loc);
	cache_pid_tgid(&l);
	pid_filter(&l);
	scratch_setup(&l); /* the predicate may need it too */
	int err = 0;
	if (p->pred) {
		ir_set_loc(f, p->pred->loc);
		err = lower_cond(&l, p->pred, l.exit_label);
	}
	if (!err) {
		init_vars(&l);
		err = stmts(&l, p->body->args);
	}
	ir_place(f, l.exit_label);
	ir_exit(f, ir_imm(0));
	int scratch = lower_scratch_map(b);
	if (scratch >= 0) /* every probe's temporaries fit in the one value */
		b->maps[scratch].value_size = MAX(b->maps[scratch].value_size,
						  ALIGN_UP(l.scratch_high, 8));
	if (!err && l.stack_err)
		err = -E2BIG;
	b->ringbuf_map = l.ringbuf_map;
	b->lost_map = l.lost_map;
	return err;
}
