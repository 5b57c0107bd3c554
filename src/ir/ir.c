/* IR builder and text dump. The builder only appends; validation happens in
 * codegen, which must reject malformed IR without aborting. */
#include "ir/ir.h"

#include <inttypes.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/disasm.h"

void ir_func_init(struct ir_func *f, const char *name)
{
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name ? name : "");
	f->ctx = ir_vreg(f);
}

void ir_func_free(struct ir_func *f)
{
	if (!f)
		return;
	free(f->name);
	free(f->insns);
	for (size_t i = 0; i < f->nsubs; i++) {
		ir_func_free(f->subs[i]);
		free(f->subs[i]);
	}
	free(f->subs);
	memset(f, 0, sizeof(*f));
}

struct ir_func *ir_func_add_sub(struct ir_func *main, int nparams, int *index)
{
	struct ir_func *sub = xcalloc(1, sizeof(*sub));
	char name[256];
	snprintf(name, sizeof(name), "%s.cb%zu", main->name ? main->name : "", main->nsubs);
	ir_func_init(sub, name);
	sub->nparams = nparams < 0 ? 0 : nparams > 5 ? 5 : nparams;
	ir_alloca(sub, 8 * (uint32_t)sub->nparams, 8);
	main->subs = xgrow(main->subs, main->nsubs, sizeof(*main->subs));
	*index = (int)main->nsubs;
	main->subs[main->nsubs++] = sub;
	return sub;
}

int ir_vreg(struct ir_func *f)
{
	return f->nvregs++;
}

int ir_label(struct ir_func *f)
{
	return f->nlabels++;
}

int32_t ir_alloca(struct ir_func *f, uint32_t size, uint32_t align)
{
	if (align == 0 || align > 8 || (align & (align - 1)))
		align = 8;
	f->stack = ALIGN_UP(f->stack + size, align);
	return -(int32_t)f->stack;
}

void ir_set_loc(struct ir_func *f, struct srcloc loc)
{
	f->cur_loc = loc;
}

/* Appends a zeroed instruction (dst = -1, label = -1) tagged with cur_loc. */
static struct ir_insn *append(struct ir_func *f, enum ir_op op)
{
	if (f->ninsns == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->insns = xrealloc(f->insns, f->cap * sizeof(*f->insns));
	}
	struct ir_insn *in = &f->insns[f->ninsns++];
	memset(in, 0, sizeof(*in));
	in->op = op;
	in->dst = -1;
	in->label = -1;
	in->loc = f->cur_loc;
	return in;
}

void ir_mov(struct ir_func *f, int dst, struct ir_opnd a)
{
	struct ir_insn *in = append(f, IR_MOV);
	in->dst = dst;
	in->a = a;
}

void ir_alu(struct ir_func *f, uint8_t code, int dst, struct ir_opnd a, struct ir_opnd b)
{
	struct ir_insn *in = append(f, IR_ALU);
	in->code = code;
	in->dst = dst;
	in->a = a;
	in->b = b;
}

void ir_neg(struct ir_func *f, int dst, struct ir_opnd a)
{
	struct ir_insn *in = append(f, IR_NEG);
	in->dst = dst;
	in->a = a;
}

void ir_load(struct ir_func *f, int dst, struct ir_opnd base, int32_t off, uint8_t size)
{
	struct ir_insn *in = append(f, IR_LOAD);
	in->dst = dst;
	in->a = base;
	in->off = off;
	in->size = size;
}

void ir_store(struct ir_func *f, struct ir_opnd base, int32_t off, struct ir_opnd val, uint8_t size)
{
	struct ir_insn *in = append(f, IR_STORE);
	in->a = base;
	in->b = val;
	in->off = off;
	in->size = size;
}

void ir_xadd(struct ir_func *f, struct ir_opnd base, int32_t off, struct ir_opnd val, uint8_t size)
{
	struct ir_insn *in = append(f, IR_XADD);
	in->a = base;
	in->b = val;
	in->off = off;
	in->size = size;
}

void ir_ldfunc(struct ir_func *f, int dst, int sub_index)
{
	struct ir_insn *in = append(f, IR_LDFUNC);
	in->dst = dst;
	in->imm = sub_index;
}

void ir_ldksym(struct ir_func *f, int dst, int32_t btf_id)
{
	struct ir_insn *in = append(f, IR_LDKSYM);
	in->dst = dst;
	in->imm = btf_id;
}

void ir_ldmap(struct ir_func *f, int dst, int map_index)
{
	struct ir_insn *in = append(f, IR_LDMAP);
	in->dst = dst;
	in->imm = map_index;
}

void ir_call(struct ir_func *f, int dst, int32_t helper, int nargs, const struct ir_opnd *args)
{
	struct ir_insn *in = append(f, IR_CALL);
	in->dst = dst;
	in->helper = helper;
	/* Out-of-range counts are kept (clamped copy) so codegen reports them. */
	in->nargs = (uint8_t)(nargs < 0 ? 0xff : nargs > 0xff ? 0xff : nargs);
	for (int i = 0; i < nargs && i < IR_MAX_ARGS; i++)
		in->args[i] = args[i];
}

void ir_jmp(struct ir_func *f, int label)
{
	append(f, IR_JMP)->label = label;
}

void ir_jcc(struct ir_func *f, uint8_t code, struct ir_opnd a, struct ir_opnd b, int label)
{
	struct ir_insn *in = append(f, IR_JCC);
	in->code = code;
	in->a = a;
	in->b = b;
	in->label = label;
}

void ir_place(struct ir_func *f, int label)
{
	append(f, IR_LABEL)->label = label;
}

void ir_exit(struct ir_func *f, struct ir_opnd a)
{
	append(f, IR_EXIT)->a = a;
}

void ir_endian(struct ir_func *f, uint8_t code, int dst, struct ir_opnd a, int bits)
{
	struct ir_insn *in = append(f, IR_ENDIAN);
	in->code = code;
	in->dst = dst;
	in->a = a;
	in->imm = bits;
}

/* ---- dump ---- */

static const char *alu_name(uint8_t code)
{
	switch (code) {
	case BPF_ADD: return "add";
	case BPF_SUB: return "sub";
	case BPF_MUL: return "mul";
	case BPF_DIV: return "div";
	case BPF_MOD: return "mod";
	case BPF_OR: return "or";
	case BPF_AND: return "and";
	case BPF_XOR: return "xor";
	case BPF_LSH: return "lsh";
	case BPF_RSH: return "rsh";
	case BPF_ARSH: return "arsh";
	}
	return NULL;
}

static const char *jcc_name(uint8_t code)
{
	switch (code) {
	case BPF_JEQ: return "==";
	case BPF_JNE: return "!=";
	case BPF_JGT: return ">";
	case BPF_JGE: return ">=";
	case BPF_JLT: return "<";
	case BPF_JLE: return "<=";
	case BPF_JSGT: return "s>";
	case BPF_JSGE: return "s>=";
	case BPF_JSLT: return "s<";
	case BPF_JSLE: return "s<=";
	case BPF_JSET: return "&";
	}
	return NULL;
}

static void put_opnd(FILE *out, struct ir_opnd o)
{
	switch (o.kind) {
	case IR_O_REG: fprintf(out, "%%%d", o.reg); break;
	case IR_O_IMM: fprintf(out, "%" PRId64, o.imm); break;
	case IR_O_FP:
		if (o.imm)
			fprintf(out, "fp%+" PRId64, o.imm);
		else
			fputs("fp", out);
		break;
	default: fputs("?", out); break;
	}
}

/* "[%2+4]", "[fp-16]": an FP base folds its own offset into off. */
static void put_addr(FILE *out, struct ir_opnd base, int32_t off)
{
	int64_t total = off;
	fputc('[', out);
	if (base.kind == IR_O_FP) {
		total += base.imm;
		fputs("fp", out);
	} else {
		put_opnd(out, base);
	}
	if (total)
		fprintf(out, "%+" PRId64, total);
	fputc(']', out);
}

static const char *size_name(uint8_t size)
{
	switch (size) {
	case 1: return "u8";
	case 2: return "u16";
	case 4: return "u32";
	case 8: return "u64";
	}
	return "u?";
}

static void put_dst(FILE *out, const struct ir_insn *in)
{
	fprintf(out, "  %%%d = ", in->dst);
}

static void dump_call(FILE *out, const struct ir_insn *in)
{
	const char *name = bpf_helper_name(in->helper);
	if (in->dst >= 0)
		put_dst(out, in);
	else
		fputs("  ", out);
	if (name)
		fprintf(out, "call %s(", name);
	else
		fprintf(out, "call helper#%d(", in->helper);
	for (int i = 0; i < in->nargs && i < IR_MAX_ARGS; i++) {
		if (i)
			fputs(", ", out);
		put_opnd(out, in->args[i]);
	}
	fputs(")", out);
}

static void dump_alu(FILE *out, const struct ir_insn *in)
{
	const char *name = alu_name(in->code);
	put_dst(out, in);
	if (name)
		fprintf(out, "%s%s ", name, in->alu32 ? "32" : "");
	else
		fprintf(out, "alu?%u ", in->code);
	put_opnd(out, in->a);
	fputs(", ", out);
	put_opnd(out, in->b);
}

static void dump_jcc(FILE *out, const struct ir_insn *in)
{
	const char *name = jcc_name(in->code);
	fputs("  if ", out);
	put_opnd(out, in->a);
	if (name)
		fprintf(out, " %s ", name);
	else
		fprintf(out, " jcc?%u ", in->code);
	put_opnd(out, in->b);
	fprintf(out, " goto L%d", in->label);
}

static void dump_mem(FILE *out, const struct ir_insn *in)
{
	switch (in->op) {
	case IR_LOAD:
		put_dst(out, in);
		fprintf(out, "load.%s ", size_name(in->size));
		put_addr(out, in->a, in->off);
		return;
	case IR_STORE:
	case IR_XADD:
		fprintf(out, "  %s.%s ", in->op == IR_STORE ? "store" : "xadd",
			size_name(in->size));
		put_addr(out, in->a, in->off);
		fputs(", ", out);
		put_opnd(out, in->b);
		return;
	default:
		return;
	}
}

static void dump_insn(FILE *out, const struct ir_insn *in)
{
	switch (in->op) {
	case IR_MOV:
		put_dst(out, in);
		fputs(in->alu32 ? "mov32 " : "mov ", out);
		put_opnd(out, in->a);
		break;
	case IR_ALU: dump_alu(out, in); break;
	case IR_NEG:
		put_dst(out, in);
		fputs(in->alu32 ? "neg32 " : "neg ", out);
		put_opnd(out, in->a);
		break;
	case IR_LOAD:
	case IR_STORE:
	case IR_XADD: dump_mem(out, in); break;
	case IR_LDMAP:
		put_dst(out, in);
		fprintf(out, "ldmap #%" PRId64, in->imm);
		break;
	case IR_LDFUNC:
		put_dst(out, in);
		fprintf(out, "ldfunc #%" PRId64, in->imm);
		break;
	case IR_LDKSYM:
		put_dst(out, in);
		fprintf(out, "ldksym btf#%" PRId64, in->imm);
		break;
	case IR_CALL: dump_call(out, in); break;
	case IR_JMP: fprintf(out, "  goto L%d", in->label); break;
	case IR_JCC: dump_jcc(out, in); break;
	case IR_LABEL: fprintf(out, "L%d:", in->label); break;
	case IR_EXIT:
		fputs("  exit ", out);
		put_opnd(out, in->a);
		break;
	case IR_ENDIAN:
		put_dst(out, in);
		fprintf(out, "%s%" PRId64 " ", in->code == BPF_TO_BE ? "be" : "le", in->imm);
		put_opnd(out, in->a);
		break;
	default: fprintf(out, "  ?op%d", (int)in->op); break;
	}
	fputc('\n', out);
}

void ir_dump(const struct ir_func *f, FILE *out)
{
	fprintf(out, "func %s (ctx %%%d, stack %" PRIu32, f->name ? f->name : "", f->ctx,
		f->stack);
	if (f->nparams)
		fprintf(out, ", params %d", f->nparams);
	fputs(")\n", out);
	for (size_t i = 0; i < f->ninsns; i++)
		dump_insn(out, &f->insns[i]);
	for (size_t i = 0; i < f->nsubs; i++)
		ir_dump(f->subs[i], out);
}
