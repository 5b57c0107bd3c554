/* Deterministic workload for end-to-end tests: makes an exact number of known
 * syscalls so that traced counts, sums and histograms are known in advance.
 *
 *   workload ACTION COUNT [ARG] [ACTION COUNT [ARG] ...]
 *
 *   openat N PATH   openat(AT_FDCWD, PATH, O_RDONLY) + close, N times
 *   open N PATH     open(PATH, O_RDONLY) (the old syscall) + close, N times
 *   execve N PATH   execve(PATH, {PATH, "-x", "arg"}) N times: PATH must not
 *                   exist (the call fails, tracepoints see it, we go on)
 *   execveat N PATH the same through execveat(AT_FDCWD, PATH, ...)
 *   read N SIZE     read(SIZE bytes) from /dev/zero, N times
 *   write N SIZE    write(SIZE bytes) to /dev/null, N times
 *   getpid N        raw getpid syscall, N times
 *   close N FD      close(FD) N times (FD usually invalid, e.g. 999)
 *   sleep N MS      nanosleep MS milliseconds, N times
 *   dup N FD        dup(FD)+close, N times
 *   cpu N CPU       run on CPU only from now on (N is ignored)
 *   wait N PATH     open PATH (a FIFO) and read it to EOF: blocks until a
 *                   test releases it, e.g. once the tracer is attached
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 20];

static int act(const char *what, long n, const char *arg)
{
	long a = arg && strcmp(what, "wait") != 0 ? atol(arg) : 0;
	if (a < 0 || (size_t)a > sizeof(buf))
		a = sizeof(buf);
	int fd = -1;
	if (!strcmp(what, "read"))
		fd = open("/dev/zero", O_RDONLY);
	else if (!strcmp(what, "write"))
		fd = open("/dev/null", O_WRONLY);
	for (long i = 0; i < n; i++) {
		if (!strcmp(what, "openat")) {
			int f = (int)syscall(SYS_openat, AT_FDCWD, arg, O_RDONLY);
			if (f >= 0)
				close(f);
		} else if (!strcmp(what, "open")) {
			int f = (int)syscall(SYS_open, arg, O_RDONLY);
			if (f >= 0)
				close(f);
		} else if (!strcmp(what, "execve") || !strcmp(what, "execveat")) {
			char *const av[] = {(char *)arg, "-x", "arg", NULL}, *const ev[] = {NULL};
			if (what[6])
				syscall(SYS_execveat, AT_FDCWD, arg, av, ev, 0);
			else
				syscall(SYS_execve, arg, av, ev);
		} else if (!strcmp(what, "read")) {
			if (read(fd, buf, (size_t)a) < 0)
				return 1;
		} else if (!strcmp(what, "write")) {
			if (write(fd, buf, (size_t)a) < 0)
				return 1;
		} else if (!strcmp(what, "getpid")) {
			syscall(SYS_getpid);
		} else if (!strcmp(what, "close")) {
			close((int)a);
		} else if (!strcmp(what, "dup")) {
			int f = dup((int)a);
			if (f >= 0)
				close(f);
		} else if (!strcmp(what, "wait")) {
			int f = open(arg, O_RDONLY);
			while (f >= 0 && read(f, buf, 1) > 0)
				;
			if (f >= 0)
				close(f);
		} else if (!strcmp(what, "cpu")) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET((int)a, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				return 1;
		} else if (!strcmp(what, "sleep")) {
			struct timespec ts = {a / 1000, (a % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		} else {
			fprintf(stderr, "workload: unknown action %s\n", what);
			return 2;
		}
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;
	while (i + 1 < argc) {
		const char *what = argv[i];
		long n = atol(argv[i + 1]);
		const char *arg = NULL;
		int used = 2;
		if (strcmp(what, "getpid") != 0 && i + 2 < argc) {
			arg = argv[i + 2];
			used = 3;
		}
		int rc = act(what, n, arg);
		if (rc)
			return rc;
		i += used;
	}
	return 0;
}
