/* bpftrace printf formats: parsed once per event at output_new(), then
 * applied to each record without allocating (the strbuf keeps its
 * capacity) and without re-reading the format.
 *
 * Semantics follow the newest bpftrace (format_string.cpp), which formats
 * each conversion with a C++ stream rather than snprintf. That differs from
 * bpftrace 0.17 (and from C) in these ways, all reproduced here:
 *   - "%%" prints "%" (0.17 printed "%%" when it followed the last argument);
 *   - flags '+', ' ' and '#' are accepted (0.17 rejected them); ' ' has no
 *     effect; '+' only marks non-negative signed decimals;
 *   - '0' pads with zeros on the side the padding goes, so "%05d" of -42 is
 *     "00-42", "%#06x" of 255 is "000xff", "%-05d" of 7 is "70000"
 *     (0.17: "-0042", n/a, "7    ");
 *   - a precision is ignored for integers and strings ("%.3d" of 5 is "5",
 *     "%.2s" of "hello" is "hello"; 0.17: "005", "he");
 *   - "%p" of 0 is "0" (0.17: "(nil)");
 *   - "%s" accepts integers and prints them in decimal (0.17 rejected it).
 * Like both versions, integers are cast to the length modifier's width:
 * "%d"/"%u"/"%x" use 32 bits, "%ld"/"%lld"/"%jd"/"%zd"/"%td" 64 bits,
 * "%hd" 16 and "%hhd" 8 (then printed as a number). */
#include <stdlib.h>
#include <string.h>

#include "output/output_priv.h"

static const char *spec_chars = "diouxXeEfFgGaAcspn%";

struct pf_parser {
	struct strbuf lits;
	VEC(struct pf_spec) specs;
	size_t run_start; /* where the current literal run begins in lits */
};

/* Flags in the regex's fixed order, then a width (digits or '*'), then a
 * precision (parsed, then ignored for every conversion we have). */
static const char *parse_flags_width(const char *p, struct pf_spec *sp)
{
	static const struct { char c; uint8_t f; } flags[] = {
		{'-', PF_LEFT}, {'+', PF_PLUS}, {' ', PF_SPACE}, {'#', PF_ALT}, {'0', PF_ZERO},
	};
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (*p == flags[i].c) {
			sp->flags |= flags[i].f;
			p++;
		}
	if (*p == '*') {
		p++; /* bpftrace accepts '*' but takes no width argument for it */
	} else {
		for (; *p >= '0' && *p <= '9'; p++)
			if (sp->width < 100000) /* a saner bound than stoi's overflow */
				sp->width = sp->width * 10 + (*p - '0');
	}
	if (p[0] == '.' && (p[1] == '*' || (p[1] >= '0' && p[1] <= '9'))) {
		p += 2;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

/* The length modifier ([hlLjzt]*): bpftrace knows hh, h, l, ll, j, z, t;
 * anything else leaves the default int width. */
static const char *parse_length(const char *p, struct pf_spec *sp)
{
	const char *len = p;
	while (*p && strchr("hlLjzt", *p))
		p++;
	size_t n = (size_t)(p - len);
	if (n == 2 && len[0] == 'h' && len[1] == 'h')
		sp->bits = 8;
	else if (n == 1 && len[0] == 'h')
		sp->bits = 16;
	else if ((n == 1 && strchr("ljzt", len[0])) || (n == 2 && len[0] == 'l' && len[1] == 'l'))
		sp->bits = 64;
	else
		sp->bits = 32;
	return p;
}

/* Matches bpftrace's regex
 *   %(-?)(\+?)( ?)(#?)(0?)(\*|\d+)?(?:\.(\*|\d+))?([hlLjzt]*)([diouxXeEfFgGaAcspn%]|rh|rx|r)
 * at s (which points at '%'). Returns the length matched, 0 if none. The
 * optional parts are single characters in a fixed order, so matching them
 * greedily finds the same match as the regex's backtracking would. */
static size_t match_spec(const char *s, struct pf_spec *sp, int *conv)
{
	memset(sp, 0, sizeof(*sp));
	const char *p = parse_length(parse_flags_width(s + 1, sp), sp);
	if (*p == 'r') { /* "rh" and "rx" before "r", as in the regex */
		*conv = p[1] == 'h' ? 'H' : p[1] == 'x' ? 'R' : 'r';
		return (size_t)(p - s) + (*conv == 'r' ? 1 : 2);
	}
	if (!*p || !strchr(spec_chars, *p))
		return 0;
	*conv = *p;
	return (size_t)(p - s) + 1;
}

static uint8_t conv_of(int c)
{
	switch (c) {
	case 'd': case 'i': return PF_D;
	case 'u': return PF_U;
	case 'o': return PF_O;
	case 'x': return PF_X;
	case 'X': return PF_XX;
	case 'c': return PF_C;
	case 'p': return PF_P;
	case 'r': return PF_R;
	case 'R': return PF_RX;
	case 'H': return PF_RH;
	default: return PF_S; /* s; float and %n never pass the compiler's checks */
	}
}

void pf_parse(const char *fmt, struct pf_prog *p)
{
	struct pf_parser ps = {0};
	const char *s = fmt ? fmt : "";
	while (*s) {
		const char *pct = strchr(s, '%');
		if (!pct) {
			sb_append(&ps.lits, s);
			break;
		}
		sb_appendn(&ps.lits, s, (size_t)(pct - s));
		struct pf_spec sp;
		int conv = 0;
		size_t n = match_spec(pct, &sp, &conv);
		if (n == 0) { /* not a conversion: the '%' is literal text */
			sb_appendc(&ps.lits, '%');
			s = pct + 1;
			continue;
		}
		s = pct + n;
		if (conv == '%') { /* "%%" (with any flags) is a literal '%' */
			sb_appendc(&ps.lits, '%');
			continue;
		}
		sp.conv = conv_of(conv);
		sp.lit_off = (uint32_t)ps.run_start;
		sp.lit_len = (uint32_t)(ps.lits.len - ps.run_start);
		ps.run_start = ps.lits.len;
		vec_push(&ps.specs, sp);
	}
	p->tail_off = (uint32_t)ps.run_start;
	p->tail_len = (uint32_t)(ps.lits.len - ps.run_start);
	p->lits = sb_detach(&ps.lits);
	p->specs = ps.specs.data;
	p->nspecs = (uint32_t)ps.specs.len;
}

void pf_free(struct pf_prog *p)
{
	if (!p)
		return;
	free(p->lits);
	free(p->specs);
	memset(p, 0, sizeof(*p));
}

/* Appends s with the spec's width: C++ streams pad with the fill character
 * on the left, or on the right when left-aligned, sign and base included. */
static void put_padded(struct strbuf *sb, const struct pf_spec *sp, const char *s, size_t n)
{
	size_t w = sp->width > 0 ? (size_t)sp->width : 0;
	if (w <= n) {
		sb_appendn(sb, s, n);
		return;
	}
	char fill[64];
	memset(fill, sp->flags & PF_ZERO ? '0' : ' ', sizeof(fill));
	if (sp->flags & PF_LEFT)
		sb_appendn(sb, s, n);
	for (size_t pad = w - n; pad > 0;) {
		size_t k = MIN(pad, sizeof(fill));
		sb_appendn(sb, fill, k);
		pad -= k;
	}
	if (!(sp->flags & PF_LEFT))
		sb_appendn(sb, s, n);
}

/* Digits of v in base (8, 10, 16) written backwards from end; returns start.
 * Each base has its own loop so the divisions are by constants (shifts or
 * multiplications): this is the hot path of every printf. */
static char *digits(char *end, uint64_t v, unsigned base, bool upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	if (base == 16) {
		do {
			*--end = dig[v & 15];
			v >>= 4;
		} while (v);
	} else if (base == 8) {
		do {
			*--end = (char)('0' + (v & 7));
			v >>= 3;
		} while (v);
	} else {
		do {
			*--end = (char)('0' + v % 10);
			v /= 10;
		} while (v);
	}
	return end;
}

static uint64_t cast_unsigned(uint64_t v, uint8_t bits)
{
	return bits >= 64 ? v : v & ((UINT64_C(1) << bits) - 1);
}

static int64_t cast_signed(uint64_t v, uint8_t bits)
{
	if (bits >= 64)
		return (int64_t)v;
	uint64_t m = UINT64_C(1) << (bits - 1);
	uint64_t x = v & ((m << 1) - 1);
	return (int64_t)((x ^ m) - m); /* sign-extend without overflow */
}

static void put_signed(struct strbuf *sb, const struct pf_spec *sp, int64_t v)
{
	char buf[32], *end = buf + sizeof(buf);
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char *s = digits(end, mag, 10, false);
	if (v < 0)
		*--s = '-';
	else if (sp->flags & PF_PLUS)
		*--s = '+';
	put_padded(sb, sp, s, (size_t)(end - s));
}

/* %u %o %x %X %p: unsigned, '#' adds the base prefix to non-zero values. */
static void put_unsigned(struct strbuf *sb, const struct pf_spec *sp, uint64_t v)
{
	char buf[32], *end = buf + sizeof(buf);
	unsigned base = sp->conv == PF_U ? 10 : sp->conv == PF_O ? 8 : 16;
	bool upper = sp->conv == PF_XX;
	char *s = digits(end, v, base, upper);
	bool alt = (sp->flags & PF_ALT) || sp->conv == PF_P;
	if (alt && v != 0 && base == 8)
		*--s = '0';
	if (alt && v != 0 && base == 16) {
		*--s = upper ? 'X' : 'x';
		*--s = '0';
	}
	put_padded(sb, sp, s, (size_t)(end - s));
}

static void fmt_int(struct strbuf *sb, const struct pf_spec *sp, uint64_t v, bool is_signed)
{
	switch (sp->conv) {
	case PF_D:
		put_signed(sb, sp, cast_signed(v, sp->bits));
		break;
	case PF_U: case PF_O: case PF_X: case PF_XX:
		put_unsigned(sb, sp, cast_unsigned(v, sp->bits));
		break;
	case PF_P:
		put_unsigned(sb, sp, v); /* a pointer: never cast */
		break;
	case PF_C: {
		char c = (char)v;
		put_padded(sb, sp, &c, 1);
		break;
	}
	default: /* %s, %r of an integer: the number in decimal */
		if (is_signed) {
			put_signed(sb, sp, (int64_t)v);
		} else {
			struct pf_spec u = *sp;
			u.conv = PF_U;
			put_unsigned(sb, &u, v);
		}
		break;
	}
}

/* Any non-integer value: strings, probe names, tuples, buffers. */
static void fmt_other(struct strbuf *sb, const struct pf_spec *sp, const struct sg_bundle *b,
		      const struct sg_value_desc *d, const uint8_t *rec, struct strbuf *tmp)
{
	const uint8_t *p = rec + d->offset;
	size_t n;
	if (d->kind == SG_V_STR && !str_trailer(b, d, (n = val_strlen(d, p)))) {
		put_padded(sb, sp, (const char *)p, n); /* the common case: no copy */
		return;
	}
	if (d->kind == SG_V_BUF && (sp->conv == PF_RX || sp->conv == PF_RH)) {
		const uint8_t *data = val_buf(d, rec, &n);
		sb_reset(tmp);
		text_buf(tmp, data, n, false, sp->conv == PF_RX);
	} else {
		sb_reset(tmp);
		text_value(tmp, b, d, rec);
	}
	put_padded(sb, sp, sb_str(tmp), tmp->len);
}

void pf_format(const struct pf_prog *p, const struct sg_bundle *b,
	       const struct sg_value_desc *args, const uint8_t *rec, struct strbuf *sb,
	       struct strbuf *tmp)
{
	uint32_t n = MIN(p->nspecs, args->nelems);
	for (uint32_t i = 0; i < n; i++) {
		const struct pf_spec *sp = &p->specs[i];
		const struct sg_value_desc *d = &args->elems[i];
		sb_appendn(sb, p->lits + sp->lit_off, sp->lit_len);
		if (d->kind == SG_V_INT || d->kind == SG_V_BOOL || d->kind == SG_V_PTR ||
		    (d->kind == SG_V_ENUM && sp->conv != PF_S)) /* %s: its name */
			fmt_int(sb, sp, val_int(d, rec + d->offset), d->is_signed);
		else
			fmt_other(sb, sp, b, d, rec, tmp);
	}
	sb_appendn(sb, p->lits + p->tail_off, p->tail_len);
}
