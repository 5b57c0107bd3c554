/* Scalars and described values (ints, strings, probe names, tuples, bufs)
 * rendered as bpftrace's text or JSON output renders them. */
#include <stdlib.h>
#include <string.h>

#include "output/output_priv.h"

/* bpftrace's config default str_trunc_trailer: appended to a string that
 * fills its whole buffer, i.e. was cut short (newest only; 0.17 had none). */
#define STR_TRUNC_TRAILER ".."

/* Bits [bit_off, bit_off + bit_size) of the bytes at p, sign-extended when
 * the field is signed. */
static uint64_t val_bits(const struct sg_value_desc *d, const uint8_t *p)
{
	uint64_t v = 0;
	memcpy(&v, p, d->size < 8 ? d->size : 8);
	v >>= d->bit_off & 63;
	if (d->bit_size >= 64)
		return v;
	uint64_t mask = (UINT64_C(1) << d->bit_size) - 1;
	v &= mask;
	if (d->is_signed && (v >> (d->bit_size - 1)) & 1)
		v |= ~mask;
	return v;
}

uint64_t val_int(const struct sg_value_desc *d, const uint8_t *p)
{
	if (d->bit_size)
		return val_bits(d, p);
	switch (d->size) {
	case 1: {
		uint8_t v = p[0];
		return d->is_signed ? (uint64_t)(int64_t)(int8_t)v : v;
	}
	case 2: {
		uint16_t v;
		memcpy(&v, p, 2);
		return d->is_signed ? (uint64_t)(int64_t)(int16_t)v : v;
	}
	case 4: {
		uint32_t v;
		memcpy(&v, p, 4);
		return d->is_signed ? (uint64_t)(int64_t)(int32_t)v : v;
	}
	default: {
		uint64_t v = 0;
		memcpy(&v, p, d->size < 8 ? d->size : 8);
		return v;
	}
	}
}

size_t val_strlen(const struct sg_value_desc *d, const uint8_t *p)
{
	const uint8_t *nul = memchr(p, 0, d->size);
	return nul ? (size_t)(nul - p) : d->size;
}

const uint8_t *val_buf(const struct sg_value_desc *d, const uint8_t *base, size_t *n)
{
	const uint8_t *p = base + d->offset;
	uint32_t len = 0;
	if (d->size >= 4)
		memcpy(&len, p, 4);
	size_t room = d->size >= 4 ? d->size - 4 : 0;
	*n = MIN((size_t)len, room);
	return p + 4;
}

void put_u64(struct strbuf *sb, uint64_t v)
{
	char buf[24], *s = buf + sizeof(buf);
	do {
		*--s = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_appendn(sb, s, (size_t)(buf + sizeof(buf) - s));
}

void put_i64(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		sb_appendc(sb, '-');
		put_u64(sb, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u64(sb, (uint64_t)v);
	}
}

/* Whether a double holds this magnitude exactly: its significand has 53 bits. */
static bool dbl_exact(uint64_t mag)
{
	if (mag < (UINT64_C(1) << 53))
		return true;
	return (mag >> __builtin_ctzll(mag)) < (UINT64_C(1) << 53);
}

void json_u64(struct strbuf *sb, uint64_t v)
{
	bool q = !dbl_exact(v);
	if (q)
		sb_appendc(sb, '"');
	put_u64(sb, v);
	if (q)
		sb_appendc(sb, '"');
}

void json_i64(struct strbuf *sb, int64_t v)
{
	bool q = !dbl_exact(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
	if (q)
		sb_appendc(sb, '"');
	put_i64(sb, v);
	if (q)
		sb_appendc(sb, '"');
}

/* Length of a valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_len(const uint8_t *s, size_t n)
{
	uint8_t c = s[0];
	size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	if (c < 0xc2 || c > 0xf4 || n < len)
		return 0;
	uint8_t lo = 0x80, hi = 0xbf; /* second byte range: no overlongs, no surrogates */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

static void json_esc(struct strbuf *sb, uint8_t c)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
	sb_appendn(sb, e, sizeof(e));
}

/* Escapes like bpftrace's JsonEmitter<std::string>: \" \\ \n \r \t and
 * \u00XX for other control characters. bpftrace passes bytes >= 0x80
 * through a signed-char check that prints "\uffffffXX" (invalid JSON);
 * here valid UTF-8 passes unchanged and stray bytes become \u00XX, so the
 * line always parses. */
static void json_str_body(struct strbuf *sb, const char *str, size_t n)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t run = 0; /* bytes copied through unchanged, flushed in one go */
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		size_t ok = c >= 0x20 && c < 0x80 && c != '"' && c != '\\' ? 1
			    : c >= 0x80 ? utf8_len(s + i, n - i) : 0;
		if (ok) {
			run += ok;
			i += ok;
			continue;
		}
		sb_appendn(sb, str + i - run, run);
		run = 0;
		const char *e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
				: c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
		if (e)
			sb_appendn(sb, e, 2);
		else
			json_esc(sb, c);
		i++;
	}
	sb_appendn(sb, str + n - run, run);
}

void json_str(struct strbuf *sb, const char *str, size_t n)
{
	sb_appendc(sb, '"');
	json_str_body(sb, str, n);
	sb_appendc(sb, '"');
}

void text_buf(struct strbuf *sb, const uint8_t *p, size_t n, bool keep_ascii, bool escape_hex)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (keep_ascii && c >= 32 && c <= 126) {
			sb_appendc(sb, (char)c);
		} else if (escape_hex) {
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			sb_appendn(sb, e, 4);
		} else {
			char e[3] = {hex[c >> 4], hex[c & 15], ' '};
			sb_appendn(sb, e, i + 1 < n ? 3 : 2);
		}
	}
}

static const char *probe_name(const struct sg_bundle *b, uint64_t id)
{
	return b && id < b->nprobe_names && b->probe_names[id] ? b->probe_names[id] : NULL;
}

static void text_probe(struct strbuf *sb, const struct sg_bundle *b, uint64_t id)
{
	const char *name = probe_name(b, id);
	if (name)
		sb_append(sb, name);
	else
		put_u64(sb, id);
}

/* What `func` prints: the function of a probe name, its last ':' part
 * without "+offset" ("uprobe:/bin/bash:readline+4" → "readline"). */
static void func_part(const struct sg_bundle *b, uint64_t id, const char **s, size_t *n)
{
	const char *name = probe_name(b, id), *colon = name ? strrchr(name, ':') : NULL;
	*s = colon ? colon + 1 : name ? name : "";
	*n = strcspn(*s, "+");
}

/* Newest bpftrace's heuristic: a string that fills its buffer was cut. A
 * str() result (max_strlen bytes) is full with max_strlen - 1 characters,
 * as the read ends it with a NUL; other strings (char arrays) without one. */
const char *str_trailer(const struct sg_bundle *b, const struct sg_value_desc *d, size_t n)
{
	bool full = n > 0 && (n == d->size || (b && b->max_strlen && d->size == b->max_strlen &&
						n + 1 == d->size));
	if (!full)
		return NULL;
	return b && b->trunc_trailer ? b->trunc_trailer : STR_TRUNC_TRAILER;
}

static void text_str(struct strbuf *sb, const struct sg_bundle *b, const struct sg_value_desc *d,
		     const uint8_t *p)
{
	size_t n = val_strlen(d, p);
	const char *t = str_trailer(b, d, n);
	sb_appendn(sb, (const char *)p, n);
	if (t)
		sb_append(sb, t);
}

static void put_hex(struct strbuf *sb, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char buf[20], *s = buf + sizeof(buf);
	do {
		*--s = hex[v & 15];
		v >>= 4;
	} while (v);
	*--s = 'x';
	*--s = '0';
	sb_appendn(sb, s, (size_t)(buf + sizeof(buf) - s));
}

/* Whether element e lies within the d->size bytes of its parent (a bundle
 * from elsewhere could describe fields past the end). */
static bool within(const struct sg_value_desc *d, const struct sg_value_desc *e)
{
	return (uint64_t)e->offset + e->size <= d->size;
}

/* Elements an array value holds: its count, capped by its size. */
static uint32_t array_count(const struct sg_value_desc *d)
{
	uint32_t stride = d->nelems ? d->elems[0].size : 0;
	if (!stride)
		return d->nelems ? d->count : 0;
	return MIN(d->count, d->size / stride);
}

/* bpftrace's record form: "{ .a = 1, .b = x }", "{}" without fields. */
static void text_record(struct strbuf *sb, const struct sg_bundle *b,
			const struct sg_value_desc *d, const uint8_t *p)
{
	if (!d->nelems) {
		sb_appendn(sb, "{}", 2);
		return;
	}
	sb_appendn(sb, "{ ", 2);
	for (uint32_t i = 0; i < d->nelems; i++) {
		const struct sg_value_desc *e = &d->elems[i];
		if (i)
			sb_appendn(sb, ", ", 2); /* structs always get spaces */
		sb_appendc(sb, '.');
		sb_append(sb, e->name ? e->name : "");
		sb_appendn(sb, " = ", 3);
		if (within(d, e))
			text_value(sb, b, e, p);
	}
	sb_appendn(sb, " }", 2);
}

/* Arrays are unspaced: "[1,2,3]". */
static void text_array(struct strbuf *sb, const struct sg_bundle *b,
		       const struct sg_value_desc *d, const uint8_t *p)
{
	sb_appendc(sb, '[');
	for (uint32_t i = 0, n = array_count(d); i < n; i++) {
		if (i)
			sb_appendc(sb, ',');
		text_value(sb, b, &d->elems[0], p + (size_t)i * d->elems[0].size);
	}
	sb_appendc(sb, ']');
}

/* The enumerator naming an enum value, or NULL (then it prints as a number,
 * like bpftrace does for a value no enumerator has). */
static const char *enum_name(const struct sg_bundle *b, const struct sg_value_desc *d,
			     const uint8_t *p)
{
	const struct sg_enum *e = b && d->enum_id < b->nenums ? &b->enums[d->enum_id] : NULL;
	return sg_enum_name(e, val_int(d, p));
}

static void text_int(struct strbuf *sb, const struct sg_value_desc *d, const uint8_t *p)
{
	if (d->is_signed)
		put_i64(sb, (int64_t)val_int(d, p));
	else
		put_u64(sb, val_int(d, p));
}

void text_value(struct strbuf *sb, const struct sg_bundle *b, const struct sg_value_desc *d,
		const uint8_t *base)
{
	const uint8_t *p = base + d->offset;
	switch (d->kind) {
	case SG_V_NONE:
		break;
	case SG_V_INT:
		text_int(sb, d, p);
		break;
	case SG_V_ENUM:
		if (enum_name(b, d, p))
			sb_append(sb, enum_name(b, d, p));
		else
			text_int(sb, d, p);
		break;
	case SG_V_BOOL:
		sb_append(sb, val_int(d, p) ? "true" : "false");
		break;
	case SG_V_STR:
		text_str(sb, b, d, p);
		break;
	case SG_V_PROBE:
		text_probe(sb, b, val_int(d, p));
		break;
	case SG_V_FUNC: {
		const char *f;
		size_t n;
		func_part(b, val_int(d, p), &f, &n);
		sb_appendn(sb, f, n);
		break;
	}
	case SG_V_TUPLE:
		sb_appendc(sb, '(');
		for (uint32_t i = 0; i < d->nelems; i++) {
			if (i)
				sb_appendn(sb, ", ", 2); /* tuples get spaces, like bpftrace */
			text_value(sb, b, &d->elems[i], p);
		}
		sb_appendc(sb, ')');
		break;
	case SG_V_BUF: {
		size_t n;
		const uint8_t *data = val_buf(d, base, &n);
		text_buf(sb, data, n, true, true);
		break;
	}
	case SG_V_RECORD:
		text_record(sb, b, d, p);
		break;
	case SG_V_ARRAY:
		text_array(sb, b, d, p);
		break;
	case SG_V_PTR:
		put_hex(sb, val_int(d, p));
		break;
	case SG_V_TIMESTAMP:
	case SG_V_KSYM:
	case SG_V_INET:
	case SG_V_MAC:
	case SG_V_STACK:
	case SG_V_USYM:
	case SG_V_ERRNO:
	case SG_V_CGPATH:
	case SG_V_USERNAME:
		text_special(sb, b, d, p);
		break;
	}
}

static void json_tuple(struct strbuf *sb, const struct sg_bundle *b,
		       const struct sg_value_desc *d, const uint8_t *p)
{
	sb_appendc(sb, '[');
	for (uint32_t i = 0; i < d->nelems; i++) {
		if (i)
			sb_appendc(sb, ','); /* arrays are unspaced, like bpftrace */
		json_value(sb, b, &d->elems[i], p);
	}
	sb_appendc(sb, ']');
}

static void json_strval(struct strbuf *sb, const struct sg_bundle *b,
			const struct sg_value_desc *d, const uint8_t *p)
{
	size_t n = val_strlen(d, p);
	const char *t = str_trailer(b, d, n);
	sb_appendc(sb, '"');
	json_str_body(sb, (const char *)p, n);
	if (t)
		json_str_body(sb, t, strlen(t));
	sb_appendc(sb, '"');
}

/* bpftrace emits a buf as an array of its bytes as (signed) chars. */
static void json_buf(struct strbuf *sb, const struct sg_value_desc *d, const uint8_t *base)
{
	size_t n;
	const uint8_t *data = val_buf(d, base, &n);
	sb_appendc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_appendc(sb, ',');
		put_i64(sb, (int8_t)data[i]);
	}
	sb_appendc(sb, ']');
}

/* A JSON object: {"a": 1, "b": "x"} (objects are spaced, like bpftrace). */
static void json_record(struct strbuf *sb, const struct sg_bundle *b,
			const struct sg_value_desc *d, const uint8_t *p)
{
	sb_appendc(sb, '{');
	for (uint32_t i = 0; i < d->nelems; i++) {
		const struct sg_value_desc *e = &d->elems[i];
		if (i)
			sb_appendn(sb, ", ", 2);
		json_str(sb, e->name ? e->name : "", e->name ? strlen(e->name) : 0);
		sb_appendn(sb, ": ", 2);
		if (within(d, e))
			json_value(sb, b, e, p);
		else
			sb_append(sb, "null");
	}
	sb_appendc(sb, '}');
}

static void json_array(struct strbuf *sb, const struct sg_bundle *b,
		       const struct sg_value_desc *d, const uint8_t *p)
{
	sb_appendc(sb, '[');
	for (uint32_t i = 0, n = array_count(d); i < n; i++) {
		if (i)
			sb_appendc(sb, ',');
		json_value(sb, b, &d->elems[0], p + (size_t)i * d->elems[0].size);
	}
	sb_appendc(sb, ']');
}

void json_value(struct strbuf *sb, const struct sg_bundle *b, const struct sg_value_desc *d,
		const uint8_t *base)
{
	const uint8_t *p = base + d->offset;
	switch (d->kind) {
	case SG_V_NONE:
		sb_append(sb, "null");
		break;
	case SG_V_INT:
	case SG_V_ENUM: /* numbers in JSON, as bpftrace keeps them for parsers */
		if (d->is_signed)
			json_i64(sb, (int64_t)val_int(d, p));
		else
			json_u64(sb, val_int(d, p));
		break;
	case SG_V_BOOL:
		sb_append(sb, val_int(d, p) ? "true" : "false");
		break;
	case SG_V_STR:
		json_strval(sb, b, d, p);
		break;
	case SG_V_PROBE: {
		const char *name = probe_name(b, val_int(d, p));
		if (name)
			json_str(sb, name, strlen(name));
		else
			json_u64(sb, val_int(d, p));
		break;
	}
	case SG_V_FUNC: {
		const char *f;
		size_t n;
		func_part(b, val_int(d, p), &f, &n);
		json_str(sb, f, n);
		break;
	}
	case SG_V_TUPLE:
		json_tuple(sb, b, d, p);
		break;
	case SG_V_BUF:
		json_buf(sb, d, base);
		break;
	case SG_V_RECORD:
		json_record(sb, b, d, p);
		break;
	case SG_V_ARRAY:
		json_array(sb, b, d, p);
		break;
	case SG_V_PTR:
		json_u64(sb, val_int(d, p));
		break;
	case SG_V_TIMESTAMP:
	case SG_V_KSYM:
	case SG_V_INET:
	case SG_V_STACK:
	case SG_V_USYM:
	case SG_V_ERRNO:
	case SG_V_CGPATH:
	case SG_V_USERNAME:
	case SG_V_MAC: {
		struct strbuf t = {0};
		text_special(&t, b, d, p);
		json_str(sb, sb_str(&t), t.len);
		sb_free(&t);
		break;
	}
	}
}
