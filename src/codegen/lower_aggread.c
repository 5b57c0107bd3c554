/* Reading a count/sum/min/max/avg map inside a probe (`if (@c > 5)`), as
 * the newest bpftrace does: the per-CPU slots of the key are merged with
 * bpf_map_lookup_percpu_elem over every possible CPU, exactly the way user
 * space merges them for printing (src/output/merge.c): count/sum add up,
 * min/max take the extreme of the CPUs that saw a value, avg is total /
 * count truncated toward zero. A missing key reads 0. */
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "codegen/lower.h"
#include "codegen/lower_int.h"
#include "sema/sema.h"

struct aggread {
	enum sg_agg agg;
	bool is_signed;
	int acc, acc2, any; /* vregs: value (avg: total), avg count, min/max seen */
};

/* Folds one CPU's slot at [p] into the accumulators. */
static void fold(struct lower *l, const struct aggread *a, int p)
{
	struct ir_func *f = l->f;
	int t = lower_vreg(l), skip = ir_label(f), take = ir_label(f);
	switch (a->agg) {
	case SG_AGG_MIN:
	case SG_AGG_MAX: {
		uint8_t keep = a->agg == SG_AGG_MIN ? (a->is_signed ? BPF_JSLE : BPF_JLE)
						    : (a->is_signed ? BPF_JSGE : BPF_JGE);
		ir_load(f, t, ir_reg(p), 8, 8);
		ir_jcc(f, BPF_JEQ, ir_reg(t), ir_imm(0), skip); /* this CPU saw none */
		ir_load(f, t, ir_reg(p), 0, 8);
		ir_jcc(f, BPF_JEQ, ir_reg(a->any), ir_imm(0), take);
		ir_jcc(f, keep, ir_reg(a->acc), ir_reg(t), skip);
		ir_place(f, take);
		ir_mov(f, a->acc, ir_reg(t));
		ir_mov(f, a->any, ir_imm(1));
		break;
	}
	case SG_AGG_AVG:
		ir_load(f, t, ir_reg(p), 8, 8);
		ir_alu(f, BPF_ADD, a->acc2, ir_reg(a->acc2), ir_reg(t));
		__attribute__((fallthrough));
	default: /* count, sum; avg's total */
		ir_load(f, t, ir_reg(p), 0, 8);
		ir_alu(f, BPF_ADD, a->acc, ir_reg(a->acc), ir_reg(t));
		break;
	}
	ir_place(f, skip);
}

/* avg: total / count, 0 without values; signed totals truncate toward 0. */
static void finish_avg(struct lower *l, const struct aggread *a)
{
	struct ir_func *f = l->f;
	int done = ir_label(f), pos = ir_label(f);
	ir_jcc(f, BPF_JEQ, ir_reg(a->acc2), ir_imm(0), done); /* acc is 0 too */
	if (a->is_signed)
		ir_jcc(f, BPF_JSGE, ir_reg(a->acc), ir_imm(0), pos);
	if (a->is_signed) {
		int n = lower_vreg(l);
		ir_mov(f, n, ir_imm(0));
		ir_alu(f, BPF_SUB, n, ir_reg(n), ir_reg(a->acc));
		ir_alu(f, BPF_DIV, n, ir_reg(n), ir_reg(a->acc2));
		ir_mov(f, a->acc, ir_imm(0));
		ir_alu(f, BPF_SUB, a->acc, ir_reg(a->acc), ir_reg(n));
		ir_jmp(f, done);
	}
	ir_place(f, pos);
	ir_alu(f, BPF_DIV, a->acc, ir_reg(a->acc), ir_reg(a->acc2));
	ir_place(f, done);
}

static int possible_cpus(void)
{
	int n = libbpf_num_possible_cpus();
	return n > 0 ? n : 1;
}

int lower_agg_read(struct lower *l, const struct sema_map *m, struct lmem key_at, struct val *out)
{
	struct ir_func *f = l->f;
	struct aggread a = {.agg = m->agg, .is_signed = m->value.is_signed,
			    .acc = lower_vreg(l), .acc2 = lower_vreg(l), .any = lower_vreg(l)};
	int cpu = lower_vreg(l), map = lower_vreg(l), ncpus = possible_cpus();
	int head = ir_label(f), next = ir_label(f);
	ir_mov(f, a.acc, ir_imm(0));
	ir_mov(f, a.acc2, ir_imm(0));
	ir_mov(f, a.any, ir_imm(0));
	ir_mov(f, cpu, ir_imm(0));
	ir_place(f, head);
	ir_ldmap(f, map, m->index);
	int key = lower_mem_addr(l, key_at);
	int p = lower_call(l, BPF_FUNC_map_lookup_percpu_elem, 3, ir_reg(map), ir_reg(key),
			   ir_reg(cpu));
	ir_jcc(f, BPF_JEQ, ir_reg(p), ir_imm(0), next);
	fold(l, &a, p);
	ir_place(f, next);
	ir_alu(f, BPF_ADD, cpu, ir_reg(cpu), ir_imm(1));
	ir_jcc(f, BPF_JLT, ir_reg(cpu), ir_imm(ncpus), head);
	/* The verifier walks the loop once per CPU: account for it like loops. */
	l->loop_extra += (uint64_t)(ncpus - 1) * 24;
	l->loop_extra_jmps += (uint64_t)(ncpus - 1) * 5;
	if (a.agg == SG_AGG_AVG)
		finish_avg(l, &a);
	out->kind = VAL_REG;
	out->reg = a.acc;
	out->type = m->value;
	return 0;
}
