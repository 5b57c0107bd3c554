/* Raw tracepoints from BTF (sema/rawtp.c): a synthetic BTF built with
 * libbpf's writer API, and the running kernel's. */
#include <bpf/btf.h>
#include <errno.h>
#include <string.h>

#include "sema/rawtp.h"
#include "test.h"

/* FUNC name with prototype (void *__data, int x) (or no parameter). */
static int add_func(struct btf *b, const char *name, int ptr, int i32, bool with_data)
{
	int proto = btf__add_func_proto(b, 0);
	if (with_data)
		btf__add_func_param(b, "__data", ptr);
	btf__add_func_param(b, "x", i32);
	btf__add_func(b, name, BTF_FUNC_STATIC, proto);
	return proto;
}

TEST(rawtp_synthetic_btf)
{
	struct btf *b = btf__new_empty();
	int i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	int ptr = btf__add_ptr(b, 0);
	int p_zeta = add_func(b, "__probestub_zeta", ptr, i32, true);
	add_func(b, "__traceiter_zeta", ptr, i32, true); /* the same tracepoint again */
	add_func(b, "__traceiter_alpha", ptr, i32, true); /* older kernels: only this prefix */
	add_func(b, "__probestub_", ptr, i32, true);      /* an empty name still is one */
	add_func(b, "vfs_read", ptr, i32, true);          /* not a tracepoint */
	btf__add_func(b, "__probestub_noproto", BTF_FUNC_STATIC, i32); /* type is no FUNC_PROTO */
	struct rawtps t;
	CHECK_INT(rawtps_build(b, &t), 0);
	CHECK_INT(t.n, 3);
	if (t.n == 3) {
		CHECK_STR(t.v[0].name, "");
		CHECK_STR(t.v[1].name, "alpha");
		CHECK_STR(t.v[2].name, "zeta");
	}
	const struct rawtp *z = rawtps_find(&t, "zeta");
	CHECK(z != NULL);
	/* Either prefix's prototype will do: the two have the same parameters. */
	const struct btf_type *proto = z ? btf__type_by_id(b, z->proto) : NULL;
	CHECK(proto && btf_is_func_proto(proto) && btf_vlen(proto) == 2);
	CHECK(z && (z->proto == (uint32_t)p_zeta || z->proto == (uint32_t)p_zeta + 2));
	CHECK(rawtps_find(&t, "vfs_read") == NULL);
	CHECK(rawtps_find(&t, "noproto") == NULL);
	rawtps_free(&t);
	CHECK_INT(t.n, 0);
	btf__free(b);
}

TEST(rawtp_btf_without_tracepoints)
{
	struct btf *b = btf__new_empty();
	btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	struct rawtps t;
	CHECK_INT(rawtps_build(b, &t), -ENOENT);
	CHECK(rawtps_find(&t, "x") == NULL);
	rawtps_free(&t);
	btf__free(b);
}

TEST(rawtp_kernel_btf)
{
	struct btf *b = btf__load_vmlinux_btf();
	if (!b) {
		printf("note: rawtp_kernel_btf: no /sys/kernel/btf/vmlinux, not checked\n");
		return;
	}
	struct rawtps t;
	CHECK_INT(rawtps_build(b, &t), 0);
	const struct rawtp *r = rawtps_find(&t, "sched_switch");
	CHECK(r != NULL);
	const struct btf_type *proto = r ? btf__type_by_id(b, r->proto) : NULL;
	/* __data, preempt, prev, next (and prev_state since 5.18) */
	CHECK(proto && btf_vlen(proto) >= 4);
	if (proto)
		CHECK_STR(btf__name_by_offset(b, btf_params(proto)[2].name_off), "prev");
	for (size_t i = 1; i < t.n; i++)
		CHECK(strcmp(t.v[i - 1].name, t.v[i].name) < 0);
	rawtps_free(&t);
	btf__free(b);
}
