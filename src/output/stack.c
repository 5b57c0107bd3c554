/* kstack/ustack and usym() values as text, like bpftrace's get_stack():
 * a newline, then one line per frame —
 *   bpftrace mode  "        sym+off"  (8 spaces; 4 inside a map key)
 *   perf mode      "\taddr sym+off"   (user frames add " (module)")
 *   raw mode       "addr"             (hex, no symbol)
 * Unresolved symbols print as 0x-prefixed hex addresses. A failed stack
 * (negative id) prints just the newline. Frames come from the backend
 * through the reader it registers (the output never talks to the kernel). */
#include <stdbool.h>
#include <string.h>

#include "output/output_priv.h"
#include "sym/ksyms.h"
#include "sym/usyms.h"

#define MAX_FRAMES 127

static sg_stack_reader_fn reader;
static void *reader_ctx;
static int in_key; /* > 0 while a map key is printed */

void output_set_stack_reader(sg_stack_reader_fn fn, void *ctx)
{
	reader = fn;
	reader_ctx = ctx;
}

void stack_key_begin(void)
{
	in_key++;
}

void stack_key_end(void)
{
	in_key--;
}

struct stack_val {
	int64_t id;
	uint32_t pid;
	uint8_t user, mode;
	uint16_t limit;
};

static void put_kframe(struct strbuf *sb, uint64_t addr)
{
	uint64_t off;
	const struct ksym *s = ksyms_find(ksyms_default(), addr, &off);
	if (s)
		sb_printf(sb, "%s+%llu", s->name, (unsigned long long)off);
	else
		sb_printf(sb, "0x%llx", (unsigned long long)addr);
}

static void put_uframe(struct strbuf *sb, uint32_t pid, uint64_t addr, bool module)
{
	struct usym_result r;
	usyms_find(usyms_default(), (int)pid, addr, &r);
	if (r.name)
		sb_printf(sb, "%s+%llu", r.name, (unsigned long long)r.off);
	else
		sb_printf(sb, "0x%llx", (unsigned long long)addr);
	if (module)
		sb_printf(sb, " (%s)", r.module && r.module[0] ? r.module : "[unknown]");
}

static void put_frame(struct strbuf *sb, const struct stack_val *v, uint64_t addr)
{
	switch (v->mode) {
	case 1: /* perf */
		sb_printf(sb, "\t%llx ", (unsigned long long)addr);
		break;
	case 2: /* raw */
		sb_printf(sb, "%llx\n", (unsigned long long)addr);
		return;
	default:
		sb_printf(sb, "%*s", in_key > 0 ? 4 : 8, "");
		break;
	}
	if (v->user)
		put_uframe(sb, v->pid, addr, v->mode == 1);
	else
		put_kframe(sb, addr);
	sb_appendc(sb, '\n');
}

void text_stack(struct strbuf *sb, const uint8_t *p)
{
	struct stack_val v;
	uint64_t ips[MAX_FRAMES];
	memcpy(&v.id, p, 8);
	memcpy(&v.pid, p + 8, 4);
	v.user = p[12];
	v.mode = p[13];
	memcpy(&v.limit, p + 14, 2);
	sb_appendc(sb, '\n');
	if (v.id < 0 || !reader)
		return;
	int n = reader(reader_ctx, (uint32_t)v.id, ips, MAX_FRAMES);
	if (v.limit && n > v.limit)
		n = v.limit;
	for (int i = 0; i < n && ips[i]; i++)
		put_frame(sb, &v, ips[i]);
}

/* usym(): the symbol name alone, else the address in hex. */
void text_usym(struct strbuf *sb, const uint8_t *p)
{
	uint64_t addr, pid;
	struct usym_result r;
	memcpy(&addr, p, 8);
	memcpy(&pid, p + 8, 8);
	usyms_find(usyms_default(), (int)pid, addr, &r);
	if (r.name)
		sb_append(sb, r.name);
	else
		sb_printf(sb, "0x%llx", (unsigned long long)addr);
}
