/* User symbols (src/sym/usyms.c): /proc/PID/maps and perf-map parsing, and
 * symbolizing addresses of this (PIE) test binary through its mappings,
 * also after the process that owned them has exited. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sym/usyms.h"
#include "test.h"

__attribute__((noinline, used)) int usyms_probe_me(int x)
{
	return x * 3 + 1;
}

TEST(maps_keep_executable_mappings_only)
{
	const char *text =
		"55d0c0000000-55d0c0001000 r--p 00000000 08:01 1234 /usr/bin/prog\n"
		"55d0c0001000-55d0c0005000 r-xp 00001000 08:01 1234 /usr/bin/prog\n"
		"7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n"
		"7f0000002000-7f0000003000 r-xp 00000000 00:00 0\n"
		"7f1000000000-7f1000100000 r-xp 00028000 fd:02 99 /lib/my lib.so (deleted)\n"
		"garbage\n";
	struct usym_map *m;
	size_t n;
	CHECK_INT(usyms_parse_maps(text, &m, &n), 0);
	CHECK_INT(n, 3);
	CHECK(m[0].start == 0x55d0c0001000ULL && m[0].end == 0x55d0c0005000ULL);
	CHECK_INT(m[0].pgoff, 0x1000);
	CHECK_INT(m[0].ino, 1234);
	CHECK_STR(m[0].path, "/usr/bin/prog");
	CHECK_STR(m[1].path, "");
	CHECK_STR(m[2].path, "/lib/my lib.so (deleted)");
	CHECK_INT(m[2].pgoff, 0x28000);
	usym_maps_free(m, n);
}

TEST(perf_map_sorted_names_with_spaces)
{
	const char *text = "7f0000002000 10 LazyCompile:~bar /app.js:3\n"
			   "7f0000001000 20 foo\n"
			   "bad line\n"
			   "7f0000003000 8\n";
	struct usym_jit *j;
	size_t n;
	CHECK_INT(usyms_parse_perf_map(text, &j, &n), 0);
	CHECK_INT(n, 2);
	CHECK_INT(j[0].start, 0x7f0000001000LL);
	CHECK_INT(j[0].size, 0x20);
	CHECK_STR(j[0].name, "foo");
	CHECK_STR(j[1].name, "LazyCompile:~bar /app.js:3");
	usym_jits_free(j, n);
}

TEST(own_pie_function_resolves_with_offset)
{
	struct usyms *u = usyms_new();
	struct usym_result r;
	uint64_t addr = (uint64_t)(uintptr_t)&usyms_probe_me;
	usyms_find(u, getpid(), addr + 3, &r);
	CHECK(r.name != NULL);
	if (r.name)
		CHECK_STR(r.name, "usyms_probe_me");
	CHECK_INT(r.off, 3);
	CHECK(r.module && r.module[0] == '/');
	usyms_find(u, getpid(), 8, &r); /* nothing mapped at 8 */
	CHECK(r.name == NULL && r.module == NULL);
	usyms_free(u);
}

TEST(elf_addr_and_file_vaddr)
{
	uint64_t a = 0, v = 0;
	CHECK_INT(usyms_elf_addr("/proc/self/exe", "usyms_probe_me", &a), 0);
	CHECK(a != 0);
	CHECK_INT(usyms_elf_addr("/proc/self/exe", "no_such_symbol_here", &a), -ENOENT);
	CHECK(usyms_elf_addr("/nonexistent/file", "x", &a) < 0);
	/* File offset 0 is in the first PT_LOAD of a PIE: virtual address 0. */
	CHECK_INT(usyms_file_vaddr("/proc/self/exe", 0, &v), 0);
	CHECK_INT(v, 0);
}

TEST(perf_map_of_a_jit_process)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f, "1000 20 jitted_one\n2000 10 jitted_two\n");
	fclose(f);
	struct usyms *u = usyms_new();
	struct usym_result r;
	usyms_find(u, getpid(), 0x2004, &r);
	unlink(path);
	CHECK(r.name != NULL);
	if (r.name)
		CHECK_STR(r.name, "jitted_two");
	CHECK_INT(r.off, 4);
	usyms_find(u, getpid(), 0x1020, &r); /* just past jitted_one */
	CHECK(r.name == NULL);
	usyms_free(u);
}

TEST(symbols_survive_process_exit)
{
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	struct usyms *u = usyms_new();
	CHECK_INT(usyms_snapshot(u, child), 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	struct usym_result r;
	usyms_find(u, child, (uint64_t)(uintptr_t)&usyms_probe_me, &r);
	CHECK(r.name != NULL);
	if (r.name)
		CHECK_STR(r.name, "usyms_probe_me");
	CHECK_INT(r.off, 0);
	CHECK(usyms_snapshot(u, child) < 0); /* gone now: the old snapshot stays */
	usyms_find(u, child, (uint64_t)(uintptr_t)&usyms_probe_me, &r);
	CHECK(r.name != NULL);
	usyms_free(u);
}
