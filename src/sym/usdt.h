/* USDT (systemtap SDT) probes of user binaries: the .note.stapsdt notes
 * (libelf) and their argument specs ("-4@%eax 8@-16(%rbp) 4@$5"), which the
 * compile side turns into reads of the probed task's pt_regs and memory. */
#ifndef SG_USDT_H
#define SG_USDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct usdt_note {
	char *provider, *name;
	char *args;           /* the argument spec string, "" when none */
	uint64_t pc;          /* probe address, adjusted for prelink (.stapsdt.base) */
	uint64_t sema;        /* semaphore address, 0 when none */
	uint64_t offset;      /* file offset of pc: what the uprobe PMU takes */
	uint64_t sema_offset; /* file offset of the semaphore (ref_ctr_offset), 0 when none */
};

struct usdt_notes {
	struct usdt_note *v; /* in note order */
	size_t n;
};

/* Reads the USDT notes of path. 0 (n may be 0) or -errno (-ENOEXEC: not ELF). */
int usdt_read(const char *path, struct usdt_notes *out);
void usdt_free(struct usdt_notes *u);

enum usdt_arg_kind {
	USDT_ARG_CONST, /* $imm */
	USDT_ARG_REG,   /* %reg */
	USDT_ARG_MEM,   /* off(%base[,%index[,scale]]): read from user memory */
	USDT_ARG_BAD,   /* a spec this parser does not support, e.g. sym(%rip) */
};

#define USDT_MAX_ARGS 12

struct usdt_arg {
	enum usdt_arg_kind kind;
	uint8_t size;      /* 1, 2, 4 or 8 bytes */
	bool is_signed;    /* "-4@...": sign-extend */
	int64_t val;       /* CONST: the value; MEM: the displacement */
	int16_t reg;       /* REG / MEM base: byte offset in x86-64 struct pt_regs */
	int16_t index;     /* MEM: pt_regs offset of the index register, -1 when none */
	uint8_t scale;     /* MEM: 1, 2, 4 or 8 */
};

/* Parses a whole spec string into args[USDT_MAX_ARGS]. 0, or -EINVAL with
 * *bad the first unsupported argument (malloc'd; that arg is USDT_ARG_BAD,
 * the others are parsed), or -E2BIG with more than USDT_MAX_ARGS. */
int usdt_parse_args(const char *spec, struct usdt_arg *args, int *nargs, char **bad);
/* pt_regs offset of an x86-64 register name without '%' ("eax", "r8d", "ah":
 * high bytes are offset + 1), or -1. *width gets its size in bytes. */
int usdt_reg_offset(const char *name, int *width);
/* The i-th whitespace-separated argument of spec (malloc'd), or NULL. */
char *usdt_arg_text(const char *spec, int i);

#endif
