/* -c CMD: the command is forked early and held before exec (blocked reading
 * a socket) until every probe is attached, so its first instruction is
 * already traced. A command without shell syntax is exec'd directly, so the
 * traced pid is the command itself rather than a shell around it. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"
#include "runtime/runtime.h"

struct sg_child {
	pid_t pid;
	int release_fd; /* our end of the socketpair; -1 once released */
	bool released;
	bool reaped;
	bool via_shell; /* run as /bin/sh -c CMD */
};

/* Anything the shell would interpret: run those through /bin/sh -c. */
static const char shell_chars[] = "|&;<>()$`\\\"'*?[]#~=%{}!\n\t";

static char **split_words(const char *cmd)
{
	VEC(char *) v = {0};
	for (const char *p = cmd; *p;) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (e > p)
			vec_push(&v, xstrndup(p, (size_t)(e - p)));
		p = e;
	}
	vec_push(&v, NULL);
	return v.data;
}

static void free_words(char **argv)
{
	for (char **a = argv; a && *a; a++)
		free(*a);
	free(argv);
}

/* PATH lookup in the parent, so "command not found" is reported before
 * anything is attached. */
static bool is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static char *find_program(const char *name)
{
	if (strchr(name, '/'))
		return is_executable(name) ? xstrdup(name) : NULL;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *e = strchrnul(p, ':');
		char *full = e > p ? xasprintf("%.*s/%s", (int)(e - p), p, name)
				   : xasprintf("./%s", name); /* empty entry: cwd */
		if (is_executable(full))
			return full;
		free(full);
		if (!*e)
			return NULL;
		p = e;
	}
}

/* In the forked child: only async-signal-safe calls until exec. */
__attribute__((noreturn)) static void child_exec(int fd, const char *path, char *const argv[])
{
	char c;
	ssize_t n;
	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(127); /* spyglass gave up before attaching */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	execv(path, argv);
	static const char msg[] = "spyglass: cannot execute the -c command\n";
	ssize_t w = write(2, msg, sizeof(msg) - 1);
	(void)w;
	_exit(127);
}

static int fork_held(const char *path, char *const argv[], struct sg_child **out)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -errno;
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		child_exec(sv[1], path, argv);
	}
	int err = pid < 0 ? -errno : 0;
	close(sv[1]);
	if (err) {
		close(sv[0]);
		return err;
	}
	struct sg_child *c = xcalloc(1, sizeof(*c));
	c->pid = pid;
	c->release_fd = sv[0];
	*out = c;
	return 0;
}

int sg_child_spawn(const char *cmd, struct sg_child **out)
{
	char **argv, *path;
	*out = NULL;
	if (strpbrk(cmd, shell_chars)) {
		argv = xcalloc(4, sizeof(char *));
		argv[0] = xstrdup("/bin/sh");
		argv[1] = xstrdup("-c");
		argv[2] = xstrdup(cmd);
		path = xstrdup("/bin/sh");
	} else {
		argv = split_words(cmd);
		path = argv[0] ? find_program(argv[0]) : NULL;
		if (!path) {
			fprintf(stderr, "spyglass: %s: command not found\n", argv[0] ? argv[0] : "-c ''");
			free_words(argv);
			return -ENOENT;
		}
	}
	int err = fork_held(path, argv, out);
	if (!err)
		(*out)->via_shell = strcmp(path, "/bin/sh") == 0 && argv[1] && !strcmp(argv[1], "-c");
	if (err)
		fprintf(stderr, "spyglass: cannot start '%s': %s\n", cmd, strerror(-err));
	free(path);
	free_words(argv);
	return err;
}

pid_t sg_child_pid(const struct sg_child *c)
{
	return c ? c->pid : 0;
}

bool sg_child_via_shell(const struct sg_child *c)
{
	return c && c->via_shell;
}

int sg_child_release(struct sg_child *c)
{
	if (!c || c->released)
		return 0;
	/* MSG_NOSIGNAL: a child that already died must not SIGPIPE us. */
	ssize_t n = send(c->release_fd, "x", 1, MSG_NOSIGNAL);
	int err = n == 1 ? 0 : -errno;
	close(c->release_fd);
	c->release_fd = -1;
	c->released = true;
	return err;
}

/* Asks a still-running command to stop, and insists after a second. */
static void child_terminate(struct sg_child *c)
{
	int pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	kill(c->pid, SIGTERM);
	struct pollfd p = {.fd = pidfd, .events = POLLIN};
	if (pidfd < 0 || poll(&p, 1, 1000) <= 0)
		kill(c->pid, SIGKILL);
	if (pidfd >= 0)
		close(pidfd);
}

void sg_child_free(struct sg_child *c)
{
	if (!c)
		return;
	if (!c->released) {
		close(c->release_fd); /* it reads EOF and exits without exec */
		kill(c->pid, SIGKILL);
	} else if (waitpid(c->pid, NULL, WNOHANG) == 0) {
		child_terminate(c);
	} else {
		c->reaped = true;
	}
	if (!c->reaped)
		waitpid(c->pid, NULL, 0);
	free(c);
}
