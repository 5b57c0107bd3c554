/* eBPF disassembler in the kernel verifier / `bpftool prog dump xlated` syntax
 * (without bpftool's "(opcode)" column):
 *   r1 = *(u64 *)(r10 -8)      if r1 != 0x0 goto pc+3      call bpf_map_lookup_elem#1
 *   w1 += w2      r1 = 0x1234567890      r1 = map[@name]      lock *(u64 *)(r0 +0) += r1 */
#ifndef SG_DISASM_H
#define SG_DISASM_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>

/* map_names (may be NULL) names map indexes used by BPF_PSEUDO_MAP_FD loads. */
void bpf_disasm(const struct bpf_insn *insns, size_t n, const char *const *map_names,
		size_t nmaps, FILE *out);
/* Formats one instruction (two slots for ld_imm64) into buf; returns slots used. */
int bpf_disasm_insn(const struct bpf_insn *insn, size_t left, const char *const *map_names,
		    size_t nmaps, char *buf, size_t buflen);
const char *bpf_helper_name(int id); /* "map_lookup_elem", or NULL */

#endif
