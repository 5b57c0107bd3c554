/* C type text: the types written in casts/sizeof ("struct task_struct *",
 * "unsigned long", "char[16]") and the struct/union/enum definitions written
 * in a script (`struct foo { int a; char b[8]; struct foo *next; }`), laid
 * out with the C ABI rules of x86-64/arm64 (natural alignment). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sema/btf.h"
#include "sema/enums.h"
#include "sema/sema_int.h"

static const struct { const char *name; uint8_t size; bool sign; } c_ints[] = {
	{"char", 1, true}, {"signed char", 1, true}, {"unsigned char", 1, false},
	{"short", 2, true}, {"short int", 2, true}, {"signed short", 2, true},
	{"unsigned short", 2, false}, {"unsigned short int", 2, false},
	{"int", 4, true}, {"signed", 4, true}, {"signed int", 4, true},
	{"unsigned", 4, false}, {"unsigned int", 4, false},
	{"long", 8, true}, {"long int", 8, true}, {"signed long", 8, true},
	{"unsigned long", 8, false}, {"unsigned long int", 8, false},
	{"long long", 8, true}, {"long long int", 8, true}, {"signed long long", 8, true},
	{"unsigned long long", 8, false}, {"unsigned long long int", 8, false},
	{"_Bool", 1, false}, {"bool", 1, false},
	{"int8", 1, true}, {"int16", 2, true}, {"int32", 4, true}, {"int64", 8, true},
	{"uint8", 1, false}, {"uint16", 2, false}, {"uint32", 4, false}, {"uint64", 8, false},
	{"s8", 1, true}, {"s16", 2, true}, {"s32", 4, true}, {"s64", 8, true},
	{"u8", 1, false}, {"u16", 2, false}, {"u32", 4, false}, {"u64", 8, false},
	{"__s8", 1, true}, {"__s16", 2, true}, {"__s32", 4, true}, {"__s64", 8, true},
	{"__u8", 1, false}, {"__u16", 2, false}, {"__u32", 4, false}, {"__u64", 8, false},
	{"int8_t", 1, true}, {"int16_t", 2, true}, {"int32_t", 4, true}, {"int64_t", 8, true},
	{"uint8_t", 1, false}, {"uint16_t", 2, false}, {"uint32_t", 4, false},
	{"uint64_t", 8, false}, {"size_t", 8, false}, {"ssize_t", 8, true},
};

bool sgbtf_c_int(const char *name, struct type *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(c_ints); i++)
		if (strcmp(c_ints[i].name, name) == 0) {
			*out = type_int(c_ints[i].size, c_ints[i].sign);
			out->is_bool = strcmp(name, "bool") == 0 || strcmp(name, "_Bool") == 0;
			return true;
		}
	if (strcmp(name, "void") == 0) {
		*out = type_void();
		return true;
	}
	return false;
}

uint32_t sgbtf_align(const struct type *t)
{
	switch (t->kind) {
	case T_INT: return t->size ? t->size : 1;
	case T_PTR: return 8;
	case T_ARRAY: return t->elem ? sgbtf_align(t->elem) : 1;
	case T_RECORD:
		if (t->rec && t->rec->align)
			return t->rec->align;
		for (uint32_t a = 8; a > 1; a /= 2)
			if (t->size % a == 0)
				return a; /* a BTF record: natural alignment guessed from its size */
		return 1;
	default: return 1;
	}
}

/* ---- a tiny tokenizer over C text ---- */

struct ctok {
	const char *p;
	char word[128]; /* identifier, or the punctuation char */
	bool ident;
	bool num;
	uint64_t val;
};

static void skip_space(struct ctok *t)
{
	for (;;) {
		while (isspace((unsigned char)*t->p))
			t->p++;
		if (t->p[0] == '/' && t->p[1] == '/')
			t->p += strcspn(t->p, "\n");
		else if (t->p[0] == '/' && t->p[1] == '*' && strstr(t->p + 2, "*/"))
			t->p = strstr(t->p + 2, "*/") + 2;
		else
			return;
	}
}

/* Advances to the next token; word is "" at the end. */
static void next(struct ctok *t)
{
	skip_space(t);
	t->ident = t->num = false;
	size_t n = 0;
	if (isalpha((unsigned char)*t->p) || *t->p == '_') {
		while ((isalnum((unsigned char)t->p[n]) || t->p[n] == '_') && n < sizeof(t->word) - 1)
			n++;
		t->ident = true;
	} else if (isdigit((unsigned char)*t->p)) {
		char *end;
		t->val = strtoull(t->p, &end, 0);
		n = MIN((size_t)(end - t->p), sizeof(t->word) - 1);
		t->num = true;
	} else if (*t->p) {
		n = 1;
	}
	memcpy(t->word, t->p, n);
	t->word[n] = 0;
	t->p += n;
}

static bool is(const struct ctok *t, const char *w)
{
	return strcmp(t->word, w) == 0;
}

/* Base type words: "unsigned long", "struct foo". In a declaration
 * (name != NULL) a last word not followed by '*' is the declarator's name:
 * "unsigned long x;" → base "unsigned long", name "x". */
static void base_name(struct ctok *t, struct strbuf *sb, char *name, size_t nlen)
{
	char words[8][128];
	int n = 0, min = 1;
	if (is(t, "struct") || is(t, "union") || is(t, "enum"))
		min = 2;
	for (; t->ident && n < 8; next(t))
		if (!is(t, "const") && !is(t, "volatile"))
			snprintf(words[n++], sizeof(words[0]), "%s", t->word);
	if (name && n > min && !is(t, "*"))
		snprintf(name, nlen, "%s", words[--n]);
	for (int i = 0; i < n; i++)
		sb_printf(sb, "%s%s", i ? " " : "", words[i]);
}

static struct type pointer_to(struct sema *s, const struct type *elem, bool as_user)
{
	struct type *e = NULL;
	if (elem->kind != T_VOID) {
		e = type_arena_alloc(&s->arena, sizeof(*e));
		*e = *elem;
	}
	return (struct type){.kind = T_PTR, .size = 8, .elem = e, .as = as_user ? AS_USER : AS_KERNEL};
}

static struct type array_of(struct sema *s, const struct type *elem, uint32_t n)
{
	if (elem->kind == T_INT && elem->size == 1 && !elem->is_bool && n)
		return type_str(n); /* char[N]: a string (bool[N] stays bools) */
	struct type *e = type_arena_alloc(&s->arena, sizeof(*e));
	*e = *elem;
	return (struct type){.kind = T_ARRAY, .nelem = n, .elem = e, .size = n * elem->size};
}

/* "[2][4]": an array of 2 arrays of 4, so the dimensions apply from the
 * last one back. */
static int dimensions(struct sema *s, struct ctok *t, struct type *cur)
{
	uint32_t dims[8], n = 0;
	uint64_t total = cur->size ? cur->size : 1;
	while (is(t, "[")) {
		next(t);
		uint64_t d = t->num ? t->val : 0;
		total *= d ? d : 1;
		if (n == ARRAY_SIZE(dims) || d > (1u << 20) || total > (1u << 20))
			return -EINVAL; /* larger than anything a probe can read */
		if (t->num)
			next(t);
		if (!is(t, "]"))
			return -EINVAL;
		next(t);
		dims[n++] = (uint32_t)d;
	}
	while (n)
		*cur = array_of(s, cur, dims[--n]);
	return 0;
}

/* '*' and '[N]' after a base type. */
static int derivations(struct sema *s, struct ctok *t, struct type *cur, bool as_user)
{
	for (;;) {
		if (is(t, "*")) {
			*cur = pointer_to(s, cur, as_user);
			next(t);
		} else if (is(t, "[")) {
			int err = dimensions(s, t, cur);
			if (err)
				return err;
		} else {
			return 0;
		}
	}
}

int sgbtf_resolve(struct sema *s, const char *ctype, bool as_user, struct type *out,
		  char **missing)
{
	struct ctok t = {.p = ctype};
	struct strbuf sb = {0};
	next(&t);
	base_name(&t, &sb, NULL, 0);
	int err = sb.len ? sgbtf_base(s, sb.buf, out) : -EINVAL;
	if (err == -ENOENT && missing)
		*missing = xstrdup(sb.buf);
	sb_free(&sb);
	if (err)
		return err;
	err = derivations(s, &t, out, as_user);
	if (!err && *t.word)
		err = -EINVAL;
	return err;
}

/* ---- struct/union/enum definitions written in the script ---- */

struct defp {
	struct sema *s;
	struct ctok t;
	const struct struct_def *def;
	int depth; /* nesting of inner definitions (bounded: input may be hostile) */
};

struct layout {
	VEC(struct field) f;
	uint32_t bits; /* the next free bit (structs; union members all start at 0) */
	uint32_t size, align;
	bool is_union;
};

/* Reports a definition error (at once: definitions are parsed only once). */
static int def_err(struct defp *d, const char *what)
{
	bool near = *d->t.word && (strncmp(what, "expected", 8) == 0 || strncmp(what, "bad", 3) == 0);
	diag_error(d->s->d, d->def->loc, "in %s: %s%s%s%s", d->def->name, what,
		   near ? " near '" : "", near ? d->t.word : "", near ? "'" : "");
	return -EINVAL;
}

static char *arena_str(struct sema *s, const char *str)
{
	char *p = type_arena_alloc(&s->arena, strlen(str) + 1);
	strcpy(p, str);
	return p;
}

/* Places a member of type t; an anonymous record's members are flattened. */
static void lay(struct sema *s, struct layout *lo, const char *name, const struct type *t)
{
	uint32_t a = sgbtf_align(t);
	uint32_t off = lo->is_union ? 0 : ALIGN_UP((lo->bits + 7) / 8, a);
	if (!name && t->kind == T_RECORD) {
		for (uint32_t i = 0; i < t->rec->nfields; i++) {
			struct field f = t->rec->fields[i];
			f.offset += off;
			vec_push(&lo->f, f);
		}
	} else {
		struct field f = {.name = arena_str(s, name ? name : ""), .type = *t, .offset = off};
		vec_push(&lo->f, f);
	}
	lo->bits = (off + t->size) * 8;
	lo->size = MAX(lo->size, off + t->size);
	lo->align = MAX(lo->align, a);
}

/* A bitfield, as the x86-64 and arm64 ABIs place it: at the next free bit
 * when it fits in the current storage unit of its type, else at the start
 * of the next unit. */
static void lay_bits(struct sema *s, struct layout *lo, const char *name, const struct type *t,
		     uint32_t width)
{
	uint32_t unit = t->size * 8, start = lo->is_union ? 0 : lo->bits;
	if (start / unit != (start + width - 1) / unit)
		start = ALIGN_UP(start, unit);
	struct field f = {.name = arena_str(s, name), .type = *t, .offset = start / 8,
			  .bit_off = (uint16_t)(start % 8), .bit_size = (uint16_t)width};
	vec_push(&lo->f, f);
	if (!lo->is_union)
		lo->bits = start + width;
	lo->size = MAX(lo->size, (start + width + 7) / 8);
	lo->align = MAX(lo->align, sgbtf_align(t));
}

/* `name : width` after an integer member's name. */
static int bitfield(struct defp *d, struct layout *lo, const char *name, const struct type *t)
{
	next(&d->t); /* ':' */
	if (!d->t.num || d->t.val == 0)
		return def_err(d, "expected a bitfield width (a positive integer)");
	if (t->kind != T_INT)
		return def_err(d, "a bitfield must have an integer type");
	if (d->t.val > t->size * 8)
		return def_err(d, "a bitfield is wider than its type");
	lay_bits(d->s, lo, name, t, (uint32_t)d->t.val);
	next(&d->t);
	return 0;
}

static int record_def(struct defp *d, bool is_union, const char *tag, struct type *out);

/* One declarator after base: [*...] name [N]... */
static int declarator(struct defp *d, struct layout *lo, const struct type *base, const char *name)
{
	struct type t = *base;
	char nm[128];
	snprintf(nm, sizeof(nm), "%s", name ? name : "");
	if (!*nm) {
		if (derivations(d->s, &d->t, &t, false))
			return def_err(d, "bad declarator");
		if (!d->t.ident)
			return def_err(d, "expected a member name");
		snprintf(nm, sizeof(nm), "%s", d->t.word);
		next(&d->t);
	}
	if (derivations(d->s, &d->t, &t, false))
		return def_err(d, "bad array size");
	if (is(&d->t, ":"))
		return bitfield(d, lo, nm, &t);
	if (t.kind == T_VOID)
		return def_err(d, "a member cannot have type void");
	if (t.kind == T_RECORD && !t.rec->size && t.rec->nfields == 0 && !t.rec->btf_id)
		return def_err(d, "a member cannot contain the struct being defined (use a pointer)");
	lay(d->s, lo, nm, &t);
	return 0;
}

/* The ';' after a member; like clang (a warning there), bpftrace takes a
 * last member without one: "struct x { unsigned long x }". */
static int member_end(struct defp *d)
{
	if (is(&d->t, "}"))
		return 0;
	if (!is(&d->t, ";"))
		return def_err(d, "expected ';'");
	next(&d->t);
	return 0;
}

static int nested_record(struct defp *d, struct layout *lo)
{
	bool is_union = is(&d->t, "union");
	char tag[128] = "";
	next(&d->t);
	if (d->t.ident) {
		snprintf(tag, sizeof(tag), "%s", d->t.word);
		next(&d->t);
	}
	struct type t;
	if (d->depth >= 32)
		return def_err(d, "definitions nested too deeply");
	d->depth++;
	int err = record_def(d, is_union, *tag ? tag : NULL, &t);
	d->depth--;
	if (err)
		return err;
	if (is(&d->t, ";")) {
		next(&d->t);
		lay(d->s, lo, NULL, &t);
		return 0;
	}
	for (;;) {
		if ((err = declarator(d, lo, &t, NULL)))
			return err;
		if (!is(&d->t, ","))
			break;
		next(&d->t);
	}
	return member_end(d);
}

/* Does a nested definition start here: "struct {" / "union tag {"? */
static bool nested_follows(const struct defp *d)
{
	if (!is(&d->t, "struct") && !is(&d->t, "union"))
		return false;
	struct ctok la = d->t;
	next(&la);
	if (la.ident)
		next(&la);
	return is(&la, "{");
}

static int member(struct defp *d, struct layout *lo)
{
	if (nested_follows(d))
		return nested_record(d, lo);
	struct strbuf sb = {0};
	char name[128] = "";
	base_name(&d->t, &sb, name, sizeof(name));
	struct type base;
	int err = sb.len ? sgbtf_base(d->s, sb.buf, &base) : -EINVAL;
	if (err) {
		char *msg = xasprintf("unknown type '%s'", sb_str(&sb));
		err = def_err(d, sb.len ? msg : "expected a member");
		sb_free(&sb);
		free(msg);
		return err;
	}
	sb_free(&sb);
	for (const char *nm = *name ? name : NULL;; nm = NULL) {
		if ((err = declarator(d, lo, &base, nm)))
			return err;
		if (!is(&d->t, ","))
			break;
		next(&d->t);
	}
	return member_end(d);
}

/* At '{': parses the members up to '}' into a record; a tagged record is
 * registered first so that it can point to itself. */
static int record_def(struct defp *d, bool is_union, const char *tag, struct type *out)
{
	struct record *r = type_arena_alloc(&d->s->arena, sizeof(*r));
	struct type *rt = type_arena_alloc(&d->s->arena, sizeof(*rt));
	char *name = xasprintf("%s %s", is_union ? "union" : "struct", tag ? tag : "(anonymous)");
	r->name = arena_str(d->s, name);
	r->is_union = is_union;
	*rt = (struct type){.kind = T_RECORD, .rec = r};
	if (tag)
		sgbtf_add_script(d->s, name, rt);
	free(name);
	if (!is(&d->t, "{"))
		return def_err(d, "expected '{'");
	next(&d->t);
	struct layout lo = {.is_union = is_union, .align = 1};
	int err = 0;
	while (!err && !is(&d->t, "}"))
		err = *d->t.word ? member(d, &lo) : def_err(d, "missing '}'");
	if (!err)
		next(&d->t);
	r->fields = type_arena_alloc(&d->s->arena, (lo.f.len + 1) * sizeof(struct field));
	if (lo.f.len)
		memcpy(r->fields, lo.f.data, lo.f.len * sizeof(struct field));
	r->nfields = (uint32_t)lo.f.len;
	r->align = lo.align;
	r->size = rt->size = ALIGN_UP(lo.size, lo.align);
	vec_free(&lo.f);
	*out = *rt;
	return err;
}

/* An enumerator's value: an integer, a negated one, or an earlier
 * enumerator of the same enum. */
static int enum_value(struct defp *d, const struct sema_enum *e, int64_t *v)
{
	bool neg = is(&d->t, "-");
	if (neg)
		next(&d->t);
	size_t i = 0;
	if (d->t.num) {
		*v = (int64_t)d->t.val;
	} else if (d->t.ident) {
		while (i < e->n && strcmp(e->names[i], d->t.word) != 0)
			i++;
		if (i == e->n)
			return def_err(d, "unknown enumerator in a value");
		*v = e->values[i];
	} else {
		return def_err(d, "expected an enumerator value (an integer)");
	}
	*v = neg ? -*v : *v;
	next(&d->t);
	return 0;
}

/* enum [tag] { NAME [= VALUE], ... } (d->t at '{'): an int-sized enum as in
 * C, 64 bits when a value needs them. Its enumerators become constants. */
static int enum_def(struct defp *d)
{
	struct sema_enum *e = sema_enum_new(d->s, d->def->name, 4, true, 0);
	for (next(&d->t); !is(&d->t, "}");) {
		if (!d->t.ident)
			return def_err(d, "expected an enumerator name");
		char name[128];
		snprintf(name, sizeof(name), "%s", d->t.word);
		next(&d->t);
		int64_t v = e->n ? e->values[e->n - 1] + 1 : 0;
		if (is(&d->t, "=")) {
			next(&d->t);
			if (enum_value(d, e, &v))
				return -EINVAL;
		}
		sema_enum_push(e, name, v);
		if (v < INT32_MIN || v > INT32_MAX)
			e->size = 8;
		if (is(&d->t, ","))
			next(&d->t);
		else if (!is(&d->t, "}"))
			return def_err(d, "expected ',' or '}'");
	}
	struct type *t = type_arena_alloc(&d->s->arena, sizeof(*t));
	*t = sema_enum_type(d->s, e);
	if (strcmp(d->def->name, "enum (anonymous)") != 0)
		sgbtf_add_script(d->s, d->def->name, t);
	return 0;
}

int sgbtf_parse_def(struct sema *s, const struct struct_def *def)
{
	struct defp d = {.s = s, .t = {.p = def->text}, .def = def};
	next(&d.t);
	bool is_enum = is(&d.t, "enum"), is_union = is(&d.t, "union");
	next(&d.t);
	if (is_enum && is(&d.t, "{"))
		return enum_def(&d);
	char tag[128];
	snprintf(tag, sizeof(tag), "%s", d.t.word);
	next(&d.t);
	if (is_enum)
		return enum_def(&d);
	struct type t;
	return record_def(&d, is_union, tag, &t);
}
