/* Minimal unit-test framework. A test file defines TEST(name) { ... } blocks;
 * test.c provides main(), runs them all, and prints one summary line
 * "RESULT <binary> passed=N failed=M" that tests/run.sh adds up. */
#ifndef SG_TEST_H
#define SG_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(name)                                                              \
	static void name(void);                                                 \
	__attribute__((constructor)) static void reg_##name(void)               \
	{                                                                       \
		test_register(#name, name);                                     \
	}                                                                       \
	static void name(void)

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c))                                                       \
			test_fail(__FILE__, __LINE__, "CHECK(%s)", #c);         \
	} while (0)

#define CHECK_INT(a, b)                                                         \
	do {                                                                    \
		long long a_ = (long long)(a), b_ = (long long)(b);             \
		if (a_ != b_)                                                   \
			test_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", \
				  #a, a_, b_);                                  \
	} while (0)

#define CHECK_STR(a, b)                                                         \
	do {                                                                    \
		const char *a_ = (a), *b_ = (b);                                \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                          \
			test_fail(__FILE__, __LINE__,                           \
				  "%s:\n--- got ---\n%s\n--- expected ---\n%s", \
				  #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");  \
	} while (0)

/* Captures what fn writes to a FILE* into a malloc'd string. */
char *test_capture(void (*fn)(FILE *, void *), void *arg);

#endif
