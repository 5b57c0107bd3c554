/* Target for the array and struct value e2e tests: passes pointers to known
 * structs in user memory to functions a uprobe can read them from.
 *   ar_struct(&a, &b)  struct A { int x[4]; } = {1,2,3,4},
 *                      struct B { int y[2][2]; } = {{5,6},{7,8}}
 *   ar_ints(x)         int x[4] = {1,2,3,4}
 *   ar_mixed(&c)       twice: names that differ only after their NUL
 *                      ("ab\0cd", then "ab\0xy"), a bool, short/struct/char
 *                      arrays (struct C below)
 * Usage: array_target (no arguments). */
#include <stdbool.h>
#include <string.h>

#define NOINLINE __attribute__((noinline, used))

struct A {
	int x[4];
};

struct B {
	int y[2][2];
};

struct P {
	int x, y;
};

struct C {
	char name[8];
	bool flag;
	short pts[3];
	struct P pair[2];
	char words[2][4];
};

static volatile long sink;

NOINLINE void ar_struct(struct A *a, struct B *b)
{
	sink += a->x[0] + b->y[0][0];
}

NOINLINE void ar_ints(int *x)
{
	sink += x[0];
}

NOINLINE void ar_mixed(struct C *c)
{
	sink += c->flag;
}

static void mixed(const char *tail, bool flag)
{
	struct C c = {.flag = flag, .pts = {-1, 2, -3}, .pair = {{1, 2}, {3, 4}}};
	memcpy(c.name, "ab", 3);
	memcpy(c.name + 3, tail, strlen(tail));
	memcpy(c.words[0], "hi", 3);
	memcpy(c.words[1], "yo", 3);
	ar_mixed(&c);
}

int main(void)
{
	struct A a = {{1, 2, 3, 4}};
	struct B b = {{{5, 6}, {7, 8}}};
	int x[4] = {1, 2, 3, 4};
	ar_struct(&a, &b);
	ar_ints(x);
	mixed("cd", true);
	mixed("xy", false);
	return 0;
}
