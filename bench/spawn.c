/* Bench-only: run a command, report its wall time and peak RSS.
 *
 *   spawn RESULT_FILE CMD [ARGS...]
 *
 * Appends "wall_ns maxrss_kb exit_status" to RESULT_FILE. CMD's stdin, stdout
 * and stderr are ours.
 *
 * Why not from Python directly: ru_maxrss of a child includes the high-water
 * RSS of the address space it had *before* exec, and a child of Python starts
 * as a copy of (or, with posix_spawn, shares) the ~18 MB Python process, which
 * would hide a tracer smaller than that. Forked from this small program, the
 * pre-exec address space is ~1 MB. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: spawn RESULT_FILE CMD [ARGS...]\n");
		return 2;
	}
	FILE *res = fopen(argv[1], "a"); /* "a": RESULT_FILE may be /dev/stderr */
	if (!res) {
		perror(argv[1]);
		return 2;
	}
	long long t0 = mono_ns();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("wait4");
		return 2;
	}
	long long t1 = mono_ns();
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(res, "%lld %ld %d\n", t1 - t0, ru.ru_maxrss, code);
	fclose(res);
	return code;
}
