/* Bench-only workload generator, for what build/workload (tests/workload.c)
 * cannot express in bpftrace's 255-argument limit for -c commands.
 *
 *   gen ACTION ARGS [ACTION ARGS ...]
 *
 *   keys N        write(2) to /dev/null with every size 1..N once (N <= 1 MiB):
 *                 `@m[args->count] = count()` ends with N keys, each 1
 *   burst K M     M times: K raw getpid syscalls, then sleep 1 ms
 *                 (about K events per ms: a fixed load)
 *   wait PATH     open PATH (a FIFO) and read it to EOF, i.e. block until the
 *                 bench releases it
 *
 * bench/run.sh builds it as build/bench/sgbench_gen; scripts filter on that
 * comm or on cpid, so nothing else on the machine adds events. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 20];

static int keys(long n)
{
	if (n <= 0 || (size_t)n > sizeof(buf))
		return 2;
	int fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		return 1;
	for (long i = 1; i <= n; i++)
		if (write(fd, buf, (size_t)i) < 0)
			return 1;
	close(fd);
	return 0;
}

static int burst(long k, long m)
{
	struct timespec ms = {0, 1000000L};
	for (long j = 0; j < m; j++) {
		for (long i = 0; i < k; i++)
			syscall(SYS_getpid);
		nanosleep(&ms, NULL);
	}
	return 0;
}

static int wait_fifo(const char *path)
{
	int f = open(path, O_RDONLY);
	if (f < 0)
		return 1;
	while (read(f, buf, sizeof(buf)) > 0)
		;
	close(f);
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc;) {
		int rc;
		if (!strcmp(argv[i], "keys") && i + 1 < argc) {
			rc = keys(atol(argv[i + 1]));
			i += 2;
		} else if (!strcmp(argv[i], "burst") && i + 2 < argc) {
			rc = burst(atol(argv[i + 1]), atol(argv[i + 2]));
			i += 3;
		} else if (!strcmp(argv[i], "wait") && i + 1 < argc) {
			rc = wait_fifo(argv[i + 1]);
			i += 2;
		} else {
			fprintf(stderr, "usage: gen {keys N | burst K M | wait FIFO}...\n");
			return 2;
		}
		if (rc)
			return rc;
	}
	return 0;
}
