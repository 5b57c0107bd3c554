/* hist() and lhist() maps, text and JSON.
 *
 * Rows marked "0.17" were captured from the real bpftrace v0.17.0 installed
 * here, e.g. for @h: BEGIN { @h = hist(-5); @h = hist(0); @h = hist(1);
 * @h = hist(2); @h = hist(1023); @h = hist(1024); @h = hist(1048576); exit(); }
 * Headers follow the newest bpftrace ("@h:"; 0.17 printed "@h: " with a
 * trailing space), and so does JSON array spacing ("},{"; 0.17: "}, {").
 * Lines marked "newest" come from the newest bpftrace's source
 * (format.cpp build_histogram / build_linear_histogram, text.cpp, json.cpp). */
#include "output_fixture.h"

/* Bucket indexes for hist(): 0 negative, 1 zero, 2 one, k: [2^(k-2), 2^(k-1)). */
static uint64_t log2_bucket(int64_t v)
{
	if (v < 0)
		return 0;
	if (v == 0)
		return 1;
	return 2 + (uint64_t)(63 - __builtin_clzll((uint64_t)v));
}

static struct sg_map *hist_map(struct sg_bundle *b, const char *name, enum sg_agg agg,
			       uint32_t ukey, struct sg_value_desc key)
{
	return fx_map(b, name, agg, ukey + 8, key, 8, fx_int(0, 8, 0));
}

/* Adds bucket `bk` of user key uk with one count per CPU. */
static void add_bucket(struct fx_dump *f, const void *uk, uint64_t bk, const uint64_t *cnt)
{
	uint8_t key[64] = {0};
	size_t ukey = f->d.map->key_size - 8;
	if (ukey)
		memcpy(key, uk, ukey);
	memcpy(key + ukey, &bk, 8);
	fx_add(f, key, cnt);
}

static void add_values(struct fx_dump *f, const void *uk, const int64_t *v, int n)
{
	for (int i = 0; i < n; i++) {
		uint64_t one = 1;
		add_bucket(f, uk, log2_bucket(v[i]), &one);
	}
}

TEST(hist_scalar_text)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_map *h = hist_map(b, "@h", SG_AGG_HIST, 0, fx_tuple(0, 0, 0));
	struct fx_dump f;
	fx_dump_init(&f, h, 1);
	int64_t v[] = {1048576, -5, 0, 1024, 1, 2, 1023}; /* dump order does not matter */
	add_values(&f, NULL, v, 7);
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d);
	CHECK_STR(t, "@h:\n" /* 0.17 rows */
		     "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[4, 8)                 0 |                                                    |\n"
		     "[8, 16)                0 |                                                    |\n"
		     "[16, 32)               0 |                                                    |\n"
		     "[32, 64)               0 |                                                    |\n"
		     "[64, 128)              0 |                                                    |\n"
		     "[128, 256)             0 |                                                    |\n"
		     "[256, 512)             0 |                                                    |\n"
		     "[512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[2K, 4K)               0 |                                                    |\n"
		     "[4K, 8K)               0 |                                                    |\n"
		     "[8K, 16K)              0 |                                                    |\n"
		     "[16K, 32K)             0 |                                                    |\n"
		     "[32K, 64K)             0 |                                                    |\n"
		     "[64K, 128K)            0 |                                                    |\n"
		     "[128K, 256K)           0 |                                                    |\n"
		     "[256K, 512K)           0 |                                                    |\n"
		     "[512K, 1M)             0 |                                                    |\n"
		     "[1M, 2M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	char *j = fx_print_map(b, SG_FMT_JSON, &f.d);
	CHECK_STR(j, "{\"type\": \"hist\", \"data\": {\"@h\": [{\"max\": -1, \"count\": 1},"
		     "{\"min\": 0, \"max\": 0, \"count\": 1},{\"min\": 1, \"max\": 1, \"count\": 1},"
		     "{\"min\": 2, \"max\": 3, \"count\": 1},{\"min\": 4, \"max\": 7, \"count\": 0},"
		     "{\"min\": 8, \"max\": 15, \"count\": 0},{\"min\": 16, \"max\": 31, \"count\": 0},"
		     "{\"min\": 32, \"max\": 63, \"count\": 0},{\"min\": 64, \"max\": 127, \"count\": 0},"
		     "{\"min\": 128, \"max\": 255, \"count\": 0},{\"min\": 256, \"max\": 511, \"count\": 0},"
		     "{\"min\": 512, \"max\": 1023, \"count\": 1},{\"min\": 1024, \"max\": 2047, \"count\": 1},"
		     "{\"min\": 2048, \"max\": 4095, \"count\": 0},{\"min\": 4096, \"max\": 8191, \"count\": 0},"
		     "{\"min\": 8192, \"max\": 16383, \"count\": 0},{\"min\": 16384, \"max\": 32767, \"count\": 0},"
		     "{\"min\": 32768, \"max\": 65535, \"count\": 0},{\"min\": 65536, \"max\": 131071, \"count\": 0},"
		     "{\"min\": 131072, \"max\": 262143, \"count\": 0},{\"min\": 262144, \"max\": 524287, \"count\": 0},"
		     "{\"min\": 524288, \"max\": 1048575, \"count\": 0},{\"min\": 1048576, \"max\": 2097151, \"count\": 1}]}}\n");
	CHECK(fx_json_valid(j) != 0);
	free(t), free(j);
	sg_mapdump_free(&f.d);
	fx_bundle_free(b);
}

/* @k["b"] = hist(3) x3, hist(100); @k["a"] = hist(0), hist(1);
 * @k["c"] = hist(5), hist(6). Sorted by total count; a and c tie at 2 and
 * keep key order (0.17 printed a, c, b). Counts are split over 2 CPUs. */
TEST(hist_keyed_sorted_by_total)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_map *h = hist_map(b, "@k", SG_AGG_HIST, 8, fx_tuple(0, 8, 1, fx_str(0, 8)));
	struct fx_dump f;
	fx_dump_init(&f, h, 2);
	char kb[8] = "b", ka[8] = "a", kc[8] = "c";
	uint64_t three[2] = {2, 1}, one[2] = {0, 1}, two[2] = {1, 1};
	add_bucket(&f, kc, log2_bucket(5), two);
	add_bucket(&f, kb, log2_bucket(3), three);
	add_bucket(&f, ka, log2_bucket(1), one);
	add_bucket(&f, kb, log2_bucket(100), one);
	add_bucket(&f, ka, log2_bucket(0), one);
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d);
	CHECK_STR(t, "@k[a]:\n" /* 0.17 rows */
		     "[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n"
		     "@k[c]:\n"
		     "[4, 8)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n"
		     "@k[b]:\n"
		     "[2, 4)                 3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[4, 8)                 0 |                                                    |\n"
		     "[8, 16)                0 |                                                    |\n"
		     "[16, 32)               0 |                                                    |\n"
		     "[32, 64)               0 |                                                    |\n"
		     "[64, 128)              1 |@@@@@@@@@@@@@@@@@                                   |\n"
		     "\n");
	char *j = fx_print_map(b, SG_FMT_JSON, &f.d);
	CHECK_STR(j, "{\"type\": \"hist\", \"data\": {\"@k\": {\"a\": [{\"min\": 0, \"max\": 0, \"count\": 1},"
		     "{\"min\": 1, \"max\": 1, \"count\": 1}], \"c\": [{\"min\": 4, \"max\": 7, \"count\": 2}], "
		     "\"b\": [{\"min\": 2, \"max\": 3, \"count\": 3},{\"min\": 4, \"max\": 7, \"count\": 0},"
		     "{\"min\": 8, \"max\": 15, \"count\": 0},{\"min\": 16, \"max\": 31, \"count\": 0},"
		     "{\"min\": 32, \"max\": 63, \"count\": 0},{\"min\": 64, \"max\": 127, \"count\": 1}]}}}\n");
	CHECK(fx_json_valid(j) != 0);
	free(t), free(j);
	sg_mapdump_free(&f.d);
	fx_bundle_free(b);
}

TEST(hist_giga_and_huge_buckets)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_map *h = hist_map(b, "@g", SG_AGG_HIST, 0, fx_tuple(0, 0, 0));
	struct fx_dump f;
	fx_dump_init(&f, h, 1);
	uint64_t one = 1;
	add_bucket(&f, NULL, log2_bucket(INT64_C(1) << 62), &one); /* 64 */
	add_bucket(&f, NULL, 65, &one);                             /* 2^63 and up */
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d);
	/* newest: label 2^(k-1) with suffix for its power of 1024 (E = 2^60) */
	CHECK_STR(t, "@g:\n"
		     "[4E, 8E)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[8E, 16E)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	char *j = fx_print_map(b, SG_FMT_JSON, &f.d);
	/* Bounds a double cannot hold are quoted, as bpftrace's JsonEmitter does. */
	CHECK_STR(j, "{\"type\": \"hist\", \"data\": {\"@g\": ["
		     "{\"min\": 4611686018427387904, \"max\": \"9223372036854775807\", \"count\": 1},"
		     "{\"min\": 9223372036854775808, \"max\": \"18446744073709551615\", \"count\": 1}]}}\n");
	CHECK(fx_json_valid(j) != 0);
	free(t), free(j);
	sg_mapdump_free(&f.d);

	fx_dump_init(&f, h, 1);
	add_bucket(&f, NULL, log2_bucket(INT64_C(1) << 30), &one);
	add_bucket(&f, NULL, log2_bucket(INT64_C(1) << 31), &one);
	t = fx_print_map(b, SG_FMT_TEXT, &f.d);
	CHECK_STR(t, "@g:\n" /* 0.17, hist(1073741824) */
		     "[1G, 2G)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[2G, 4G)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	free(t);
	sg_mapdump_free(&f.d);
	fx_bundle_free(b);
}

TEST(hist_zeroed_and_bad_buckets)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_map *h = hist_map(b, "@h", SG_AGG_HIST, 0, fx_tuple(0, 0, 0));
	struct fx_dump f;
	fx_dump_init(&f, h, 1);
	uint64_t zero = 0, one = 1;
	add_bucket(&f, NULL, 3, &zero); /* after zero(@h) */
	add_bucket(&f, NULL, 1000, &one); /* not a hist() bucket: ignored */
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d), *j = fx_print_map(b, SG_FMT_JSON, &f.d);
	CHECK_STR(t, "@h:\n\n"); /* newest: an empty histogram still gets its header */
	CHECK_STR(j, "{\"type\": \"hist\", \"data\": {\"@h\": []}}\n"); /* newest hist_zero.json */
	free(t), free(j);
	sg_mapdump_free(&f.d);
	fx_bundle_free(b);
}

TEST(hist_div_and_bar_rounding)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_map *h = hist_map(b, "@h", SG_AGG_HIST, 0, fx_tuple(0, 0, 0));
	struct fx_dump f;
	fx_dump_init(&f, h, 1);
	uint64_t c1 = 30, c2 = 70;
	add_bucket(&f, NULL, 3, &c1);
	add_bucket(&f, NULL, 4, &c2);
	char *t = fx_print_top(b, SG_FMT_TEXT, &f.d, 0, 10); /* print(@h, 0, 10) */
	/* 3/7 of 52 in float is 22.28 */
	CHECK_STR(t, "@h:\n"
		     "[2, 4)                 3 |@@@@@@@@@@@@@@@@@@@@@@                              |\n"
		     "[4, 8)                 7 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	free(t);
	sg_mapdump_free(&f.d);
	fx_bundle_free(b);
}

static struct sg_map *lhist_map(struct sg_bundle *b, const char *name, int64_t min, int64_t max,
				int64_t step)
{
	struct sg_map *m = hist_map(b, name, SG_AGG_LHIST, 0, fx_tuple(0, 0, 0));
	m->lhist_min = min;
	m->lhist_max = max;
	m->lhist_step = step;
	return m;
}

static uint64_t lin_bucket(const struct sg_map *m, int64_t v)
{
	if (v < m->lhist_min)
		return 0;
	if (v > m->lhist_max)
		return 1 + (uint64_t)((m->lhist_max - m->lhist_min) / m->lhist_step);
	return 1 + (uint64_t)((v - m->lhist_min) / m->lhist_step);
}

TEST(lhist_below_and_above)
{
	struct sg_bundle *b = fx_bundle();
	lhist_map(b, "@l", 0, 100, 10);
	lhist_map(b, "@o", 0, 100, 10);
	struct sg_map *l = &b->maps[0], *o = &b->maps[1];
	struct fx_dump f, g;
	fx_dump_init(&f, l, 1);
	uint64_t one = 1, two = 2; /* -1, 5, and both 100 and 250 in the last bucket */
	add_bucket(&f, NULL, lin_bucket(l, -1), &one);
	add_bucket(&f, NULL, lin_bucket(l, 5), &one);
	add_bucket(&f, NULL, lin_bucket(l, 250), &two);
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d);
	CHECK_STR(t, "@l:\n" /* 0.17 rows */
		     "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		     "[0, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		     "[10, 20)               0 |                                                    |\n"
		     "[20, 30)               0 |                                                    |\n"
		     "[30, 40)               0 |                                                    |\n"
		     "[40, 50)               0 |                                                    |\n"
		     "[50, 60)               0 |                                                    |\n"
		     "[60, 70)               0 |                                                    |\n"
		     "[70, 80)               0 |                                                    |\n"
		     "[80, 90)               0 |                                                    |\n"
		     "[90, 100)              0 |                                                    |\n"
		     "[100, ...)             2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	char *j = fx_print_map(b, SG_FMT_JSON, &f.d);
	CHECK_STR(j, "{\"type\": \"hist\", \"data\": {\"@l\": [{\"max\": -1, \"count\": 1},"
		     "{\"min\": 0, \"max\": 9, \"count\": 1},{\"min\": 10, \"max\": 19, \"count\": 0},"
		     "{\"min\": 20, \"max\": 29, \"count\": 0},{\"min\": 30, \"max\": 39, \"count\": 0},"
		     "{\"min\": 40, \"max\": 49, \"count\": 0},{\"min\": 50, \"max\": 59, \"count\": 0},"
		     "{\"min\": 60, \"max\": 69, \"count\": 0},{\"min\": 70, \"max\": 79, \"count\": 0},"
		     "{\"min\": 80, \"max\": 89, \"count\": 0},{\"min\": 90, \"max\": 99, \"count\": 0},"
		     "{\"min\": 100, \"count\": 2}]}}\n");
	fx_dump_init(&g, o, 1);
	add_bucket(&g, NULL, lin_bucket(o, 500), &one);
	char *to = fx_print_map(b, SG_FMT_TEXT, &g.d), *jo = fx_print_map(b, SG_FMT_JSON, &g.d);
	CHECK_STR(to, "@o:\n" /* 0.17 */
		      "[100, ...)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		      "\n");
	CHECK_STR(jo, "{\"type\": \"hist\", \"data\": {\"@o\": [{\"min\": 100, \"count\": 1}]}}\n");
	free(t), free(j), free(to), free(jo);
	sg_mapdump_free(&f.d), sg_mapdump_free(&g.d);
	fx_bundle_free(b);
}

TEST(lhist_step_one_single_values)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_map *l = lhist_map(b, "@l1", 0, 10, 1);
	struct fx_dump f;
	fx_dump_init(&f, l, 1);
	uint64_t one = 1;
	add_bucket(&f, NULL, lin_bucket(l, 3), &one);
	add_bucket(&f, NULL, lin_bucket(l, 5), &one);
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d);
	/* newest: adjacent integer labels print as one value;
	 * 0.17 printed [3, 4), [4, 5), [5, 6) */
	CHECK_STR(t, "@l1:\n"
		     "[3]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[4]                    0 |                                                    |\n"
		     "[5]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	char *j = fx_print_map(b, SG_FMT_JSON, &f.d);
	CHECK_STR(j, "{\"type\": \"hist\", \"data\": {\"@l1\": [{\"min\": 3, \"max\": 3, \"count\": 1},"
		     "{\"min\": 4, \"max\": 4, \"count\": 0},{\"min\": 5, \"max\": 5, \"count\": 1}]}}\n");
	free(t), free(j);
	sg_mapdump_free(&f.d);
	fx_bundle_free(b);
}

TEST(lhist_kilo_labels)
{
	struct sg_bundle *b = fx_bundle();
	lhist_map(b, "@lk", 0, 8192, 1024);
	lhist_map(b, "@n", -4096, 4096, 1024);
	struct sg_map *l = &b->maps[0], *n = &b->maps[1];
	struct fx_dump f, g;
	fx_dump_init(&f, l, 1);
	uint64_t one = 1;
	add_bucket(&f, NULL, lin_bucket(l, 2048), &one);
	add_bucket(&f, NULL, lin_bucket(l, 5000), &one);
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d), *j = fx_print_map(b, SG_FMT_JSON, &f.d);
	CHECK_STR(t, "@lk:\n" /* 0.17 rows */
		     "[2K, 3K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[3K, 4K)               0 |                                                    |\n"
		     "[4K, 5K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	CHECK_STR(j, "{\"type\": \"hist\", \"data\": {\"@lk\": [{\"min\": 2048, \"max\": 3071, \"count\": 1},"
		     "{\"min\": 3072, \"max\": 4095, \"count\": 0},{\"min\": 4096, \"max\": 5119, \"count\": 1}]}}\n");
	fx_dump_init(&g, n, 1);
	add_bucket(&g, NULL, lin_bucket(n, -5000), &one);
	add_bucket(&g, NULL, lin_bucket(n, -1), &one);
	add_bucket(&g, NULL, lin_bucket(n, 1), &one);
	add_bucket(&g, NULL, lin_bucket(n, 1u << 20), &one);
	char *tn = fx_print_map(b, SG_FMT_TEXT, &g.d), *jn = fx_print_map(b, SG_FMT_JSON, &g.d);
	/* newest: K labels for multiples of 1024, "0" plain, negatives signed */
	CHECK_STR(tn, "@n:\n"
		      "(..., -4K)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		      "[-4K, -3K)             0 |                                                    |\n"
		      "[-3K, -2K)             0 |                                                    |\n"
		      "[-2K, -1K)             0 |                                                    |\n"
		      "[-1K, 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		      "[0, 1K)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		      "[1K, 2K)               0 |                                                    |\n"
		      "[2K, 3K)               0 |                                                    |\n"
		      "[3K, 4K)               0 |                                                    |\n"
		      "[4K, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		      "\n");
	CHECK(strncmp(jn, "{\"type\": \"hist\", \"data\": {\"@n\": [{\"max\": -4097, \"count\": 1},"
			  "{\"min\": -4096, \"max\": -3073, \"count\": 0},", 96) == 0);
	CHECK(fx_json_valid(jn) != 0);
	free(t), free(j), free(tn), free(jn);
	sg_mapdump_free(&f.d), sg_mapdump_free(&g.d);
	fx_bundle_free(b);
}

TEST(lhist_mega_labels)
{
	struct sg_bundle *b = fx_bundle();
	struct sg_map *l = lhist_map(b, "@m", 0, 4 << 20, 1 << 19);
	struct fx_dump f;
	fx_dump_init(&f, l, 1);
	uint64_t one = 1;
	add_bucket(&f, NULL, lin_bucket(l, 1 << 20), &one);
	add_bucket(&f, NULL, lin_bucket(l, (1 << 20) + (1 << 19)), &one);
	char *t = fx_print_map(b, SG_FMT_TEXT, &f.d);
	CHECK_STR(t, "@m:\n" /* newest lhist_index_label: M when divisible by 1M, else K */
		     "[1M, 1536K)            1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[1536K, 2M)            1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "\n");
	free(t);
	sg_mapdump_free(&f.d);
	fx_bundle_free(b);
}
