// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: per-packet cost on a mix of packets, side by side with the
 * empty XDP program and Debian's xdp-filter (xdp-tools), in one run.
 *
 * For each table size (1, 100, 1,000, 10,000 rules; gen_rules, seed 42)
 * an IPv4 and an IPv6 table are loaded together, and 80 distinct packets
 * go through the XDP program, each timed on its own (median of runs): per
 * IP version, 30 built for rules spread evenly through the table and 10
 * that fall to the default rule. Every packet's rule is checked against
 * the oracle and the kernel's counters first. xdp-filter holds 100 denied
 * destination ports and 100 denied addresses, and runs on the same 80
 * frames of the largest table. A mix is never one packet repeated: the
 * classifier's cost depends on the addresses and ports it is given.
 *
 * usage: bench_mix [quick] [TSV-FILE]
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "bench.h"
#include "bench_empty.skel.h"
#include "harness.h"
#include "oracle.h"
#include "random_rules.h"
#include "util/diag.h"

#define SEED		42
#define MIX_MATCH	30	/* per version: aimed at rules spread through the table */
#define MIX_DEFAULT	10	/* per version: falling to the default rule */
#define MIX_VERSION	(MIX_MATCH + MIX_DEFAULT)
#define MIX		(2 * MIX_VERSION)
#define DEFAULT_TRIES	2000	/* random packets tried for one that no rule takes */

static const char *const all_families[] = { "acl", "fw", "ipc" };
static const size_t sizes[] = { 1, 100, 1000, 10000 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static struct bench_timing timing = { .runs = 5, .run_ns = 5e6 };

struct mix_packet {
	unsigned long rule;	/* the oracle's: 0 the default rule */
	uint8_t frame[256];
	size_t len;
};

/* What one program cost on a mix: means of the packets' medians, in ns. */
struct mix_cost {
	double all, v4, v6, matched, dflt;
};

/* Headers only, no fragments or options: the common case every filter sees. */
static void plain(struct test_packet *p)
{
	p->frag = EBFILT_FRAG_NONE;
	p->ah = p->srcroute = false;
	p->vlans = p->ipv6_ext = 0;
	p->cut = 0;
	p->payload_len = 0;
}

static int add_packet(struct mix_packet *m, struct test_packet *p, const struct rule_table *t)
{
	struct test_path path = bench_probe_path(p);

	m->rule = oracle_match(t, p, &path);
	m->len = packet_build(p, m->frame, sizeof(m->frame));
	return m->len ? 0 : -1;
}

/* One version's 40 packets of the mix into out; probes gets the packets themselves. */
static int make_mix(const struct rule_table *t, struct mix_packet *out, struct test_packet *probes)
{
	struct test_path path;
	int i, k;

	for (i = 0; i < MIX_MATCH; i++) {
		packet_for_rule(&probes[i], &t->rules[(size_t)i * t->count / MIX_MATCH]);
		plain(&probes[i]);
		if (add_packet(&out[i], &probes[i], t))
			return -1;
	}
	for (; i < MIX_VERSION; i++) {
		for (k = 0; k < DEFAULT_TRIES; k++) {
			random_packet(&probes[i], t->version, NULL);
			plain(&probes[i]);
			path = bench_probe_path(&probes[i]);
			if (!oracle_match(t, &probes[i], &path))
				break;
		}
		if (add_packet(&out[i], &probes[i], t))
			return -1;
	}
	return 0;
}

static int time_mix(int fd, const struct mix_packet *mix, int ifindex, struct mix_cost *c)
{
	int i, nmatched = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < MIX; i++) {
		double ns = bench_time_xdp(fd, mix[i].frame, mix[i].len, ifindex, &timing);

		if (ns < 0)
			return -1;
		c->all += ns / MIX;
		*(i < MIX_VERSION ? &c->v4 : &c->v6) += ns / MIX_VERSION;
		if (mix[i].rule) {
			c->matched += ns;
			nmatched++;
		} else {
			c->dflt += ns;
		}
	}
	c->matched = nmatched ? c->matched / nmatched : 0;
	c->dflt = nmatched < MIX ? c->dflt / (MIX - nmatched) : 0;
	return 0;
}

/* Load both tables of n rules, build their mix, check it, time it. */
static int measure(const char *family, size_t n, struct mix_packet *mix, struct mix_cost *c)
{
	struct test_packet *probes = calloc(MIX, sizeof(*probes));
	struct rule_table t[2];
	struct harness h = { 0 };
	int v, i, err = -1;

	if (!probes)
		return -1;
	if (bench_generate(&t[0], family, n, SEED, 4))
		goto out_probes;
	if (bench_generate(&t[1], family, n, SEED, 6))
		goto out_v4;
	for (v = 0; v < 2; v++)
		if (make_mix(&t[v], mix + v * MIX_VERSION, probes + v * MIX_VERSION))
			goto out;
	if (harness_load_tables(&h, &t[0], &t[1]))
		goto out;
	for (i = 0; i < MIX; i++)
		if (bench_check_probe(&h, &probes[i], mix[i].rule))
			goto out_unload;
	err = time_mix(bpf_program__fd(h.skel->progs.filter_xdp_in), mix, h.ifindex_in, c);
out_unload:
	harness_unload(&h);
out:
	rule_table_free(&t[1]);
out_v4:
	rule_table_free(&t[0]);
out_probes:
	free(probes);
	return err;
}

/*
 * xdp-filter on HARNESS_IFACE_IN, in skb mode, pinning into a bpffs of a
 * private mount namespace (libxdp reads LIBXDP_BPFFS), with a /run of its
 * own for its lock file (/run/xdp-filter.lck): nothing of the host's is
 * touched. The fd of its XDP
 * program, or -1 when xdp-tools is missing or the load failed (said).
 */
static int xdp_filter_load(char *bpffs)
{
	static const char setup[] =
		"xdp-filter load -m skb " HARNESS_IFACE_IN " && "
		"for p in $(seq 1000 1099); do xdp-filter port $p || exit 1; done && "
		"for i in $(seq 1 100); do xdp-filter ip 198.51.100.$i || exit 1; done";
	__u32 id = 0;

	if (system("command -v xdp-filter >/dev/null")) {
		fprintf(stderr, "bench_mix: xdp-filter is not installed (apt install xdp-tools)\n");
		return -1;
	}
	if (!mkdtemp(bpffs) || unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("bpf", bpffs, "bpf", 0, NULL) || mount("tmpfs", "/run", "tmpfs", 0, NULL) ||
	    setenv("LIBXDP_BPFFS", bpffs, 1)) {
		perror("bench_mix: a private bpffs for xdp-filter");
		return -1;
	}
	if (system(setup) ||
	    bpf_xdp_query_id((int)if_nametoindex(HARNESS_IFACE_IN), XDP_FLAGS_SKB_MODE, &id) ||
	    !id) {
		fprintf(stderr, "bench_mix: xdp-filter did not load\n");
		return -1;
	}
	return bpf_prog_get_fd_by_id(id);
}

static void xdp_filter_unload(const char *bpffs)
{
	if (system("xdp-filter unload " HARNESS_IFACE_IN " >/dev/null 2>&1"))
		fprintf(stderr, "bench_mix: xdp-filter unload failed\n");
	umount2(bpffs, MNT_DETACH);
	rmdir(bpffs);
}

static void row(FILE *tsv, const char *family, const char *prog, size_t rules,
		const struct mix_cost *c, const struct mix_cost *xf, const struct mix_cost *one)
{
	printf("%-4s %-11s %6zu | %7.1f %7.1f %7.1f %5.2f | %7.1f %7.1f | %6.2f %6.2f | %6.2f %6.2f\n",
	       family, prog, rules, c->all, c->v4, c->v6, c->v6 / c->v4, c->matched, c->dflt,
	       c->all / xf->all, c->dflt / xf->dflt, one ? c->all / one->all : 1.0,
	       one ? c->dflt / one->all : 1.0);
	if (tsv)
		fprintf(tsv, "%s\t%s\t%zu\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\n",
			family, prog, rules, c->all, c->v4, c->v6, c->matched, c->dflt,
			c->all / xf->all, c->dflt / xf->dflt, one ? c->all / one->all : 1.0,
			one ? c->dflt / one->all : 1.0);
}

int main(int argc, char **argv)
{
	static struct mix_packet mix[NSIZES][MIX];
	struct mix_cost cost[NSIZES], empty, xf;
	char bpffs[] = "/tmp/bench_mix.XXXXXX";
	size_t nfamilies = 3, f, s;
	struct bench_empty *e;
	FILE *tsv = NULL;
	int argi = 1, ifindex, xfd;

	diag_init("bench_mix");
	diag_set_level(DIAG_ERROR);
	if (argi < argc && !strcmp(argv[argi], "quick")) {
		timing.runs = 3;
		timing.run_ns = 2e6;
		nfamilies = 1;
		argi++;
	}
	if (argi < argc && !(tsv = fopen(argv[argi], "w"))) {
		perror(argv[argi]);
		return 1;
	}
	if (harness_netns()) {
		fprintf(stderr, "bench_mix: cannot set up the network namespace\n");
		return 1;
	}
	ifindex = (int)if_nametoindex(HARNESS_IFACE_IN);
	xfd = xdp_filter_load(bpffs);
	e = bench_empty__open_and_load();
	if (xfd < 0 || !e) {
		rmdir(bpffs);
		return 1;
	}
	random_seed(SEED);
	printf("Per-packet cost on a mix of %d packets (BPF_PROG_TEST_RUN, XDP; each packet the "
	       "median of %d runs of ~%.0f ms)\n", MIX, timing.runs, timing.run_ns / 1e6);
	printf("per IP version: %d packets for rules spread through the table, %d falling to the "
	       "default rule\n\n", MIX_MATCH, MIX_DEFAULT);
	printf("%-4s %-11s %6s | %7s %7s %7s %5s | %7s %7s | %13s | %13s\n", "set", "program",
	       "rules", "mix ns", "IPv4", "IPv6", "v6/v4", "matched", "default", "x xdp-filter",
	       "x 1 rule");
	printf("%-4s %-11s %6s | %7s %7s %7s %5s | %7s %7s | %6s %6s | %6s %6s\n", "", "", "", "",
	       "", "", "", "", "", "mix", "deflt", "mix", "deflt");
	if (tsv)
		fprintf(tsv, "family\tprogram\trules\tmix_ns\tv4_ns\tv6_ns\tmatched_ns\tdefault_ns\t"
			     "mix_x_xdpfilter\tdefault_x_xdpfilter\tmix_x_1rule\tdefault_x_1rule\n");
	for (f = 0; f < nfamilies; f++) {
		for (s = 0; s < NSIZES; s++)
			if (measure(all_families[f], sizes[s], mix[s], &cost[s]))
				return 1;
		/* The baselines on the frames of the largest table: the worst mix. */
		if (time_mix(xfd, mix[NSIZES - 1], ifindex, &xf) ||
		    time_mix(bpf_program__fd(e->progs.bench_empty), mix[NSIZES - 1], ifindex, &empty))
			return 1;
		row(tsv, all_families[f], "empty XDP", 0, &empty, &xf, NULL);
		row(tsv, all_families[f], "xdp-filter", 200, &xf, &xf, NULL);
		for (s = 0; s < NSIZES; s++)
			row(tsv, all_families[f], "ebfilt", sizes[s], &cost[s], &xf, &cost[0]);
	}
	printf("\nxdp-filter: 100 denied destination ports, 100 denied addresses (skb mode)\n");
	bench_empty__destroy(e);
	close(xfd);
	xdp_filter_unload(bpffs);
	if (tsv)
		fclose(tsv);
	return 0;
}
