// SPDX-License-Identifier: GPL-2.0
/*
 * gen_rules FAMILY RULES SEED VERSION: print a rule table (ebfilt-rules(5))
 * of RULES rules in the style of ClassBench's families, seeded and
 * reproducible, for make bench. Nothing of ClassBench is copied: the
 * families are described by their own mixes here.
 *
 *   acl  access lists: specific destination hosts and subnets, exact
 *        destination ports, mostly TCP, sources often wide;
 *   fw   firewalls: many wildcards, port classes low/high/exact/any,
 *        both directions, mixed protocols;
 *   ipc  IP chains: specific sources and destinations, mixed protocols,
 *        fewer port constraints.
 *
 * Rule addresses come from the benchmarking range 198.18.0.0/15 (IPv4)
 * and 2001:db8::/32 (IPv6); no rule has both addresses wild, as real
 * tables keep such catch-alls for the end; the default rule denies.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint32_t below(uint32_t n)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 2685821657736338717ULL) >> 32) % n;
}

/* Pick from weights that add up to 100. */
static int pick(const int *weights, int n)
{
	int roll = (int)below(100), i;

	for (i = 0; i < n - 1; i++) {
		if (roll < weights[i])
			return i;
		roll -= weights[i];
	}
	return n - 1;
}

struct family {
	const char *name;
	int src_len[6];		/* weights for the prefix lengths below */
	int dst_len[6];
	int proto[4];		/* tcp, udp, icmp, all */
	int port_class[5];	/* any, low (le 1023), high (ge 1024), exact, neq */
	int dir[3];		/* both, inbound, outbound */
};

static const int v4_lens[6] = { 0, 8, 16, 24, 28, 32 };
static const int v6_lens[6] = { 0, 32, 48, 64, 96, 128 };

static const struct family families[] = {
	{ "acl", { 40, 5, 15, 25, 5, 10 }, { 5, 0, 10, 30, 10, 45 }, { 75, 15, 5, 5 },
	  { 20, 5, 10, 60, 5 }, { 80, 15, 5 } },
	{ "fw", { 50, 5, 15, 15, 5, 10 }, { 35, 5, 15, 20, 5, 20 }, { 45, 30, 10, 15 },
	  { 40, 15, 15, 25, 5 }, { 50, 30, 20 } },
	{ "ipc", { 5, 5, 25, 35, 10, 20 }, { 5, 5, 25, 35, 10, 20 }, { 35, 35, 15, 15 },
	  { 55, 10, 10, 20, 5 }, { 70, 15, 15 } },
};

static void prefix(int version, int len, char *buf, size_t size)
{
	if (version == 4) {
		uint32_t a = 0xc6120000u | (below(1u << 17) & 0x1ffff);	/* 198.18.0.0/15 */

		a = len ? a & (0xffffffffu << (32 - len)) : 0;
		snprintf(buf, size, "%u.%u.%u.%u/%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
			 (a >> 8) & 255, a & 255,
			 len ? (0xffffffffu << (32 - len)) >> 24 : 0,
			 len ? ((0xffffffffu << (32 - len)) >> 16) & 255 : 0,
			 len ? ((0xffffffffu << (32 - len)) >> 8) & 255 : 0,
			 len ? (0xffffffffu << (32 - len)) & 255 : 0);
		return;
	}
	{
		uint16_t w[8] = { 0x2001, 0x0db8, (uint16_t)below(65536), (uint16_t)below(65536),
				  (uint16_t)below(65536), (uint16_t)below(65536),
				  (uint16_t)below(65536), (uint16_t)below(65536) };
		int i;

		for (i = 0; i < 8; i++) {	/* clear what lies beyond the prefix */
			int bits = len - i * 16;

			if (bits <= 0)
				w[i] = 0;
			else if (bits < 16)
				w[i] &= (uint16_t)(0xffff << (16 - bits));
		}
		if (!len)
			snprintf(buf, size, "::/0");
		else
			snprintf(buf, size, "%x:%x:%x:%x:%x:%x:%x:%x/%d", w[0], w[1], w[2], w[3], w[4],
				 w[5], w[6], w[7], len);
	}
}

static void port(const struct family *f, const char *key, bool icmp, char *buf, size_t size)
{
	static const uint16_t common[] = { 22, 25, 53, 80, 110, 123, 143, 443, 993, 3306, 8080 };
	int cls = pick(f->port_class, 5);
	unsigned int value = below(3) ? common[below(11)] : 1024 + below(64512);

	if (icmp) {
		snprintf(buf, size, cls == 3 ? " %s=eq:%u" : "", key, below(2) ? 8 : below(19));
		return;
	}
	switch (cls) {
	case 0: buf[0] = '\0'; break;
	case 1: snprintf(buf, size, " %s=le:1023", key); break;
	case 2: snprintf(buf, size, " %s=ge:1024", key); break;
	case 3: snprintf(buf, size, " %s=eq:%u", key, value); break;
	default: snprintf(buf, size, " %s=neq:%u", key, value); break;
	}
}

int main(int argc, char **argv)
{
	static const char *const protos[2][4] = { { "tcp", "udp", "icmp", "all" },
						  { "tcp", "udp", "icmpv6", "all" } };
	static const char *const dirs[3] = { "both", "inbound", "outbound" };
	const struct family *f = NULL;
	char src[64], dst[64], sport[32], dport[32];
	long rules, i;
	int version, p;
	size_t k;

	if (argc != 5) {
		fprintf(stderr, "usage: gen_rules acl|fw|ipc RULES SEED 4|6\n");
		return 2;
	}
	for (k = 0; k < sizeof(families) / sizeof(families[0]); k++)
		if (!strcmp(argv[1], families[k].name))
			f = &families[k];
	rules = atol(argv[2]);
	state = strtoull(argv[3], NULL, 0) * 0x9e3779b97f4a7c15ULL + 1;
	version = atoi(argv[4]);
	if (!f || rules < 0 || rules > 100000 || (version != 4 && version != 6)) {
		fprintf(stderr, "usage: gen_rules acl|fw|ipc RULES SEED 4|6\n");
		return 2;
	}
	printf("# %s-style IPv%d rule table: %ld rules, seed %s (gen_rules)\n", f->name, version,
	       rules, argv[3]);
	for (i = 0; i < rules; i++) {
		int sl = pick(f->src_len, 6), dl = pick(f->dst_len, 6);

		/* A rule for any source and any destination would shadow much of the rest. */
		while (!sl && !dl)
			dl = pick(f->dst_len, 6);

		prefix(version, version == 4 ? v4_lens[sl] : v6_lens[sl], src, sizeof(src));
		prefix(version, version == 4 ? v4_lens[dl] : v6_lens[dl], dst, sizeof(dst));
		p = pick(f->proto, 4);
		port(f, "sport", p == 2, sport, sizeof(sport));
		port(f, "dport", p == 2, dport, sizeof(dport));
		if (p == 3)
			sport[0] = dport[0] = '\0';	/* keep "all" simple: no ports */
		printf("%s src=%s dst=%s proto=%s%s%s dir=%s\n", below(100) < 70 ? "permit" : "deny",
		       src, dst, protos[version == 6][p], sport, dport, dirs[pick(f->dir, 3)]);
	}
	printf("default deny\n");
	return 0;
}
