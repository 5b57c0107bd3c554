/* Values that only user space can render: strftime() timestamps (boot
 * time → wall clock), ksym() addresses (→ /proc/kallsyms), ntop() addresses
 * and macaddr() bytes. */
#include <arpa/inet.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "output/output_priv.h"
#include "sym/ksyms.h"

static uint64_t clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* bpftrace's strftime extension: "%f" is the microseconds, 6 digits. */
static void expand_usecs(const char *fmt, uint64_t usec, struct strbuf *out)
{
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 'f') {
			sb_printf(out, "%06llu", (unsigned long long)usec);
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			sb_appendn(out, p++, 2);
		} else {
			sb_appendc(out, *p);
		}
	}
}

/* nsecs since boot (bpf_ktime_get_boot_ns) as local wall-clock time. */
static void put_timestamp(struct strbuf *sb, const char *fmt, uint64_t boot_ns)
{
	uint64_t wall = boot_ns + (clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME));
	time_t secs = (time_t)(wall / 1000000000ULL);
	struct tm tm;
	struct strbuf f = {0};
	char buf[512];
	expand_usecs(fmt, wall / 1000 % 1000000, &f);
	size_t n = localtime_r(&secs, &tm) ? strftime(buf, sizeof(buf), sb_str(&f), &tm) : 0;
	sb_appendn(sb, buf, n);
	sb_free(&f);
}

static void put_ksym(struct strbuf *sb, uint64_t addr)
{
	const struct ksym *s = ksyms_find(ksyms_default(), addr, NULL);
	if (s)
		sb_append(sb, s->name);
	else
		sb_printf(sb, "0x%llx", (unsigned long long)addr);
}

static void put_inet(struct strbuf *sb, const uint8_t *p)
{
	uint64_t af;
	char buf[INET6_ADDRSTRLEN];
	memcpy(&af, p, sizeof(af));
	if ((af == AF_INET || af == AF_INET6) && inet_ntop((int)af, p + 8, buf, sizeof(buf)))
		sb_append(sb, buf);
	else
		sb_append(sb, "");
}

/* bpftrace prints the uid's name, or the number when it has none. */
static void put_username(struct strbuf *sb, uint64_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	if (getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		sb_append(sb, res->pw_name);
	else
		sb_printf(sb, "%llu", (unsigned long long)uid);
}

static void put_cgpath(struct strbuf *sb, const struct sg_bundle *b, const uint8_t *p)
{
	uint64_t v[2];
	memcpy(v, p, sizeof(v));
	const char *filter = b && v[1] && v[1] <= b->nstrings ? b->strings[v[1] - 1] : NULL;
	text_cgroup_path(sb, v[0], filter);
}

void text_special(struct strbuf *sb, const struct sg_bundle *b, const struct sg_value_desc *d,
		  const uint8_t *p)
{
	uint64_t v[2];
	switch (d->kind) {
	case SG_V_TIMESTAMP:
		memcpy(v, p, sizeof(v));
		if (b && v[0] < b->nstrings)
			put_timestamp(sb, b->strings[v[0]], v[1]);
		break;
	case SG_V_KSYM:
		memcpy(v, p, 8);
		put_ksym(sb, v[0]);
		break;
	case SG_V_INET:
		put_inet(sb, p);
		break;
	case SG_V_STACK:
		text_stack(sb, p);
		break;
	case SG_V_USYM:
		text_usym(sb, p);
		break;
	case SG_V_ERRNO:
		memcpy(v, p, 8);
		sb_append(sb, strerror((int)v[0]));
		break;
	case SG_V_USERNAME:
		memcpy(v, p, 8);
		put_username(sb, v[0]);
		break;
	case SG_V_CGPATH:
		put_cgpath(sb, b, p);
		break;
	case SG_V_MAC:
		sb_printf(sb, "%02X:%02X:%02X:%02X:%02X:%02X", p[0], p[1], p[2], p[3], p[4], p[5]);
		break;
	default:
		break;
	}
}
