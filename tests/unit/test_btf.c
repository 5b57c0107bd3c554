/* C types from kernel BTF and script definitions: lazy loading, conversion
 * (records, pointers, char arrays, bitfields), casts/fields/indexing typing,
 * sizeof/offsetof values, script struct layout, and located errors with
 * suggestions. Needs /sys/kernel/btf/vmlinux (present on the test machine). */
#include <errno.h>
#include <stdlib.h>

#include "lang/parser.h"
#include "sema/btf.h"
#include "sema/enums.h"
#include "base/util.h"
#include "sema/sema.h"
#include "sema_fixture.h"
#include "test.h"


/* The value of the n-th statement `@x = <expr>` of the first probe. */
static struct node *rhs(struct fixture *f, int n)
{
	struct node *st = f->prog->probes->body->args;
	while (n-- && st)
		st = st->next;
	return st ? st->r : NULL;
}

static const char *map_type(struct fixture *f, const char *name, char *buf)
{
	for (size_t i = 0; i < f->s.maps.len; i++)
		if (strcmp(f->s.maps.data[i]->name, name) == 0)
			return type_name(&f->s.maps.data[i]->value, buf, 64);
	return "(no map)";
}

TEST(btf_not_loaded_without_kernel_types)
{
	struct fixture f;
	analyse(&f, "struct foo { int a; char b[8]; } BEGIN { @a = sizeof(int); @b = sizeof(struct foo);"
		    " @c = (uint32)1; exit(); }");
	CHECK_INT(f.rc, 0);
	CHECK(!sgbtf_loaded(&f.s));
	CHECK_INT(rhs(&f, 0)->num, 4);
	CHECK_INT(rhs(&f, 1)->num, 12);
	done(&f);
}

TEST(btf_sizeof_offsetof_kernel)
{
	struct fixture f;
	analyse(&f, "BEGIN { @a = sizeof(struct list_head); @b = offsetof(struct list_head, prev);"
		    " @c = sizeof(struct task_struct) > 1000; @d = sizeof(unsigned long long); }");
	CHECK_INT(f.rc, 0);
	CHECK(sgbtf_loaded(&f.s));
	CHECK_INT(rhs(&f, 0)->num, 16);
	CHECK_INT(rhs(&f, 1)->num, 8);
	CHECK_INT(rhs(&f, 3)->num, 8);
	done(&f);
}

TEST(btf_script_struct_layout)
{
	struct fixture f;
	analyse(&f, "struct foo { int a; char b[8]; struct foo *next; union { int x; long y; } u;"
		    " unsigned long long z; short s[3]; };\n"
		    "struct list_head { long a, b, c; };\n"
		    "BEGIN { @a = sizeof(struct foo); @b = offsetof(struct foo, b);"
		    " @c = offsetof(struct foo, next); @d = offsetof(struct foo, u.y);"
		    " @e = offsetof(struct foo, z); @f = offsetof(struct foo, s);"
		    " @g = sizeof(struct list_head); }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(rhs(&f, 0)->num, 48);
	CHECK_INT(rhs(&f, 1)->num, 4);
	CHECK_INT(rhs(&f, 2)->num, 16);
	CHECK_INT(rhs(&f, 3)->num, 24);
	CHECK_INT(rhs(&f, 4)->num, 32);
	CHECK_INT(rhs(&f, 5)->num, 40);
	CHECK_INT(rhs(&f, 6)->num, 24); /* the script's definition overrides BTF */
	done(&f);
}

/* `char w[2][4]` is 2 strings of 4 (C applies the last dimension first);
 * bool and _Bool fields, of the script or of BTF, are bool, and an array
 * of them is not a string. */
TEST(btf_multidim_arrays_and_bools)
{
	struct fixture f;
	analyse(&f, "struct m { char w[2][4]; int v[3][2]; bool b; _Bool c; bool d[2]; };\n"
		    "BEGIN { @a = sizeof(struct m); @b = offsetof(struct m, b); }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(rhs(&f, 0)->num, 36);
	CHECK_INT(rhs(&f, 1)->num, 32);
	struct type t, k;
	char buf[64];
	CHECK_INT(sgbtf_resolve(&f.s, "struct m", false, &t, NULL), 0);
	CHECK_STR(type_name(&record_field(t.rec, "w")->type, buf, sizeof(buf)), "string[4][2]");
	CHECK_STR(type_name(&record_field(t.rec, "v")->type, buf, sizeof(buf)), "int32[2][3]");
	CHECK(record_field(t.rec, "b")->type.is_bool && record_field(t.rec, "c")->type.is_bool);
	CHECK_STR(type_name(&record_field(t.rec, "d")->type, buf, sizeof(buf)), "bool[2]");
	CHECK_INT(sgbtf_resolve(&f.s, "struct task_struct", false, &k, NULL), 0);
	CHECK_INT(sgbtf_complete(&f.s, k.rec), 0);
	const struct field *thr = record_field(k.rec, "throttled");
	CHECK(thr && thr->type.is_bool && thr->type.size == 1);
	done(&f);
}

/* Bitfields as gcc lays them out on x86-64: a field that would straddle a
 * storage unit of its type starts the next one. */
TEST(btf_script_bitfields)
{
	struct fixture f;
	analyse(&f, "struct t { int a:3; int b:30; unsigned long c:40; char d; };\n"
		    "BEGIN { @a = sizeof(struct t); @b = offsetof(struct t, d); }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(rhs(&f, 0)->num, 16);
	CHECK_INT(rhs(&f, 1)->num, 13);
	struct type t;
	CHECK_INT(sgbtf_resolve(&f.s, "struct t", false, &t, NULL), 0);
	const struct field *b = record_field(t.rec, "b"), *c = record_field(t.rec, "c");
	CHECK(b && b->offset == 4 && b->bit_off == 0 && b->bit_size == 30 && b->type.is_signed);
	CHECK(c && c->offset == 8 && c->bit_size == 40 && !c->type.is_signed);
	done(&f);
}

TEST(btf_field_types)
{
	struct fixture f;
	char b[64];
	analyse(&f, "BEGIN { $t = (struct task_struct *)curtask; @c = $t->comm; @p = $t->pid;"
		    " @pp = $t->real_parent->pid; @ch = $t->comm[0]; @w = $t->se.load.weight;"
		    " @a = &$t->pid; @n = $t->pid_links[1].next != 0; @d = (*$t).tgid; }");
	CHECK_INT(f.rc, 0);
	CHECK_STR(map_type(&f, "@c", b), "string[16]");
	CHECK_STR(map_type(&f, "@p", b), "int64");
	CHECK_STR(map_type(&f, "@pp", b), "int64");
	CHECK_STR(map_type(&f, "@ch", b), "int64");
	CHECK_STR(map_type(&f, "@w", b), "uint64");
	CHECK_STR(map_type(&f, "@d", b), "int64");
	CHECK_STR(type_name(&rhs(&f, 6)->type, b, 64), "int32 *");
	done(&f);
}

TEST(btf_bitfields_and_user_pointers)
{
	struct fixture f;
	analyse(&f, "BEGIN { exit(); }");
	struct type t;
	CHECK_INT(sgbtf_resolve(&f.s, "struct task_struct", false, &t, NULL), 0);
	CHECK_INT(t.kind, T_RECORD);
	CHECK_INT(sgbtf_complete(&f.s, t.rec), 0);
	const struct field *fl = record_field(t.rec, "in_execve");
	CHECK(fl && fl->bit_size == 1 && fl->bit_off < 8);
	fl = record_field(t.rec, "pid");
	CHECK(fl && fl->bit_size == 0 && fl->type.kind == T_INT && fl->type.is_signed);
	CHECK_INT(sgbtf_resolve(&f.s, "const char *", true, &t, NULL), 0);
	CHECK(t.kind == T_PTR && t.as == AS_USER && t.elem && t.elem->size == 1);
	CHECK_INT(sgbtf_resolve(&f.s, "u8[4]", false, &t, NULL), 0);
	CHECK(t.kind == T_STR && t.size == 4);
	char *missing = NULL;
	CHECK_INT(sgbtf_resolve(&f.s, "struct no_such_struct_xyz *", false, &t, &missing), -ENOENT);
	CHECK_STR(missing, "struct no_such_struct_xyz");
	free(missing);
	done(&f);
}

static void expect_error(const char *prog, const char *msg, const char *note)
{
	struct fixture f;
	analyse(&f, prog);
	CHECK(f.rc != 0);
	if (!f.errors || !strstr(f.errors, msg) || (note && !strstr(f.errors, note)))
		test_fail(__FILE__, __LINE__, "for %s: wanted '%s' / '%s', got: %s", prog, msg,
			  note ? note : "", f.errors ? f.errors : "(nothing)");
	done(&f);
}

TEST(btf_errors)
{
	expect_error("BEGIN { $t = (struct task_strct *)curtask; }",
		     "t.bt:1:14: error: unknown struct 'struct task_strct'",
		     "did you mean 'struct task_struct'");
	expect_error("BEGIN { $t = (struct task_struct *)curtask; @x = $t->pidd; }",
		     "error: struct task_struct has no field 'pidd'", "did you mean 'pid'?");
	expect_error("BEGIN { @x = *pid; }", "cannot dereference uint32: not a pointer", NULL);
	expect_error("BEGIN { @x = pid[1]; }", "cannot index uint32", NULL);
	expect_error("BEGIN { $t = (struct task_struct *)curtask; @x = $t->comm[16]; }",
		     "the index 16 is out of bounds for array of size 16", NULL);
	expect_error("BEGIN { $t = (struct task_struct *)curtask; @x = $t->comm[\"a\"]; }",
		     "an index must be an integer, not string[2]", NULL);
	expect_error("BEGIN { @x = &pid; }", "cannot take the address", NULL);
	expect_error("BEGIN { @x = (struct task_struct)0; }", "only integer and pointer casts", NULL);
	expect_error("BEGIN { @x = (pid_tt)0; }", "unknown type 'pid_tt'", "'pid_t'");
	expect_error("BEGIN { @x = offsetof(struct list_head, nxt); }",
		     "struct list_head has no field 'nxt'", "did you mean 'next'?");
	expect_error("BEGIN { @x = sizeof(struct nosuch_struct_q); }", "unknown struct", NULL);
	expect_error("BEGIN { @x = (struct foo_missing_q *)0; }", "unknown struct", NULL);
	expect_error("struct foo { int a; wat b; } BEGIN { @x = sizeof(struct foo); }",
		     "t.bt:1:1: error: in struct foo: unknown type 'wat'", NULL);
	expect_error("struct foo { int a b; } BEGIN { @x = sizeof(struct foo); }",
		     "in struct foo: unknown type 'int a'", NULL);
	expect_error("struct foo { char *p:3; } BEGIN { @x = sizeof(struct foo); }",
		     "in struct foo: a bitfield must have an integer type", NULL);
	expect_error("struct foo { short a:17; } BEGIN { @x = sizeof(struct foo); }",
		     "in struct foo: a bitfield is wider than its type", NULL);
	expect_error("struct foo { int a:0; } BEGIN { @x = sizeof(struct foo); }",
		     "expected a bitfield width (a positive integer)", NULL);
	expect_error("struct foo { struct foo f; } BEGIN { @x = sizeof(struct foo); }",
		     "cannot contain the struct being defined", NULL);
	expect_error("struct foo { int a[99999999999]; } BEGIN { @x = sizeof(struct foo); }",
		     "bad array size", NULL);
	expect_error("struct foo { ??? } BEGIN { @x = sizeof(struct foo); }",
		     "in struct foo: expected a member near '?'", NULL);
	expect_error("BEGIN { $t = (struct task_struct *)curtask; @x = $t->pid->x; }",
		     "int32 has no field 'x'", NULL);
	expect_error("BEGIN { @x = *(void *)0; }", "cannot dereference void *", NULL);
}

TEST(btf_bad_ctype_text)
{
	struct fixture f;
	analyse(&f, "BEGIN { exit(); }");
	struct type t;
	CHECK_INT(sgbtf_resolve(&f.s, "", false, &t, NULL), -EINVAL);
	CHECK_INT(sgbtf_resolve(&f.s, "int [", false, &t, NULL), -EINVAL);
	CHECK_INT(sgbtf_resolve(&f.s, "int )", false, &t, NULL), -EINVAL);
	CHECK_INT(sgbtf_resolve(&f.s, "unsigned long **", false, &t, NULL), 0);
	CHECK(t.kind == T_PTR && t.elem && t.elem->kind == T_PTR && t.elem->elem->size == 8);
	done(&f);
}

TEST(btf_script_defs_nesting_limit)
{
	struct strbuf sb = {0};
	sb_append(&sb, "struct a { ");
	for (int i = 0; i < 200; i++)
		sb_append(&sb, "struct { ");
	sb_append(&sb, "int x; ");
	for (int i = 0; i < 200; i++)
		sb_append(&sb, "} y; ");
	sb_append(&sb, "} BEGIN { @x = sizeof(struct a); }");
	expect_error(sb.buf, "definitions nested too deeply", NULL);
	sb_free(&sb);
	struct fixture f;
	analyse(&f, "struct foo { struct { int a; }; long b; struct bar { int q; } c; struct bar d; }\n"
		    "BEGIN { @a = offsetof(struct foo, b); @b = sizeof(struct foo); @c = sizeof(struct bar); }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(rhs(&f, 0)->num, 8);
	CHECK_INT(rhs(&f, 1)->num, 24);
	CHECK_INT(rhs(&f, 2)->num, 4);
	done(&f);
}

static const struct sema_map *map_of(struct fixture *f, const char *name)
{
	for (size_t i = 0; i < f->s.maps.len; i++)
		if (strcmp(f->s.maps.data[i]->name, name) == 0)
			return f->s.maps.data[i];
	return NULL;
}

static const char *enum_of_map(struct fixture *f, const char *name)
{
	const struct sema_map *m = map_of(f, name);
	const struct sema_enum *e = m ? sema_enum_of(&f->s, &m->value) : NULL;
	return e ? e->name : "(none)";
}

/* Enumerators are constants of their enum's type; values of it stay of
 * that type through variables, maps and tracepoint fields. */
TEST(btf_enums)
{
	struct fixture f;
	analyse(&f, "enum Color { RED = 1, GREEN, BLUE = -4 }\n"
		    "tracepoint:skb:kfree_skb { @a = TCP_FIN_WAIT1; $r = args.reason; @r = $r;"
		    " @c = (enum Color)2; @g = GREEN; @b = BLUE; @sum = GREEN + 1;"
		    " @d = (enum skb_drop_reason)SKB_DROP_REASON_NO_SOCKET; }");
	CHECK_INT(f.rc, 0);
	CHECK_INT(rhs(&f, 0)->num, 4);
	CHECK_STR(enum_of_map(&f, "@r"), "enum skb_drop_reason");
	CHECK_STR(enum_of_map(&f, "@c"), "enum Color");
	CHECK_STR(enum_of_map(&f, "@g"), "enum Color");
	CHECK_INT(rhs(&f, 4)->num, 2);
	CHECK_INT((int64_t)rhs(&f, 5)->num, -4);
	CHECK_STR(enum_of_map(&f, "@sum"), "(none)"); /* arithmetic gives a plain integer */
	CHECK_STR(enum_of_map(&f, "@d"), "enum skb_drop_reason");
	done(&f);
	analyse(&f, "BEGIN { @x = (enum skb_drop_reason)100000; }");
	CHECK(f.rc < 0 && strstr(f.errors, "enum skb_drop_reason has no enumerator of value 100000"));
	done(&f);
}

/* Header macros exist only after their #include; #define bodies expand
 * where used, typed there. */
TEST(btf_defines_and_header_macros)
{
	struct fixture f;
	char b[64];
	analyse(&f, "#include <linux/sched.h>\n#define NAME \"abc\"\n#define N (TASK_INTERRUPTIBLE << 4)\n"
		    "BEGIN { @s = NAME; @n = N; @t = TASK_UNINTERRUPTIBLE; }");
	CHECK_INT(f.rc, 0);
	CHECK_STR(map_type(&f, "@s", b), "string[4]");
	CHECK_INT(rhs(&f, 1)->kind, N_BINOP);
	CHECK_INT(rhs(&f, 2)->num, 2);
	done(&f);
	analyse(&f, "BEGIN { @t = TASK_RUNNING; }");
	CHECK(f.rc < 0 && strstr(f.errors, "unknown identifier 'TASK_RUNNING'") &&
	      strstr(f.errors, "note: TASK_RUNNING is defined in <linux/sched.h>"));
	done(&f);
}

/* u8 arrays are bytes (an IPv6 address), char arrays text. */
TEST(btf_byte_arrays)
{
	struct fixture f;
	char b[64];
	analyse(&f, "BEGIN { $s = (struct sock *)0; $a = $s->__sk_common.skc_v6_daddr.in6_u.u6_addr8;"
		    " @c = ((struct task_struct *)curtask)->comm; printf(\"%s\\n\", ntop($a)); }");
	CHECK_INT(f.rc, 0);
	CHECK_STR(type_name(&rhs(&f, 1)->type, b, sizeof(b)), "uint8[16]");
	CHECK_STR(map_type(&f, "@c", b), "string[16]");
	done(&f);
}
