/* Target for the perf-map test: it plays a JIT runtime. jt_outer(x) →
 * jt_inner(x) is called once directly, then (after MS milliseconds, so that
 * a tracer has read the process's mappings by then) N times through
 * "compiled" code: an x86-64 trampoline copied into an anonymous executable
 * mapping, which it names in /tmp/perf-PID.map as JIT runtimes do. It sets
 * up a frame pointer, so stacks walk through it. Usage:
 * jit_target [N [MS [END_MS]]] (defaults 2, 300, 300); the map file is
 * removed before exit. Prints "jit: N calls" (or why it could not). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, used))

static volatile long sink;

NOINLINE long jt_inner(long x)
{
	sink += x;
	return x + 1;
}

NOINLINE long jt_outer(long x)
{
	long r = jt_inner(x * 2);
	sink += r; /* not a tail call: jt_outer's frame stays */
	return r;
}

/* long jit_trampoline(long (*fn)(long), long x): push %rbp; mov %rsp,%rbp;
 * mov %rdi,%rax; mov %rsi,%rdi; call *%rax; pop %rbp; ret */
static const unsigned char trampoline[] = {0x55, 0x48, 0x89, 0xe5, 0x48, 0x89, 0xf8, 0x48,
					   0x89, 0xf7, 0xff, 0xd0, 0x5d, 0xc3};

typedef long (*jit_fn)(long (*)(long), long);

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
	nanosleep(&ts, NULL);
}

/* The code in a fresh anonymous mapping, named in the perf map. */
static jit_fn compile(const char *map_path)
{
	void *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED)
		return NULL;
	memcpy(code, trampoline, sizeof(trampoline));
	FILE *f = fopen(map_path, "w");
	if (mprotect(code, 4096, PROT_READ | PROT_EXEC) != 0 || !f) {
		if (f)
			fclose(f);
		return NULL;
	}
	fprintf(f, "%lx %zx jit_trampoline\n", (unsigned long)code, sizeof(trampoline));
	fclose(f);
	return (jit_fn)code;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2;
	char map_path[64];
	snprintf(map_path, sizeof(map_path), "/tmp/perf-%d.map", (int)getpid());
	jt_outer(0);
	sleep_ms(argc > 2 ? atol(argv[2]) : 300);
	jit_fn jit = compile(map_path);
	if (!jit) {
		perror("jit_target");
		return 1;
	}
	for (int i = 1; i <= n; i++)
		jit(jt_outer, i);
	printf("jit: %d calls\n", n);
	fflush(stdout);
	sleep_ms(argc > 3 ? atol(argv[3]) : 300);
	unlink(map_path);
	return 0;
}
