/* printf formatting.
 *
 * Expectations marked "0.17" are what the real bpftrace v0.17.0 installed
 * here printed for the same format and arguments (e.g.
 *   bpftrace -e 'BEGIN { printf("[%d] [%ld] [%u] [%lu] [%x] [%lx]\n",
 *                5000000000, 5000000000, -1, -1, -1, -1); exit(); }').
 * Those marked "newest" follow the newest bpftrace's FormatSpec::apply
 * (src/format_string.cpp), which formats through a C++ stream; they were
 * checked against libstdc++ with the same stream settings. */
#include "output_fixture.h"

struct arg {
	enum sg_vkind kind;
	uint32_t size; /* INT: 1/2/4/8; STR: buffer size; BUF: payload room */
	int is_signed;
	uint64_t v;    /* INT; BUF: the stored length */
	const char *s; /* STR / BUF bytes (BUF: exactly size bytes) */
};

#define I64(x) {SG_V_INT, 8, 1, (uint64_t)(int64_t)(x), NULL}
#define U64(x) {SG_V_INT, 8, 0, (uint64_t)(x), NULL}
#define STR(x) {SG_V_STR, 16, 0, 0, x}

/* Lays the args out after the u64 event id, each 8-byte aligned. */
static size_t layout(struct sg_bundle *b, const char *fmt, const struct arg *a, int n,
		     uint8_t *rec)
{
	struct sg_value_desc args = {.kind = SG_V_TUPLE};
	args.elems = xcalloc((size_t)n + 1, sizeof(*args.elems));
	args.nelems = (uint32_t)n;
	uint32_t off = 8;
	memset(rec, 0, 512);
	for (int i = 0; i < n; i++) {
		uint32_t sz = a[i].kind == SG_V_BUF ? a[i].size + 4 : a[i].size;
		args.elems[i] = (struct sg_value_desc){.kind = a[i].kind, .offset = off, .size = sz,
						       .is_signed = (uint8_t)a[i].is_signed};
		if (a[i].kind == SG_V_INT || a[i].kind == SG_V_PROBE) {
			memcpy(rec + off, &a[i].v, a[i].size); /* little-endian low bytes */
		} else if (a[i].kind == SG_V_BUF) {
			uint32_t len = (uint32_t)a[i].v;
			memcpy(rec + off, &len, 4);
			memcpy(rec + off + 4, a[i].s, a[i].size);
		} else {
			memcpy(rec + off, a[i].s, MIN(strlen(a[i].s), (size_t)sz));
		}
		off += ALIGN_UP(sz, 8);
	}
	uint64_t id = b->nevents;
	memcpy(rec, &id, 8);
	fx_event(b, SG_ACT_PRINTF, fmt, args, off);
	return off;
}

static char *fmt_as(enum sg_format fmtk, const char *fmt, const struct arg *a, int n)
{
	struct sg_bundle *b = fx_bundle();
	uint8_t rec[512];
	size_t len = layout(b, fmt, a, n, rec);
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	struct sg_output *o = output_new(f, fmtk, b);
	CHECK_INT(output_event(o, rec, len), 0);
	output_free(o);
	fclose(f);
	fx_bundle_free(b);
	return buf;
}

static char *fmt1(const char *fmt, const struct arg *a, int n)
{
	return fmt_as(SG_FMT_TEXT, fmt, a, n);
}

#define CHECK_FMT(expect, fmt, ...)                                                \
	do {                                                                       \
		struct arg args_[] = {__VA_ARGS__};                                 \
		char *s_ = fmt1(fmt, args_, (int)ARRAY_SIZE(args_));                   \
		CHECK_STR(s_, expect);                                             \
		free(s_);                                                          \
	} while (0)

TEST(int_widths_from_length_modifiers)
{
	CHECK_FMT("[705032704] [5000000000] [4294967295] [18446744073709551615] [ffffffff] "
		  "[ffffffffffffffff]\n", /* 0.17 */
		  "[%d] [%ld] [%u] [%lu] [%x] [%lx]\n", I64(5000000000), I64(5000000000), I64(-1),
		  I64(-1), I64(-1), I64(-1));
	CHECK_FMT("[44] [4464] [44] [4464] [-3] [18446744073709551613] [-3] [-3]\n", /* 0.17 */
		  "[%hhd] [%hd] [%hhu] [%hu] [%lld] [%llu] [%zd] [%jd]\n", I64(300), I64(70000),
		  I64(300), I64(70000), I64(-3), I64(-3), I64(-3), I64(-3));
	CHECK_FMT("[-3] [-3]", "[%td] [%i]", I64(-3), I64(-3));
	/* "L" is not an integer length modifier: bpftrace falls back to int */
	CHECK_FMT("[705032704]", "[%Ld]", I64(5000000000));
}

TEST(widths_and_alignment)
{
	CHECK_FMT("3    |000ff|hi\n", "%-5d|%05x|%s\n", I64(3), I64(255), STR("hi")); /* 0.17 */
	CHECK_FMT("[7    |] [FF]\n", "[%-5d|] [%X]\n", I64(7), I64(255));                /* 0.17 */
	CHECK_FMT("[A] [    B] [0x1000] [hello] [        hi] [hi        |]\n",            /* 0.17 */
		  "[%c] [%5c] [%p] [%s] [%10s] [%-10s|]\n", I64(65), I64(66), U64(4096),
		  STR("hello"), STR("hi"), STR("hi"));
	CHECK_FMT("[BEGIN] [-5] [10]\n", "[%s] [%d] [%o]\n", /* 0.17 */
		  {SG_V_PROBE, 8, 0, 0, NULL}, I64(-5), I64(8));
	char wide[80] = "[";
	memset(wide + 1, ' ', 69); /* wider than put_padded's fill chunk */
	strcpy(wide + 70, "7]");
	CHECK_FMT(wide, "[%70d]", I64(7));
}

TEST(newest_stream_semantics)
{
	/* newest: the fill goes left of the sign and base (0.17: "-0042") */
	CHECK_FMT("[00-42] [000xff] [70000] [00+5]", "[%05d] [%#06x] [%-05d] [%+04d]", I64(-42),
		  I64(255), I64(7), I64(5));
	/* newest: precision is ignored (0.17: "005" and "he") */
	CHECK_FMT("[5] [hello]", "[%.3d] [%.2s]", I64(5), STR("hello"));
	/* newest: "%p" of 0 is "0" (0.17: "(nil)"); '%%' is '%' (0.17: "%%") */
	CHECK_FMT("[0] [%] [100%]", "[%p] [%%] [100%%]", U64(0));
	/* newest accepts + ' ' # (0.17 rejected them) */
	CHECK_FMT("[+5] [-5] [+0] [5] [5]", "[%+d] [%+d] [%+d] [% d] [%+u]", I64(5), I64(-5), I64(0),
		  I64(5), I64(5));
	CHECK_FMT("[0xff] [010] [0XFF] [0] [0]", "[%#x] [%#o] [%#X] [%#x] [%#o]", I64(255), I64(8),
		  I64(255), I64(0), I64(0));
	/* newest: %s takes integers; '0' pads strings with zeros */
	CHECK_FMT("[42] [+42] [18446744073709551615] [000hi] [hi000]", "[%s] [%+s] [%s] [%05s] [%-05s]",
		  I64(42), I64(42), U64(UINT64_MAX), STR("hi"), STR("hi"));
	CHECK_FMT("[0x1000] [00000x1000] [0xdeadbeef]", "[%6p] [%010p] [%p]", U64(0x1000),
		  U64(0x1000), U64(0xdeadbeef));
}

TEST(value_sizes_and_signedness)
{
	struct arg s8 = {SG_V_INT, 1, 1, 0xff, NULL}, u8 = {SG_V_INT, 1, 0, 200, NULL};
	struct arg s32 = {SG_V_INT, 4, 1, 0xffffffff, NULL}, u16 = {SG_V_INT, 2, 0, 0xffff, NULL};
	CHECK_FMT("-1 200 4294967295 -1 65535 -1", "%d %d %u %ld %d %hd", s8, u8, s32, s32, u16, u16);
	CHECK_FMT("-1 255", "%s %s", s8, {SG_V_INT, 1, 0, 0xff, NULL});
}

TEST(literal_percent_signs)
{
	struct arg none[1] = {I64(0)};
	char *s = fmt1("50%! %y %0-5d %5 end %", none, 0);
	CHECK_STR(s, "50%! %y %0-5d %5 end %"); /* not conversions: printed as is */
	free(s);
	s = fmt1("%z%d", none, 0); /* "%z%" is a (length-modified) "%%" */
	CHECK_STR(s, "%d");
	free(s);
	CHECK_FMT("a%b 7 c", "a%%b %d c", I64(7));
}

TEST(strings_stop_at_nul_or_get_trailer)
{
	struct arg nul = {SG_V_STR, 16, 0, 0, "ab\0cd"};
	struct arg full = {SG_V_STR, 4, 0, 0, "abcd"};
	CHECK_FMT("[ab] [abcd..]", "[%s] [%s]", nul, full); /* newest str_trunc_trailer */
}

TEST(char_conversion)
{
	CHECK_FMT("[A] [B    ] [a]", "[%c] [%-5c] [%lc]", I64(65), I64(66), I64(0x161));
	struct arg z[] = {I64(0)};
	char *s = fmt1("<%c>", z, 1);
	CHECK(s && memcmp(s, "<\0>", 3) == 0); /* a NUL char is written as a byte */
	free(s);
}

TEST(buffers_r_rx_rh)
{
	struct arg buf = {SG_V_BUF, 8, 0, 4, "hi\x00\xff????"};
	CHECK_FMT("[hi\\x00\\xff] [\\x68\\x69\\x00\\xff] [68 69 00 ff] [hi\\x00\\xff]",
		  "[%r] [%rx] [%rh] [%s]", buf, buf, buf, buf);
	struct arg over = {SG_V_BUF, 2, 0, 100, "ab"}; /* length past its room: clamped */
	CHECK_FMT("[ab]", "[%r]", over);
}

TEST(tuple_argument)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_value_desc t = fx_tuple(8, 24, 2, fx_int(0, 8, 1), fx_str(8, 16));
	fx_event(b, SG_ACT_PRINTF, "<%s>", fx_tuple(0, 32, 1, t), 32);
	uint8_t rec[32] = {0};
	int64_t v = -1;
	memcpy(rec + 8, &v, 8);
	strcpy((char *)rec + 16, "x");
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	struct sg_output *o = output_new(f, SG_FMT_TEXT, b);
	CHECK_INT(output_event(o, rec, sizeof(rec)), 0);
	struct strbuf sb = {0};
	CHECK_INT(output_format_printf(o, &b->events[0], rec, sizeof(rec), &sb), 0);
	CHECK_STR(sb_str(&sb), "<(-1, x)>");
	CHECK_INT(output_format_printf(o, &b->events[0], rec, 20, &sb), -EINVAL);
	CHECK_INT(output_format_printf(o, NULL, rec, sizeof(rec), &sb), -EINVAL);
	sb_free(&sb);
	output_free(o);
	fclose(f);
	CHECK_STR(buf, "<(-1, x)>");
	free(buf);
	fx_bundle_free(b);
}

TEST(json_printf)
{
	struct arg a[] = {STR("tab\there"), I64(5)};
	char *s = fmt_as(SG_FMT_JSON, "test \r \\ \" %s %d\n", a, 2);
	/* bpftrace runtime test printf_escaping, plus an argument */
	CHECK_STR(s, "{\"type\": \"printf\", \"data\": \"test \\r \\\\ \\\" tab\\there 5\\n\"}\n");
	CHECK(fx_json_valid(s) != 0);
	free(s);
}

/* An enum value: %s prints its enumerator (the number when it has none, as
 * newest bpftrace does), every integer conversion its number. */
TEST(enum_values)
{
	struct sg_bundle *b = fx_bundle();
	static const char *const names[] = {"NEG", "ONE", "TWO"};
	static const uint64_t values[] = {(uint64_t)-1, 1, 2};
	b->nenums = 1;
	b->enums = xcalloc(1, sizeof(*b->enums));
	b->enums[0] = (struct sg_enum){.name = xstrdup("enum e"), .n = 3};
	b->enums[0].names = xcalloc(3, sizeof(char *));
	b->enums[0].values = xcalloc(3, sizeof(uint64_t));
	for (int i = 0; i < 3; i++) {
		b->enums[0].names[i] = xstrdup(names[i]);
		b->enums[0].values[i] = values[i];
	}
	struct arg a[] = {I64(2), I64(2), I64(2), I64(2), I64(7), I64(-1), I64(-7)};
	uint8_t rec[512];
	size_t len = layout(b, "%s %d %x [%-5s] %s %s %s\n", a, 7, rec);
	for (uint32_t i = 0; i < 7; i++)
		b->events[0].args.elems[i].kind = SG_V_ENUM;
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	struct sg_output *o = output_new(f, SG_FMT_TEXT, b);
	CHECK_INT(output_event(o, rec, len), 0);
	output_free(o);
	fclose(f);
	CHECK_STR(buf, "TWO 2 2 [TWO  ] 7 NEG -7\n");
	free(buf);
	fx_bundle_free(b);
}

/* Formatting must not reparse or allocate per event: a million events
 * take well under a second when it does not. A loose bound, not a benchmark. */
TEST(throughput)
{
	struct sg_bundle *b = fx_bundle();
	struct arg a[] = {I64(1234), STR("process"), U64(0xbeef)};
	uint8_t rec[512];
	size_t len = layout(b, "pid %d comm %-16s addr %p\n", a, 3, rec);
	FILE *f = fopen("/dev/null", "w");
	struct sg_output *o = output_new(f, SG_FMT_TEXT, b);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 1000000; i++)
		output_event(o, rec, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(s < 10.0); /* sanitizer builds are slow; unsanitized it is ~0.1 s */
	output_free(o);
	fclose(f);
	fx_bundle_free(b);
}
