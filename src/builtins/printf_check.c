/* Compile-time check of printf formats: every conversion is known and has
 * an argument of a fitting type, and no argument is left over. */
#include <string.h>

#include "builtins/funcs_int.h"
#include "sema/sema_int.h"

static const char *skip_spec(const char *p)
{
	p += strspn(p, "-+ #0");
	p += strspn(p, "0123456789");
	if (*p == '.') {
		p++;
		p += strspn(p, "0123456789");
	}
	p += strspn(p, "hljzt");
	return p;
}

static struct srcloc char_loc(struct node *fmt, const char *base, const char *p)
{
	struct srcloc loc = fmt->loc;
	loc.col += 1 + (int)(p - base);
	loc.len = 1;
	return loc;
}

static int check_arg(struct sema *s, struct node *arg, char conv)
{
	const struct type *t = &arg->type;
	char b[64];
	if (t->kind == T_NONE)
		return 0;
	if (conv == 'r') { /* %r %rx %rh: buf() values */
		if (t->kind == T_BUF)
			return 0;
	} else if (conv == 's') {
		if (t->kind == T_INT || t->kind == T_STR || t->kind == T_PROBE || t->kind == T_FUNC || t->kind == T_PTR)
			return 0;
		/* Values user space renders as text: ntop(), ksym(), strftime(), macaddr(). */
		if (type_is_user_text(t))
			return 0;
	} else if (t->kind == T_INT || t->kind == T_PTR) {
		return 0;
	}
	return sema_err(s, arg->loc, "printf: %%%c cannot print a value of type %s", conv,
			type_name(t, b, sizeof(b)));
}

/* The format as written in the script (escapes shown again), for messages. */
static const char *shown(const struct node *fmt, char *buf, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < fmt->len && o + 5 < len; i++) {
		unsigned char c = (unsigned char)fmt->str[i];
		if (c == '\n' || c == '\t' || c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : c);
		else if (c < 32 || c >= 127)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = 0;
	return buf;
}

int printf_check_format(struct sema *s, struct node *call, struct node *fmt, struct node *args)
{
	const char *base = fmt->str;
	struct node *arg = args;
	for (const char *p = base; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		const char *c = skip_spec(p + 1);
		if (!*c || !strchr("diuxXoscpr", *c))
			return sema_err(s, char_loc(fmt, base, p), "%s: invalid conversion '%%%.*s'",
					call->name, (int)(c - p) + (*c ? 1 : 0) - 1, p + 1);
		char b[256];
		if (!arg)
			return sema_err(s, call->loc, "%s: not enough arguments for format \"%s\"",
					call->name, shown(fmt, b, sizeof(b)));
		int err = check_arg(s, arg, *c);
		if (err)
			return err;
		arg = arg->next;
		p = c[0] == 'r' && (c[1] == 'x' || c[1] == 'h') ? c + 1 : c;
	}
	char b[256];
	if (arg)
		return sema_err(s, arg->loc, "%s: too many arguments for format \"%s\"",
				call->name, shown(fmt, b, sizeof(b)));
	return 0;
}
