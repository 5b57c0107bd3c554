/* BTF function info for programs with callback subprograms: the verifier
 * refuses a BPF_PSEUDO_FUNC load ("missing btf func_info") unless every
 * function has a func_info record, and callbacks must have static linkage.
 * The types are minimal: long f(long, long, long, long, long); the
 * verifier takes callback argument types from the helper, not from BTF. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/rt.h"

static int add_proto(struct btf *btf)
{
	int lng = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	if (lng < 0)
		return lng;
	int proto = btf__add_func_proto(btf, lng);
	for (int a = 0; a < 5 && proto > 0; a++) {
		char name[4] = {'a', (char)('1' + a), 0};
		int err = btf__add_func_param(btf, name, lng);
		if (err)
			return err;
	}
	return proto;
}

int rt_prog_btf(const struct sg_prog *p, struct rt_prog_btf *out)
{
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	if (p->nfuncs <= 1)
		return 0;
	struct btf *btf = btf__new_empty();
	int proto = btf ? add_proto(btf) : -ENOMEM;
	out->info = xcalloc(p->nfuncs, sizeof(*out->info));
	for (size_t i = 0; i < p->nfuncs && proto > 0; i++) {
		char name[32];
		snprintf(name, sizeof(name), i ? "cb%zu" : "main", i);
		int id = btf__add_func(btf, name, i ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL, proto);
		if (id < 0)
			proto = id;
		out->info[i] = (struct bpf_func_info){.insn_off = p->func_starts[i],
						      .type_id = (uint32_t)id};
	}
	int err = proto < 0 ? proto : 0;
	if (!err) {
		uint32_t size = 0;
		const void *raw = btf__raw_data(btf, &size);
		out->fd = raw ? bpf_btf_load(raw, size, NULL) : -ENOMEM;
		err = out->fd < 0 ? out->fd : 0;
	}
	btf__free(btf);
	if (err) {
		fprintf(stderr, "spyglass: cannot load BTF for the subprograms of probe %s: %s\n",
			p->name, strerror(-err));
		rt_prog_btf_free(out);
		return err;
	}
	out->cnt = (uint32_t)p->nfuncs;
	return 0;
}

void rt_prog_btf_free(struct rt_prog_btf *b)
{
	if (b->fd >= 0)
		close(b->fd);
	free(b->info);
	memset(b, 0, sizeof(*b));
	b->fd = -1;
}
