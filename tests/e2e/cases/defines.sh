# Object-like #define macros are expanded where used (any expression: a
# number, arithmetic on other macros, a string, a builtin); kernel header
# macros that BTF lacks are known once their header is #included, also in
# the #ifndef BPFTRACE_HAVE_BTF / #else pattern of bpftrace's tools.
cat > defines.bt <<'BT'
#ifndef BPFTRACE_HAVE_BTF
#include <linux/socket.h>
#else
#include <sys/socket.h>
#endif
#include <linux/sched.h>
#define FLAG (1 << 3)
#define FLAGS FLAG | 1   // a comment after the value
#define GREETING "hello"
#define ME pid
#define LIMIT 10
#define LIMIT 20
#define EMPTY
BEGIN
{
	printf("%d %d %d %s\n", FLAG, FLAGS, FLAGS * 2, GREETING);
	printf("%d %d\n", ME == pid, LIMIT);
	printf("%d %d %d %d\n", AF_UNIX, AF_INET, AF_INET6, PF_INET6);
	printf("%d %d %d\n", TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE);
	@[GREETING, AF_INET] = LIMIT;
	exit();
}
BT
$SPYGLASS -q defines.bt
# errno values after #include <errno.h>
$SPYGLASS -q -e '#include <errno.h>
BEGIN { printf("%d %d %d\n", EPERM, ENOENT, EINVAL); exit(); }'
# --include FILE (bpftrace's option): as if the script began with #include <FILE>
$SPYGLASS -q --include errno.h --include linux/sched.h -e 'BEGIN { printf("%s %d\n", strerror(EPERM), TASK_IDLE); exit(); }'
