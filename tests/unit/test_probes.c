/* Probe providers that need no kernel support to compile: uprobe target
 * parsing and ELF symbol lookup, library search, kprobe wildcard expansion
 * over a kallsyms file, profile/software/hardware attach requests. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "lang/parser.h"
#include "sema/perf_events.h"
#include "sema/probes.h"
#include "sema/sema.h"
#include "sym/elfsym.h"
#include "sym/ksyms.h"
#include "sema_fixture.h"
#include "test.h"

TEST(uprobe_target_parsing)
{
	char *sym;
	uint64_t n;
	CHECK_INT(elf_parse_target("malloc", &sym, &n), 0);
	CHECK_STR(sym, "malloc");
	CHECK_INT(n, 0);
	free(sym);
	CHECK_INT(elf_parse_target("f+0x10", &sym, &n), 0);
	CHECK_STR(sym, "f");
	CHECK_INT(n, 16);
	free(sym);
	CHECK_INT(elf_parse_target("0x401000", &sym, &n), 0);
	CHECK(sym == NULL);
	CHECK_INT(n, 0x401000);
	CHECK_INT(elf_parse_target("f+", &sym, &n), -EINVAL);
	CHECK_INT(elf_parse_target("+3", &sym, &n), -EINVAL);
	CHECK_INT(elf_parse_target("", &sym, &n), -EINVAL);
	CHECK_INT(elf_parse_target("12zz", &sym, &n), -EINVAL);
}

TEST(elf_symbols_of_self)
{
	struct elf_syms s;
	CHECK_INT(elf_syms_read("/proc/self/exe", &s), 0);
	const struct elf_sym *m = NULL;
	for (size_t i = 0; i < s.n; i++)
		if (strcmp(s.syms[i].name, "main") == 0)
			m = &s.syms[i];
	CHECK(m != NULL);
	if (m) {
		uint64_t off;
		CHECK(m->offset != 0);
		CHECK_INT(elf_vaddr_to_offset("/proc/self/exe", m->addr, &off), 0);
		CHECK_INT(off, m->offset);
	}
	for (size_t i = 1; i < s.n; i++) /* sorted by name */
		CHECK(strcmp(s.syms[i - 1].name, s.syms[i].name) <= 0);
	elf_syms_free(&s);
	CHECK_INT(elf_syms_read("/etc/hostname", &s), -ENOEXEC);
	CHECK_INT(elf_syms_read("/no/such/file", &s), -ENOENT);
}

TEST(binary_search_path)
{
	char *path;
	CHECK_INT(elf_find_binary("libc", &path), 0);
	CHECK(path && strstr(path, "/libc.so.6"));
	free(path);
	CHECK_INT(elf_find_binary("sh", &path), 0);
	CHECK(path && path[0] == '/' && access(path, X_OK) == 0);
	free(path);
	CHECK_INT(elf_find_binary("no_such_lib_xyz", &path), -ENOENT);
	CHECK_INT(elf_find_binary("/no/such/bin", &path), -ENOENT);
}


TEST(uprobe_attach_requests)
{
	struct fixture f;
	char *self = realpath("/proc/self/exe", NULL);
	analyse(&f, "uprobe:/proc/self/exe:main, ur:/proc/self/exe:main { @ = arg0; }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(f.s.probes.len, 2); /* uprobe and uretprobe: two programs */
	const struct sg_attach *a = &f.s.probes.data[0]->attach.data[0];
	char *name = xasprintf("uprobe:%s:main", self);
	CHECK_STR(a->name, name);
	CHECK_STR(a->provider, "uprobe");
	CHECK(strncmp(a->target, self, strlen(self)) == 0 && a->target[strlen(self)] == ':');
	CHECK_STR(f.s.probes.data[1]->attach.data[0].provider, "uretprobe");
	free(name);
	free(self);
	done(&f);
	analyse(&f, "uprobe:/proc/self/exe:main { @ = retval; }");
	CHECK(f.rc < 0 && strstr(f.errors, "retval is only available in uretprobe"));
	done(&f);
}

TEST(perf_event_requests)
{
	struct fixture f;
	analyse(&f, "profile:hz:99, profile:ms:5, software:faults:10, s:cs { } hardware:cycles { }");
	CHECK_INT(f.rc, 0);
	struct sema_probe *p = f.s.probes.data[0];
	CHECK_INT(p->attach.data[0].freq, 99);
	CHECK_INT(p->attach.data[1].period, 5000000);
	CHECK_STR(f.s.probes.data[1]->attach.data[0].name, "software:page-faults:10");
	CHECK_INT(f.s.probes.data[1]->attach.data[1].period, 1000); /* cs default */
	CHECK_STR(f.s.probes.data[2]->attach.data[0].name, "hardware:cpu-cycles:1000000");
	CHECK(perf_event_find(false, "cpu") == perf_event_find(false, "cpu-clock"));
	CHECK(perf_event_find(true, "nope") == NULL);
	done(&f);
}

static struct sema_probe *kprobe_group(struct sema *s, struct sema_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->prov = provider_find("kprobe");
	s->final = true;
	return p;
}

TEST(kprobe_wildcard_expansion)
{
	char path[] = "/tmp/spyglass-ksyms-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	const char text[] = "ffffffff81000000 T vfs_read\nffffffff81000100 T vfs_write\n"
			    "ffffffff81000200 t vfs_read\nffffffff81000300 T vfs_read.cold\n"
			    "ffffffff81000400 T do_sys_open\nffffffff81000500 t kprobe_x [kmod]\n";
	CHECK(write(fd, text, sizeof(text) - 1) == (ssize_t)sizeof(text) - 1);
	close(fd);
	struct ksyms k;
	CHECK_INT(ksyms_load(path, &k), 0);
	unlink(path);
	struct sema s = {0};
	struct sema_probe p;
	kprobe_group(&s, &p);
	CHECK_INT(kprobe_expand_wildcard(&s, &p, &k, "vfs_*", NULL), 2); /* dup, .cold dropped */
	CHECK_STR(p.attach.data[0].name, "kprobe:vfs_read");
	CHECK_STR(p.attach.data[1].target, "vfs_write");
	CHECK_INT(kprobe_expand_wildcard(&s, &p, &k, "kprobe_*", NULL), 0);
	CHECK_INT(kprobe_expand_wildcard(&s, &p, &k, "*open", NULL), 1);
	for (size_t i = 0; i < p.attach.len; i++) {
		free(p.attach.data[i].name);
		free(p.attach.data[i].target);
		free(p.attach.data[i].provider);
	}
	vec_free(&p.attach);
	sema_free(&s);
	ksyms_free(&k);
}

TEST(library_in_process_maps)
{
	char *path;
	CHECK_INT(elf_find_in_maps(getpid(), "libc", &path), 0);
	CHECK(path && strstr(path, "/libc.so"));
	free(path);
	CHECK_INT(elf_find_in_maps(getpid(), "no_such_lib_xyz", &path), -ENOENT);
	CHECK(elf_find_in_maps(-5, "libc", &path) < 0);
}
