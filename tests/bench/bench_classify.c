// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: per-packet cost of the classifier with BPF_PROG_TEST_RUN,
 * against an empty XDP program measured in the same run. For tables of 1,
 * 100, 1,000 and 10,000 seeded random rules (IPv4 and IPv6), three packets:
 * one matched by rule 1, one by the last rule only, one by no rule (the
 * default rule). Each figure is the median of several runs of many
 * repetitions. Prints a table and writes TSV to the file given.
 *
 * usage: bench_classify [quick] [TSV-FILE]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench_empty.skel.h"
#include "harness.h"
#include "log.h"
#include "random_rules.h"

#define RUNS 7

static uint32_t repeat = 1000000;
static const char *const ifaces[] = { "all" };

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Median ns per run of prog on frame, or 0 on failure. */
static double time_prog(int prog_fd, const uint8_t *frame, size_t len, int ifindex)
{
	struct xdp_md ctx = { .data_end = (__u32)len, .ingress_ifindex = (__u32)ifindex };
	uint32_t ns[RUNS];
	int i;

	for (i = 0; i < RUNS; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (__u32)len,
			    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat);

		if (bpf_prog_test_run_opts(prog_fd, &opts))
			return 0;
		ns[i] = opts.duration;
	}
	qsort(ns, RUNS, sizeof(ns[0]), cmp_u32);
	return ns[RUNS / 2];
}

static uint32_t verified_insns(int prog_fd)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(prog_fd, &info, &len) ? 0 : info.verified_insns;
}

/* n rules: rule 1 and rule n are fixed, the rest random but never matching the probes. */
static void build_table(struct rule_table *t, uint8_t version, size_t n)
{
	const char *first = version == 4 ? "192.0.2.1" : "2001:db8::1";
	const char *last = version == 4 ? "203.0.113.0" : "2001:db8:ffff::";
	struct filter_rule r;
	size_t i;

	rule_table_init(t, version);
	t->default_rule.action = ACTION_DENY;
	for (i = 1; i <= n; i++) {
		if (i == 1 || i == n) {
			rule_init(&r, version);
			r.action = ACTION_PERMIT;
			packet_addr(version, i == 1 ? first : last, r.dst.bytes);
			r.dst.prefix = i == 1 ? (version == 4 ? 32 : 128) : (version == 4 ? 24 : 48);
			r.proto = i == 1 ? 17 : 6;
			r.dport = (struct port_match){ OP_EQ, (uint16_t)(i == 1 ? 53 : 443) };
			if (n == 1)	/* one rule serves as first and last */
				r.dport.op = OP_ANY, r.proto = 0, r.dst.prefix = 0;
		} else {
			random_rule(&r, version, ifaces, 1);
			/* keep random rules off the probes: a destination in 198.51.100.0/24 */
			packet_addr(version, version == 4 ? "198.51.100.0" : "2001:db8:1::", r.dst.bytes);
			r.dst.prefix = version == 4 ? 24 : 48;
		}
		rule_table_insert(t, t->count + 1, &r);
	}
}

struct probe {
	const char *name;
	const char *dst;
	uint8_t proto;
	uint16_t dport;
};

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 1, 100, 1000, 10000 };
	const struct probe probes[2][3] = {
		{ { "first", "192.0.2.1", 17, 53 }, { "last", "203.0.113.9", 6, 443 },
		  { "default", "203.0.113.9", 17, 9 } },
		{ { "first", "2001:db8::1", 17, 53 }, { "last", "2001:db8:ffff::9", 6, 443 },
		  { "default", "2001:db8:ffff::9", 17, 9 } },
	};
	double base[2][3] = { { 0 } }, floor_ns;
	struct bench_empty *empty;
	struct harness h;
	uint8_t frame[256];
	FILE *tsv = NULL;
	int argi = 1, v;
	size_t s, k, len;

	log_init("bench_classify");
	if (argi < argc && !strcmp(argv[argi], "quick")) {
		repeat = 100000;
		argi++;
	}
	if (argi < argc && !(tsv = fopen(argv[argi], "w"))) {
		perror(argv[argi]);
		return 1;
	}
	if (harness_netns()) {
		fprintf(stderr, "bench_classify: cannot set up the network namespace\n");
		return 1;
	}
	random_seed(42);
	empty = bench_empty__open_and_load();
	if (!empty)
		return 1;
	{
		struct test_packet p = { .version = 4, .proto = 17, .dport = 9 };

		len = packet_build(&p, frame, sizeof(frame));
		floor_ns = time_prog(bpf_program__fd(empty->progs.bench_empty), frame, len,
				     (int)if_nametoindex(HARNESS_IFACE_IN));
	}
	printf("Per-packet cost (BPF_PROG_TEST_RUN, median of %d runs x %u repetitions)\n",
	       RUNS, repeat);
	printf("empty XDP program: %.1f ns\n\n", floor_ns);
	printf("%-7s %-4s %-8s %9s %8s %9s %10s\n", "rules", "ip", "packet", "ns/pkt", "x empty",
	       "x 1 rule", "insns");
	if (tsv)
		fprintf(tsv, "rules\tip\tpacket\tns_per_packet\tratio_empty\tratio_1rule\tverified_insns\n"
			     "0\t4\tempty\t%.1f\t1.00\t\t\n", floor_ns);
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		struct rule_table tables[2];

		build_table(&tables[0], 4, sizes[s]);
		build_table(&tables[1], 6, sizes[s]);
		memset(&h, 0, sizeof(h));
		if (harness_load_tables(&h, &tables[0], &tables[1]))
			return 1;
		for (v = 0; v < 2; v++) {
			for (k = 0; k < 3; k++) {
				struct test_packet p = { .version = (uint8_t)(v ? 6 : 4),
							 .proto = probes[v][k].proto,
							 .sport = 5000, .dport = probes[v][k].dport };
				int fd = bpf_program__fd(h.skel->progs.ebfilt_xdp_in);
				double ns;

				packet_addr(p.version, v ? "2001:db8:5::5" : "198.51.100.5", p.saddr);
				packet_addr(p.version, probes[v][k].dst, p.daddr);
				len = packet_build(&p, frame, sizeof(frame));
				ns = time_prog(fd, frame, len, h.ifindex_in);
				if (s == 0)
					base[v][k] = ns;
				printf("%-7zu %-4d %-8s %9.1f %8.2f %9.2f %10u\n", sizes[s], v ? 6 : 4,
				       probes[v][k].name, ns, ns / floor_ns, ns / base[v][k],
				       verified_insns(fd));
				if (tsv)
					fprintf(tsv, "%zu\t%d\t%s\t%.1f\t%.2f\t%.2f\t%u\n", sizes[s],
						v ? 6 : 4, probes[v][k].name, ns, ns / floor_ns,
						ns / base[v][k], verified_insns(fd));
			}
		}
		harness_unload(&h);
		rule_table_free(&tables[0]);
		rule_table_free(&tables[1]);
	}
	bench_empty__destroy(empty);
	if (tsv)
		fclose(tsv);
	return 0;
}
