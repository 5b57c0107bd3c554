/* USDT: argument spec parsing and .note.stapsdt reading (src/sym/usdt.c).
 * The notes read are this test binary's own: it has two <sys/sdt.h> probes,
 * one with a semaphore. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdlib.h>
#include <unistd.h>

#include "sym/usdt.h"
#include "test.h"

unsigned short sgunit_withsema_semaphore __attribute__((section(".probes"), used));
unsigned short sgunit_consts_semaphore __attribute__((section(".probes"), used));

static volatile int unit_fire;

static __attribute__((noinline, used)) void fire(long v)
{
	if (unit_fire) {
		DTRACE_PROBE2(sgunit, withsema, v, 5);
		DTRACE_PROBE3(sgunit, consts, -7, 1, 2);
	}
}

static struct usdt_arg one(const char *spec, int *err)
{
	struct usdt_arg a[USDT_MAX_ARGS];
	int n;
	char *bad;
	*err = usdt_parse_args(spec, a, &n, &bad);
	free(bad);
	return n == 1 ? a[0] : (struct usdt_arg){.kind = USDT_ARG_BAD};
}

TEST(usdt_parse_registers)
{
	int err;
	struct usdt_arg a = one("-4@%eax", &err);
	CHECK_INT(err, 0);
	CHECK_INT(a.kind, USDT_ARG_REG);
	CHECK_INT(a.size, 4);
	CHECK(a.is_signed);
	CHECK_INT(a.reg, 80);
	a = one("8@%rdi", &err);
	CHECK_INT(a.reg, 112);
	CHECK(!a.is_signed && a.size == 8);
	a = one("1@%sil", &err);
	CHECK_INT(a.reg, 104);
	a = one("-1@%ah", &err);
	CHECK_INT(a.reg, 81); /* the second byte of rax */
	a = one("2@%r15w", &err);
	CHECK_INT(a.reg, 0);
	a = one("4@%r9d", &err);
	CHECK_INT(a.reg, 64);
	int width;
	CHECK_INT(usdt_reg_offset("bpl", &width), 32);
	CHECK_INT(width, 1);
	CHECK_INT(usdt_reg_offset("xmm0", &width), -1);
}

TEST(usdt_parse_constants_and_memory)
{
	int err;
	struct usdt_arg a = one("4@$5", &err);
	CHECK(err == 0 && a.kind == USDT_ARG_CONST && a.val == 5);
	a = one("-8@$-42", &err);
	CHECK(err == 0 && a.val == -42 && a.is_signed);
	a = one("8@-16(%rbp)", &err);
	CHECK(err == 0 && a.kind == USDT_ARG_MEM && a.val == -16 && a.reg == 32 && a.index == -1);
	a = one("-2@8(%rax,%rbx,4)", &err);
	CHECK(err == 0 && a.kind == USDT_ARG_MEM && a.val == 8 && a.reg == 80);
	CHECK(a.index == 40 && a.scale == 4 && a.size == 2 && a.is_signed);
	a = one("4@(%rsp)", &err);
	CHECK(err == 0 && a.kind == USDT_ARG_MEM && a.val == 0 && a.reg == 152);
	a = one("8@(%rax,%rcx)", &err);
	CHECK(err == 0 && a.index == 88 && a.scale == 1);
}

TEST(usdt_parse_bad)
{
	static const char *const bad[] = {"4@counter(%rip)", "3@%eax", "4@%xmm0", "%eax",
					  "4@$", "4@8(%rax", "4@8(%rax,%rbx,3)", "4@$5x", "@%eax"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct usdt_arg a[USDT_MAX_ARGS];
		int n;
		char *text;
		CHECK_INT(usdt_parse_args(bad[i], a, &n, &text), -EINVAL);
		CHECK_STR(text, bad[i]);
		CHECK_INT(n, 1);
		CHECK_INT(a[0].kind, USDT_ARG_BAD);
		free(text);
	}
}

TEST(usdt_parse_list)
{
	struct usdt_arg a[USDT_MAX_ARGS];
	int n;
	char *bad;
	/* A bad argument does not hide the others. */
	CHECK_INT(usdt_parse_args(" -4@%edi  8@x(%rip) 2@$3 ", a, &n, &bad), -EINVAL);
	CHECK_INT(n, 3);
	CHECK_STR(bad, "8@x(%rip)");
	CHECK(a[0].kind == USDT_ARG_REG && a[1].kind == USDT_ARG_BAD && a[2].kind == USDT_ARG_CONST);
	free(bad);
	CHECK_INT(usdt_parse_args("", a, &n, &bad), 0);
	CHECK_INT(n, 0);
	char *text = usdt_arg_text(" a  b c", 1);
	CHECK_STR(text, "b");
	free(text);
	CHECK(usdt_arg_text("a", 1) == NULL);
	CHECK_INT(usdt_parse_args("1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1",
				  a, &n, &bad), -E2BIG);
}

static int bias_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	*(uintptr_t *)arg = info->dlpi_addr; /* the first object: the program */
	return 1;
}

static const struct usdt_note *find(const struct usdt_notes *u, const char *name)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i].provider, "sgunit") == 0 && strcmp(u->v[i].name, name) == 0)
			return &u->v[i];
	return NULL;
}

TEST(usdt_read_own_notes)
{
	fire(1);
	struct usdt_notes u;
	CHECK_INT(usdt_read("/proc/self/exe", &u), 0);
	const struct usdt_note *s = find(&u, "withsema"), *c = find(&u, "consts");
	CHECK(s && c);
	if (!s || !c) {
		usdt_free(&u);
		return;
	}
	CHECK_STR(c->args, "-4@$-7 -4@$1 -4@$2");
	uintptr_t bias = 0;
	dl_iterate_phdr(bias_cb, &bias);
	CHECK_INT(s->sema, (uintptr_t)&sgunit_withsema_semaphore - bias);
	CHECK(s->sema_offset != 0);
	/* The probe site is a nop; the semaphore's file bytes are zero. */
	int fd = open("/proc/self/exe", O_RDONLY);
	unsigned char insn = 0;
	unsigned short sema = 1;
	CHECK_INT(pread(fd, &insn, 1, (off_t)s->offset), 1);
	CHECK_INT(insn, 0x90);
	CHECK_INT(pread(fd, &sema, 2, (off_t)s->sema_offset), 2);
	CHECK_INT(sema, 0);
	close(fd);
	usdt_free(&u);
}

TEST(usdt_read_errors)
{
	struct usdt_notes u;
	CHECK_INT(usdt_read("/nonexistent/file", &u), -ENOENT);
	CHECK_INT(usdt_read("/etc/passwd", &u), -ENOEXEC);
	CHECK_INT(usdt_read("/proc/self/exe", &u), 0);
	usdt_free(&u);
}
