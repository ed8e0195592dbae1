// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: per-packet cost of the datapath with BPF_PROG_TEST_RUN. For
 * each ClassBench-style family of gen_rules (acl, fw, ipc), each IP version
 * and tables of 1, 100, 1,000 and 10,000 rules, two probe packets go
 * through the XDP program: "early", matched by rule 1, and "late", the
 * packet found to match deepest in the table (or to fall to the default
 * rule). Each is timed through the bitmap classifier and through the
 * linear-evaluation build of the same program, beside an empty XDP program
 * (the floor) in the same run. Every probe's rule is checked against the
 * oracle and the kernel's counters before it is timed.
 *
 * usage: bench_classify [quick] [TSV-FILE]
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "bench_empty.skel.h"
#include "harness.h"
#include "util/diag.h"
#include "oracle.h"
#include "rules/file.h"
#include "random_rules.h"

#define SEED		42	/* gen_rules seed: the same tables in every run */
#define LATE_TRIES	256	/* candidate packets searched for the late probe */

static const char *const families[] = { "acl", "fw", "ipc" };
static const size_t sizes[] = { 1, 100, 1000, 10000 };
enum probe { PROBE_EARLY, PROBE_LATE, PROBES };
static const char *const probe_names[PROBES] = { "early", "late" };

static struct bench_timing timing = { .runs = 7, .run_ns = 100e6 };

static double time_prog(int prog_fd, const uint8_t *frame, size_t len, int ifindex)
{
	return bench_time_xdp(prog_fd, frame, len, ifindex, &timing);
}

/* How deep a match lies: the default rule is deepest of all. */
static unsigned long depth(unsigned long id)
{
	return id ? id : ULONG_MAX;
}

/*
 * The early probe is aimed at rule 1. The late one is the deepest match
 * among packets aimed at the last rules and packets from outside the
 * families' networks. *id gets the oracle's rule for the probe.
 */
static void pick_probe(const struct rule_table *t, enum probe which, struct test_packet *p,
		       unsigned long *id)
{
	struct test_packet cand;
	struct test_path path;
	unsigned long got;
	int i;

	if (which == PROBE_EARLY) {
		packet_for_rule(p, &t->rules[0]);
		path = bench_probe_path(p);
		*id = oracle_match(t, p, &path);
		return;
	}
	*id = 1;
	for (i = 0; i < LATE_TRIES; i++) {
		if (i % 2 && t->count > (size_t)i / 2)
			packet_for_rule(&cand, &t->rules[t->count - 1 - (size_t)i / 2]);
		else
			random_packet(&cand, t->version, NULL);
		cand.frag = EBFILT_FRAG_NONE, cand.ah = cand.srcroute = false;
		cand.vlans = cand.ipv6_ext = 0;
		cand.payload_len = 0;	/* headers only: the frame fits, and is what the baseline sent */
		path = bench_probe_path(&cand);
		got = oracle_match(t, &cand, &path);
		if (i == 0 || depth(got) > depth(*id)) {
			*p = cand;
			*id = got;
		}
	}
}

struct result {
	unsigned long rule;
	double ns[2];		/* [0] bitmap classifier, [1] linear evaluation */
};

/* Time both probes of one table through both builds. */
static int measure_table(const struct rule_table *t, struct result res[PROBES],
			 uint32_t insns[2])
{
	struct harness hs[2] = { { .linear = false }, { .linear = true } };
	const struct rule_table *v4 = t->version == 4 ? t : NULL, *v6 = t->version == 6 ? t : NULL;
	struct test_packet probes[PROBES];
	uint8_t frame[256];
	size_t len;
	int k, pr, err = 0;

	for (pr = 0; pr < PROBES; pr++)
		pick_probe(t, (enum probe)pr, &probes[pr], &res[pr].rule);
	for (k = 0; k < 2 && !err; k++) {
		int fd;

		err = harness_load_tables(&hs[k], v4, v6);
		if (err)
			break;
		fd = bpf_program__fd(hs[k].skel->progs.filter_xdp_in);
		insns[k] = bench_verified_insns(fd);
		for (pr = 0; pr < PROBES && !err; pr++) {
			err = bench_check_probe(&hs[k], &probes[pr], res[pr].rule);
			len = packet_build(&probes[pr], frame, sizeof(frame));
			res[pr].ns[k] = time_prog(fd, frame, len, hs[k].ifindex_in);
			if (!err && res[pr].ns[k] < 0)
				err = -1;
		}
	}
	harness_unload(&hs[0]);
	harness_unload(&hs[1]);
	return err;
}

static double floor_ns(void)
{
	struct test_packet p = { .version = 4, .proto = 17, .dport = 9 };
	struct bench_empty *empty = bench_empty__open_and_load();
	uint8_t frame[256];
	double ns;

	if (!empty)
		return -1;
	packet_addr(4, "198.51.100.5", p.saddr);
	packet_addr(4, "203.0.113.9", p.daddr);
	ns = time_prog(bpf_program__fd(empty->progs.bench_empty), frame,
		       packet_build(&p, frame, sizeof(frame)), (int)if_nametoindex(HARNESS_IFACE_IN));
	bench_empty__destroy(empty);
	return ns;
}

static void rule_label(unsigned long rule, char *buf, size_t size)
{
	if (rule)
		snprintf(buf, size, "%lu", rule);
	else
		snprintf(buf, size, "default");
}

int main(int argc, char **argv)
{
	double base[2][PROBES][2], empty;
	uint32_t insns[2] = { 0, 0 };
	FILE *tsv = NULL;
	int argi = 1, v, pr;
	size_t f, s;

	diag_init("bench_classify");
	diag_set_level(DIAG_ERROR);
	if (argi < argc && !strcmp(argv[argi], "quick")) {
		timing.runs = 3;
		timing.run_ns = 20e6;
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
	random_seed(SEED);
	empty = floor_ns();
	if (empty <= 0)
		return 1;
	printf("Per-packet cost (BPF_PROG_TEST_RUN, XDP, median of %d runs of ~%.0f ms)\n",
	       timing.runs, timing.run_ns / 1e6);
	printf("empty XDP program (floor): %.1f ns\n\n", empty);
	printf("%-4s %-2s %6s %-6s %8s | %9s %7s %8s | %10s %8s\n", "set", "ip", "rules",
	       "probe", "match", "bitmap ns", "x empty", "x 1 rule", "linear ns", "x bitmap");
	if (tsv)
		fprintf(tsv, "family\tip\trules\tprobe\tmatched_rule\tbitmap_ns\tbitmap_x_empty\t"
			     "bitmap_x_1rule\tlinear_ns\tlinear_x_empty\tlinear_x_bitmap\t"
			     "empty_ns\n");
	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		for (v = 0; v < 2; v++) {
			for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
				struct result res[PROBES];
				struct rule_table t;
				char match[24];

				if (bench_generate(&t, families[f], sizes[s], SEED, (uint8_t)(v ? 6 : 4)) ||
				    measure_table(&t, res, insns))
					return 1;
				rule_table_free(&t);
				for (pr = 0; pr < PROBES; pr++) {
					const struct result *r = &res[pr];

					if (s == 0)
						memcpy(base[v][pr], r->ns, sizeof(r->ns));
					rule_label(r->rule, match, sizeof(match));
					printf("%-4s %-2d %6zu %-6s %8s | %9.1f %7.1f %8.2f | %10.1f %8.1f\n",
					       families[f], v ? 6 : 4, sizes[s], probe_names[pr], match,
					       r->ns[0], r->ns[0] / empty, r->ns[0] / base[v][pr][0],
					       r->ns[1], r->ns[1] / r->ns[0]);
					if (tsv)
						fprintf(tsv, "%s\t%d\t%zu\t%s\t%s\t%.1f\t%.2f\t%.2f\t%.1f\t"
							     "%.2f\t%.2f\t%.1f\n", families[f], v ? 6 : 4,
							sizes[s], probe_names[pr], match, r->ns[0],
							r->ns[0] / empty, r->ns[0] / base[v][pr][0],
							r->ns[1], r->ns[1] / empty, r->ns[1] / r->ns[0],
							empty);
				}
			}
		}
	}
	printf("\nverifier: %u instructions processed (bitmap), %u (linear), at every table size\n",
	       insns[0], insns[1]);
	if (tsv)
		fclose(tsv);
	return 0;
}
