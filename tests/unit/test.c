#include "test.h"

#include <stdarg.h>
#include <stdlib.h>

struct test {
	const char *name;
	test_fn fn;
};

static struct test tests[512];
static int ntests;
static int cur_failed;

void test_register(const char *name, test_fn fn)
{
	if (ntests < (int)(sizeof(tests) / sizeof(tests[0])))
		tests[ntests++] = (struct test){name, fn};
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cur_failed = 1;
}

char *test_capture(void (*fn)(FILE *, void *), void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fn(f, arg);
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	const char *only = argc > 1 ? argv[1] : NULL;
	for (int i = 0; i < ntests; i++) {
		if (only && strcmp(only, tests[i].name) != 0)
			continue;
		cur_failed = 0;
		tests[i].fn();
		if (cur_failed) {
			fprintf(stderr, "FAIL %s\n", tests[i].name);
			failed++;
		} else {
			passed++;
		}
	}
	const char *self = strrchr(argv[0], '/');
	printf("RESULT %s passed=%d failed=%d\n", self ? self + 1 : argv[0], passed, failed);
	return failed ? 1 : 0;
}
