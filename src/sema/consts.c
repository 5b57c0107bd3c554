/* Identifiers that name constants instead of builtins: the script's
 * object-like #define macros, enumerators (the script's enums, then kernel
 * BTF), and the few kernel header macros that BTF cannot supply.
 *
 * bpftrace runs the script's preprocessor lines through clang with kernel
 * headers; spyglass has neither. A #define is expanded where its name is
 * used (the body, parsed once, is copied in place of the identifier and
 * analysed there). Header macros come from the table below, each keyed by
 * the headers that define it and known only when the script #includes one
 * of them, as with bpftrace. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtins/builtin.h"
#include "sema/enums.h"
#include "sema/sema_int.h"

/* Headers, as written between <> or "" in #include. */
static const char *const sched_h[] = {"linux/sched.h", NULL};
static const char *const socket_h[] = {"linux/socket.h", "sys/socket.h", "bits/socket.h",
				       "net/sock.h", NULL};
static const char *const errno_h[] = {"errno.h", "linux/errno.h", "asm-generic/errno-base.h",
				      "asm-generic/errno.h", NULL};

struct header_const {
	const char *const *headers;
	const char *name;
	int64_t value;
};

/* Values as the kernel headers define them; they are ABI (task states are
 * reported by /proc and tracepoints, address families and errno values are
 * part of the syscall interface). */
static const struct header_const header_consts[] = {
	/* include/linux/sched.h: task states (task_struct.__state, sched_switch prev_state) */
	{sched_h, "TASK_RUNNING", 0x0000}, {sched_h, "TASK_INTERRUPTIBLE", 0x0001},
	{sched_h, "TASK_UNINTERRUPTIBLE", 0x0002}, {sched_h, "__TASK_STOPPED", 0x0004},
	{sched_h, "__TASK_TRACED", 0x0008}, {sched_h, "EXIT_DEAD", 0x0010},
	{sched_h, "EXIT_ZOMBIE", 0x0020}, {sched_h, "EXIT_TRACE", 0x0030},
	{sched_h, "TASK_PARKED", 0x0040}, {sched_h, "TASK_DEAD", 0x0080},
	{sched_h, "TASK_WAKEKILL", 0x0100}, {sched_h, "TASK_WAKING", 0x0200},
	{sched_h, "TASK_NOLOAD", 0x0400}, {sched_h, "TASK_NEW", 0x0800},
	{sched_h, "TASK_KILLABLE", 0x0102}, {sched_h, "TASK_STOPPED", 0x0104},
	{sched_h, "TASK_TRACED", 0x0008}, {sched_h, "TASK_IDLE", 0x0402},
	{sched_h, "TASK_NORMAL", 0x0003},
	/* include/linux/socket.h (glibc: bits/socket.h): address families */
	{socket_h, "AF_UNSPEC", 0}, {socket_h, "AF_UNIX", 1}, {socket_h, "AF_LOCAL", 1},
	{socket_h, "AF_INET", 2}, {socket_h, "AF_AX25", 3}, {socket_h, "AF_IPX", 4},
	{socket_h, "AF_APPLETALK", 5}, {socket_h, "AF_BRIDGE", 7}, {socket_h, "AF_INET6", 10},
	{socket_h, "AF_KEY", 15}, {socket_h, "AF_NETLINK", 16}, {socket_h, "AF_ROUTE", 16},
	{socket_h, "AF_PACKET", 17}, {socket_h, "AF_CAN", 29}, {socket_h, "AF_TIPC", 30},
	{socket_h, "AF_BLUETOOTH", 31}, {socket_h, "AF_ALG", 38}, {socket_h, "AF_VSOCK", 40},
	{socket_h, "AF_KCM", 41}, {socket_h, "AF_QIPCRTR", 42}, {socket_h, "AF_SMC", 43},
	{socket_h, "AF_XDP", 44}, {socket_h, "AF_MCTP", 45},
	{socket_h, "PF_UNSPEC", 0}, {socket_h, "PF_UNIX", 1}, {socket_h, "PF_LOCAL", 1},
	{socket_h, "PF_INET", 2}, {socket_h, "PF_INET6", 10}, {socket_h, "PF_NETLINK", 16},
	{socket_h, "PF_PACKET", 17},
	/* include/uapi/asm-generic/errno-base.h */
	{errno_h, "EPERM", 1}, {errno_h, "ENOENT", 2}, {errno_h, "ESRCH", 3},
	{errno_h, "EINTR", 4}, {errno_h, "EIO", 5}, {errno_h, "ENXIO", 6},
	{errno_h, "E2BIG", 7}, {errno_h, "ENOEXEC", 8}, {errno_h, "EBADF", 9},
	{errno_h, "ECHILD", 10}, {errno_h, "EAGAIN", 11}, {errno_h, "ENOMEM", 12},
	{errno_h, "EACCES", 13}, {errno_h, "EFAULT", 14}, {errno_h, "ENOTBLK", 15},
	{errno_h, "EBUSY", 16}, {errno_h, "EEXIST", 17}, {errno_h, "EXDEV", 18},
	{errno_h, "ENODEV", 19}, {errno_h, "ENOTDIR", 20}, {errno_h, "EISDIR", 21},
	{errno_h, "EINVAL", 22}, {errno_h, "ENFILE", 23}, {errno_h, "EMFILE", 24},
	{errno_h, "ENOTTY", 25}, {errno_h, "ETXTBSY", 26}, {errno_h, "EFBIG", 27},
	{errno_h, "ENOSPC", 28}, {errno_h, "ESPIPE", 29}, {errno_h, "EROFS", 30},
	{errno_h, "EMLINK", 31}, {errno_h, "EPIPE", 32}, {errno_h, "EDOM", 33},
	{errno_h, "ERANGE", 34},
};

/* Does the script #include header (<header> or "header")? */
static bool included(const struct sema *s, const char *header)
{
	size_t n = strlen(header);
	for (int i = 0; i < s->prog->nincludes; i++) {
		const char *l = s->prog->includes[i];
		l += 1 + strspn(l + 1, " \t");
		if (strncmp(l, "include", 7) != 0)
			continue;
		l += 7 + strspn(l + 7, " \t");
		if ((*l == '<' || *l == '"') && strncmp(l + 1, header, n) == 0 &&
		    (l[n + 1] == '>' || l[n + 1] == '"'))
			return true;
	}
	return false;
}

static const struct header_const *header_const(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(header_consts); i++)
		if (strcmp(header_consts[i].name, name) == 0)
			return &header_consts[i];
	return NULL;
}

static bool header_included(const struct sema *s, const struct header_const *c)
{
	for (const char *const *h = c->headers; *h; h++)
		if (included(s, *h))
			return true;
	return false;
}

/* The last #define of name: a redefinition replaces the earlier one, and
 * the #else branch of `#ifndef BPFTRACE_HAVE_BTF` comes last in the tools
 * (conditionals themselves are not evaluated). */
static const struct node *find_define(const struct sema *s, const char *name)
{
	const struct node *found = NULL;
	for (const struct node *d = s->prog->defines; d; d = d->next)
		if (strcmp(d->name, name) == 0)
			found = d;
	return found;
}

/* "A -> B -> A" for a macro that expands into itself. */
static int recursion(struct sema *s, struct node *n)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < s->expanding.len; i++)
		sb_printf(&sb, "%s -> ", s->expanding.data[i]);
	sb_append(&sb, n->name);
	int err = sema_err(s, n->loc, "macro recursion: %s", sb_str(&sb));
	sb_free(&sb);
	return err;
}

/* Replaces the identifier n by a copy of the macro's body, then analyses
 * it there: the body takes the types of the context it is used in. */
static int expand_define(struct sema *s, struct node *n, const struct node *def)
{
	if (!def->l && !def->len)
		return sema_err(s, n->loc, "macro '%s' has no value (#define %s at line %d)",
				n->name, n->name, def->loc.line);
	if (!def->l)
		return sema_err(s, n->loc, "cannot expand macro '%s' as an expression: %s",
				n->name, def->str);
	for (size_t i = 0; i < s->expanding.len; i++)
		if (strcmp(s->expanding.data[i], def->name) == 0)
			return recursion(s, n);
	struct node *body = node_clone(def->l), keep = *n;
	*n = *body;
	n->next = keep.next;
	n->loc = keep.loc; /* errors about the value point at its use */
	free(keep.name);
	free(body);
	vec_push(&s->expanding, def->name);
	int err = sema_expr(s, n);
	s->expanding.len--;
	return err;
}

static int named_const(struct node *n, int64_t value, const struct type *t)
{
	n->num = (uint64_t)value;
	n->type = *t;
	n->res.builtin = &builtin_named_const;
	return 0;
}

int sema_ident(struct sema *s, struct node *n)
{
	const struct node *def = find_define(s, n->name);
	if (def)
		return expand_define(s, n, def);
	const struct header_const *c = header_const(n->name);
	if (c && header_included(s, c)) {
		struct type t = type_int(8, true);
		return named_const(n, c->value, &t);
	}
	int64_t v;
	struct type t;
	int err = sema_enumerator(s, n->name, &v, &t);
	return err ? err : named_const(n, v, &t);
}

/* A header macro one or two typos away, for "did you mean". */
static const struct header_const *nearest_const(const char *name)
{
	const struct header_const *best = NULL;
	int bestd = 3;
	for (size_t i = 0; i < ARRAY_SIZE(header_consts); i++) {
		int d = edit_distance(name, header_consts[i].name, bestd);
		if (d < bestd) {
			bestd = d;
			best = &header_consts[i];
		}
	}
	return best;
}

void sema_ident_hint(struct sema *s, const char *name)
{
	const struct header_const *c = header_const(name);
	if (c && !header_included(s, c)) {
		sema_note(s, "%s is defined in <%s>: add #include <%s>", name, c->headers[0],
			  c->headers[0]);
		return;
	}
	c = c ? NULL : nearest_const(name);
	if (c)
		sema_note(s, "did you mean '%s' (from <%s>)?", c->name, c->headers[0]);
}
