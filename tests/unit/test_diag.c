/* Diagnostics on huge input: a long source line is shown as a window around
 * the error, and name suggestions do not compare hopelessly different
 * lengths (both used to take seconds to minutes on 1 MB scripts). */
#include <stdlib.h>

#include "base/diag.h"
#include "base/util.h"
#include "test.h"

static char *show(const char *text, struct srcloc loc)
{
	struct source src = {.name = "t.bt", .text = text, .len = strlen(text)};
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	diag_show_line(&src, loc, f);
	fclose(f);
	return buf;
}

TEST(short_line_is_shown_whole)
{
	char *s = show("BEGIN { @x = ; }", (struct srcloc){.line = 1, .col = 14, .len = 1});
	CHECK_STR(s, "BEGIN { @x = ; }\n             ^\n");
	free(s);
}

/* "x" at column 5001 of a 10 000-character line of 'a's. */
TEST(long_line_is_a_window_around_the_column)
{
	char *text = xmalloc(10001);
	memset(text, 'a', 10000);
	text[5000] = 'x';
	text[10000] = 0;
	char *s = show(text, (struct srcloc){.line = 1, .col = 5001, .len = 3});
	char *nl = strchr(s, '\n');
	CHECK(nl != NULL);
	if (nl) {
		CHECK(strncmp(s, "...", 3) == 0);
		CHECK(strncmp(nl - 3, "...", 3) == 0);
		CHECK(nl - s <= 300);
		/* the caret sits under the x */
		const char *caret = strchr(nl + 1, '^');
		CHECK(caret != NULL && s[caret - (nl + 1)] == 'x');
		CHECK(caret && strcmp(caret, "^~~\n") == 0);
	}
	free(s);
	free(text);
}

TEST(long_line_error_near_the_end)
{
	char *text = xmalloc(1002);
	memset(text, 'a', 1000);
	text[999] = 'x';
	text[1000] = 0;
	char *s = show(text, (struct srcloc){.line = 1, .col = 1000, .len = 5});
	char *nl = strchr(s, '\n');
	CHECK(nl && nl[-1] == 'x'); /* the end of the line: no trailing "..." */
	const char *caret = nl ? strchr(nl + 1, '^') : NULL;
	CHECK(caret && s[caret - (nl + 1)] == 'x' && strcmp(caret, "^\n") == 0);
	free(s);
	free(text);
}

TEST(edit_distance_is_exact_within_the_bound)
{
	CHECK_INT(edit_distance("count", "conut", 3), 2);
	CHECK_INT(edit_distance("kitten", "sitting", 3), 3);
	CHECK_INT(edit_distance("kitten", "sitting", 2), 3); /* over: max + 1 */
	CHECK_INT(edit_distance("", "abc", 5), 3);
	CHECK_INT(edit_distance("same", "same", 0), 0);
}

TEST(edit_distance_skips_hopeless_lengths)
{
	size_t n = 1 << 20;
	char *big = xmalloc(n + 1);
	memset(big, 'a', n);
	big[n] = 0;
	CHECK_INT(edit_distance(big, "aaa", 4), 5);
	CHECK_INT(edit_distance("aaa", big, 4), 5);
	free(big);
}
