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

static int runs = 7;
static double run_ns = 100e6;		/* time one run should take */
static char tools_dir[PATH_MAX];	/* where gen_rules lives: tests/tools beside us */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int test_run(int prog_fd, const uint8_t *frame, size_t len, int ifindex,
		    uint32_t repeat, double *ns)
{
	struct xdp_md ctx = { .data_end = (__u32)len, .ingress_ifindex = (__u32)ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (__u32)len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat);

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	*ns = opts.duration;
	return 0;
}

/*
 * Median ns per packet over `runs` runs. The repetitions per run are
 * calibrated so a run lasts about run_ns, whether a packet costs 5 ns or
 * 200 us. Returns -1 on failure.
 */
static double time_prog(int prog_fd, const uint8_t *frame, size_t len, int ifindex)
{
	double ns[16], probe;
	uint32_t repeat;
	int i;

	if (test_run(prog_fd, frame, len, ifindex, 1000, &probe))
		return -1;
	repeat = probe < 1 ? 10000000 : (uint32_t)(run_ns / probe);
	repeat = repeat < 50 ? 50 : repeat > 10000000 ? 10000000 : repeat;
	for (i = 0; i < runs; i++)
		if (test_run(prog_fd, frame, len, ifindex, repeat, &ns[i]))
			return -1;
	qsort(ns, (size_t)runs, sizeof(ns[0]), cmp_double);
	return ns[runs / 2];
}

static uint32_t verified_insns(int prog_fd)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(prog_fd, &info, &len) ? 0 : info.verified_insns;
}

/* The family's table of n rules from gen_rules; 0 or -1. */
static int generate(struct rule_table *t, const char *family, size_t n, uint8_t version)
{
	char cmd[PATH_MAX + 64];
	FILE *in;
	int err;

	snprintf(cmd, sizeof(cmd), "%s/gen_rules %s %zu %d %u", tools_dir, family, n, SEED,
		 version);
	rule_table_init(t, version);
	in = popen(cmd, "r");
	if (!in)
		return -1;
	err = rule_file_read(in, family, version, false, rule_table_append, t);
	if (pclose(in) || err) {
		fprintf(stderr, "bench_classify: %s failed\n", cmd);
		return -1;
	}
	return 0;
}

/* Probes arrive on in0 through XDP: inbound, local when sent to our address. */
static struct test_path probe_path(const struct test_packet *p)
{
	static const uint8_t v4_local[4] = { 192, 0, 2, 1 };
	static const uint8_t v6_local[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	bool local = p->version == 4 ? !memcmp(p->daddr, v4_local, 4)
				     : !memcmp(p->daddr, v6_local, 16);

	return (struct test_path){ .inbound = true, .local = local, .iface = HARNESS_IFACE_IN };
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
		path = probe_path(p);
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
		path = probe_path(&cand);
		got = oracle_match(t, &cand, &path);
		if (i == 0 || depth(got) > depth(*id)) {
			*p = cand;
			*id = got;
		}
	}
}

/* Run the probe once and check that the kernel counted it for rule id. */
static int check_probe(struct harness *h, const struct test_packet *p, unsigned long id)
{
	uint64_t before = harness_rule_packets(h, p->version, id);

	if (harness_run_packet(h, HOOK_XDP_IN, p) < 0 ||
	    harness_rule_packets(h, p->version, id) != before + 1) {
		fprintf(stderr, "bench_classify: the kernel did not match rule %lu like the oracle\n",
			id);
		return -1;
	}
	return 0;
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
		insns[k] = verified_insns(fd);
		for (pr = 0; pr < PROBES && !err; pr++) {
			err = check_probe(&hs[k], &probes[pr], res[pr].rule);
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

static int set_tools_dir(const char *argv0)
{
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return snprintf(tools_dir, sizeof(tools_dir), "%s", argv0) < 0 ? -1 : 0;
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	if (snprintf(tools_dir, sizeof(tools_dir), "%.*s/../tools", PATH_MAX - 16, self) < 0)
		return -1;
	return 0;
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
		runs = 3;
		run_ns = 20e6;
		argi++;
	}
	if (argi < argc && !(tsv = fopen(argv[argi], "w"))) {
		perror(argv[argi]);
		return 1;
	}
	if (set_tools_dir(argv[0]) || harness_netns()) {
		fprintf(stderr, "bench_classify: cannot set up the network namespace\n");
		return 1;
	}
	random_seed(SEED);
	empty = floor_ns();
	if (empty <= 0)
		return 1;
	printf("Per-packet cost (BPF_PROG_TEST_RUN, XDP, median of %d runs of ~%.0f ms)\n", runs,
	       run_ns / 1e6);
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

				if (generate(&t, families[f], sizes[s], (uint8_t)(v ? 6 : 4)) ||
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
