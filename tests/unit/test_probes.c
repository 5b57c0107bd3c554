/* Probe providers that need no kernel support to compile: uprobe target
 * parsing and ELF symbol lookup, library search, kprobe wildcard expansion
 * over a kallsyms file, profile/software/hardware attach requests. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <unistd.h>

#include "lang/parser.h"
#include "sema/perf_events.h"
#include "sema/probes.h"
#include "sema/sema.h"
#include "sym/elfsym.h"
#include "sym/ksyms.h"
#include "sym/traceable.h"
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
	struct traceable all;
	traceable_from_ksyms(&k, &all);
	CHECK_INT(kprobe_expand_wildcard(&s, &p, &all, "vfs_*", NULL), 2); /* dup, .cold dropped */
	CHECK_STR(p.attach.data[0].name, "kprobe:vfs_read");
	CHECK_STR(p.attach.data[1].target, "vfs_write");
	CHECK_INT(kprobe_expand_wildcard(&s, &p, &all, "kprobe_*", NULL), 0);
	CHECK_INT(kprobe_expand_wildcard(&s, &p, &all, "*open", NULL), 1);
	traceable_free(&all);
	/* With available_filter_functions: only what ftrace can attach to. */
	char tpath[] = "/tmp/spyglass-traceable-XXXXXX";
	fd = mkstemp(tpath);
	const char ttext[] = "vfs_write\nvfs_write\ndo_sys_open [kmod]\n\n";
	CHECK(write(fd, ttext, sizeof(ttext) - 1) == (ssize_t)sizeof(ttext) - 1);
	close(fd);
	struct traceable t;
	CHECK_INT(traceable_load(tpath, &t), 0);
	unlink(tpath);
	CHECK_INT(t.n, 2); /* sorted, deduplicated, module suffix dropped */
	CHECK(traceable_has(&t, "do_sys_open") && !traceable_has(&t, "vfs_read"));
	size_t before = p.attach.len;
	CHECK_INT(kprobe_expand_wildcard(&s, &p, &t, "vfs_*", NULL), 1);
	CHECK_STR(p.attach.data[before].target, "vfs_write");
	traceable_free(&t);
	CHECK_INT(traceable_load("/nonexistent/available_filter_functions", &t), -ENOENT);
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

/* fentry/fexit take `args` and `retval` types from the kernel's BTF
 * prototype (compile side only: this kernel cannot load trampolines). */
TEST(fentry_types_from_btf)
{
	struct fixture f;
	analyse(&f, "fexit:vfs_read { @[args.count, args.file->f_flags] = sum(retval); }");
	CHECK_INT(f.rc, 0);
	const struct sema_probe *p = f.s.probes.data[0];
	CHECK_INT(p->prov->expected_attach_type, BPF_TRACE_FEXIT);
	const struct record *r = p->ctx.rec;
	CHECK(r && r->nfields == 4);
	if (r && r->nfields == 4) {
		CHECK_STR(r->fields[0].name, "file");
		CHECK_INT(r->fields[0].type.kind, T_PTR);
		CHECK_STR(r->fields[2].name, "count");
		CHECK_INT(r->fields[2].offset, 16); /* one u64 slot per argument */
		CHECK_INT(r->fields[2].type.size, 8);
	}
	done(&f);
	/* A wildcard's functions must share their parameters for args... */
	analyse(&f, "fentry:vfs_* { @[args.file] = count(); }");
	CHECK(f.rc < 0 && strstr(f.errors, "have different parameters"));
	done(&f);
	/* ...but not for retval: bpf_get_func_ret reads it from any of them. */
	analyse(&f, "fexit:vfs_rea* { @[retval] = count(); }");
	CHECK_INT(f.rc, 0);
	done(&f);
	analyse(&f, "fexit:synchronize_rcu { @ = retval; }");
	CHECK(f.rc < 0 && strstr(f.errors, "returns void"));
	done(&f);
	analyse(&f, "fentry:vfs_read { @ = retval; }");
	CHECK(f.rc < 0 && strstr(f.errors, "fexit probes, not fentry"));
	done(&f);
}

static const struct field *ctx_field(const struct sema_probe *p, const char *name)
{
	return p->ctx.kind == T_CTX ? record_field(p->ctx.rec, name) : NULL;
}

/* Tracepoints whose args place a used field differently get a program
 * each; those that agree on the fields used share one. */
TEST(tracepoint_programs_per_args_layout)
{
	struct fixture f;
	analyse(&f, "t:syscalls:sys_enter_open, t:syscalls:sys_enter_openat "
		    "{ @[probe] = str(args.filename); }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(f.s.probes.len, 2);
	if (f.s.probes.len == 2) {
		const struct sema_probe *a = f.s.probes.data[0], *b = f.s.probes.data[1];
		CHECK_STR(a->name, "tracepoint:syscalls:sys_enter_open");
		CHECK_STR(b->name, "tracepoint:syscalls:sys_enter_openat");
		CHECK(a->attach.len == 1 && b->attach.len == 1);
		CHECK(!a->owns_code && b->owns_code && a->body != b->body);
		const struct field *fa = ctx_field(a, "filename"), *fb = ctx_field(b, "filename");
		CHECK(fa && fb && fa->offset == 16 && fb->offset == 24);
	}
	done(&f);
	/* Field names differ across sys_enter_*, but __syscall_nr is alike. */
	analyse(&f, "t:syscalls:sys_enter_* { @[args.__syscall_nr] = count(); }");
	CHECK_INT(f.rc, 0);
	CHECK(f.s.probes.len == 1 && f.s.probes.data[0]->attach.len > 100);
	done(&f);
	analyse(&f, "t:syscalls:sys_enter_read, t:syscalls:sys_enter_openat { @ = args.fd; }");
	CHECK(f.rc < 0);
	CHECK_STR(f.errors, "t.bt:1:62: error: tracepoint:syscalls:sys_enter_openat has no "
		  "field 'fd'\nt:syscalls:sys_enter_read, t:syscalls:sys_enter_openat { @ = args.fd; }\n"
		  "                                                             ^~~~~~~\n"
		  "note: did you mean 'dfd'?\n");
	done(&f);
	/* Errors in code shared by several programs are reported once. */
	analyse(&f, "t:syscalls:sys_enter_open, t:syscalls:sys_enter_openat { @ = args.flags + $nope; }");
	const char *e = strstr(f.errors, "undefined variable $nope");
	CHECK(f.rc < 0 && e && !strstr(e + 1, "undefined variable"));
	done(&f);
}
