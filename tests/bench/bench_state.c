// SPDX-License-Identifier: GPL-2.0
/*
 * bench_state [quick]: the per-packet cost of the rule language's state
 * (BPF_PROG_TEST_RUN on the XDP filter, median of runs), for make bench:
 *  - 10,000 random rules without any stateful feature (the fast path);
 *  - 100 IF scopes, for a packet that meets none and one that meets all;
 *  - a shun list of 10,000 entries, for a host on it and one not;
 *  - pattern scanning per payload byte, with 1 and with 1,000 patterns.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "bench_empty.skel.h"
#include "datapath/pins.h"
#include "harness.h"
#include "random_rules.h"
#include "rules/table.h"
#include "util/diag.h"

static struct bench_timing timing = { .runs = 7, .run_ns = 100e6 };

/* Median ns per packet. */
static double time_packet(int fd, const struct test_packet *p)
{
	static uint8_t frame[TEST_FRAME_MAX];

	return bench_time_xdp(fd, frame, packet_build(p, frame, sizeof(frame)),
			      (int)if_nametoindex(HARNESS_IFACE_IN), &timing);
}

static struct test_packet packet(uint8_t proto, const char *src, uint16_t dport)
{
	struct test_packet p = { .version = 4, .proto = proto, .sport = 40000, .dport = dport };

	packet_addr(4, src, p.saddr);
	packet_addr(4, "203.0.113.1", p.daddr);
	return p;
}

static int xdp_fd(struct harness *h)
{
	return bpf_program__fd(h->skel->progs.filter_xdp_in);
}

static void report(const char *what, double ns, double base)
{
	printf("%-58s %9.1f ns", what, ns);
	if (base > 0)
		printf("  x%.2f", ns / base);
	putchar('\n');
}

/* A table of text (IPv4), for the probes given. */
static int load_text(struct harness *h, const char *text)
{
	return harness_load(h, text, NULL);
}

static int bench_plain_and_if(double empty)
{
	struct test_packet udp = packet(IPPROTO_UDP, "198.51.100.7", 9);
	struct test_packet tcp = packet(IPPROTO_TCP, "198.51.100.7", 80);
	struct harness h = { 0 };
	struct rule_table t;
	struct filter_rule r;
	char *text = malloc(100 * 160 + 64), *p;
	double plain;
	int i;

	rule_table_init(&t, 4);
	while (t.count < 10000) {
		random_rule(&r, 4, (const char *const[]){ "all" }, 1);
		r.src.prefix = 32;	/* hosts the probe is not */
		packet_addr(4, "192.0.2.77", r.src.bytes);
		if (rule_table_insert(&t, t.count + 1, &r))
			return -1;
	}
	if (harness_load_tables(&h, &t, NULL))
		return -1;
	plain = time_packet(xdp_fd(&h), &udp);
	report("10,000 rules, no stateful feature, default rule", plain, empty);
	harness_unload(&h);
	rule_table_free(&t);

	/* 100 IF scopes on TCP: the UDP probe meets none, the TCP one all. */
	for (p = text, i = 0; i < 100; i++)
		p += sprintf(p, "if proto=tcp\ndeny proto=tcp dport=eq:%d\nendif\n", 1000 + i);
	strcpy(p, "permit\ndefault deny\n");
	if (load_text(&h, text))
		return -1;
	report("100 IF scopes, a packet that meets none", time_packet(xdp_fd(&h), &udp), empty);
	report("100 IF scopes, a packet that meets all 100", time_packet(xdp_fd(&h), &tcp), empty);
	harness_unload(&h);
	free(text);
	return 0;
}

static int bench_shun(double empty)
{
	struct test_packet other = packet(IPPROTO_UDP, "198.51.100.7", 9);
	struct test_packet shunned = packet(IPPROTO_UDP, "192.0.2.1", 9);
	struct ebfilt_shun val = { .rule_id = 1 };
	struct ebfilt_shun_key key = { .kind = EBFILT_SHUN_KIND_HOST };
	struct harness h = { 0 };
	int fd, i;

	if (load_text(&h, "shun_host proto=tcp dport=eq:23\npermit\ndefault deny\n"))
		return -1;
	fd = bpf_map__fd(table_map(h.skel, 4, TMAP_shun_list));
	for (i = 0; i < 10000; i++) {	/* 192.0.x.y */
		key.addr[0] = 192;
		key.addr[2] = (uint8_t)(i >> 8);
		key.addr[3] = (uint8_t)(i + 1);
		if (bpf_map_update_elem(fd, &key, &val, BPF_ANY))
			return -1;
	}
	report("shun list of 10,000, a host not on it", time_packet(xdp_fd(&h), &other), empty);
	report("shun list of 10,000, a host on it", time_packet(xdp_fd(&h), &shunned), empty);
	harness_unload(&h);
	return 0;
}

/* Per byte: the difference between 1,024 and 64 bytes of payload, over 960. */
static int bench_patterns(const char *table, const char *label)
{
	struct test_packet p = packet(IPPROTO_UDP, "198.51.100.7", 9);
	struct harness h = { 0 };
	double small, large;

	if (load_text(&h, table))
		return -1;
	memset(p.payload, 'q', p.payload_len = 64);
	small = time_packet(xdp_fd(&h), &p);
	memset(p.payload, 'q', p.payload_len = 1024);
	large = time_packet(xdp_fd(&h), &p);
	printf("%-58s %9.1f ns  (64 bytes %.1f ns, 1,024 bytes %.1f ns)\n", label,
	       (large - small) / 960, small, large);
	harness_unload(&h);
	return 0;
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/ebfilt-bench-patterns.XXXXXX", table[128];
	struct bench_empty *empty_prog;
	struct test_packet udp;
	double empty;
	FILE *f;
	int fd, i, err;

	diag_init("bench_state");
	diag_set_level(DIAG_ERROR);
	if (argc > 1 && !strcmp(argv[1], "quick")) {
		timing.runs = 3;
		timing.run_ns = 20e6;
	}
	if (harness_netns()) {
		fprintf(stderr, "bench_state: cannot set up the network namespace\n");
		return 1;
	}
	random_seed(42);
	empty_prog = bench_empty__open_and_load();
	if (!empty_prog)
		return 1;
	udp = packet(IPPROTO_UDP, "198.51.100.7", 9);
	empty = time_packet(bpf_program__fd(empty_prog->progs.bench_empty), &udp);
	bench_empty__destroy(empty_prog);
	printf("Stateful rules, per packet (BPF_PROG_TEST_RUN, XDP, median of %d runs)\n", timing.runs);
	report("empty XDP program (floor)", empty, 0);
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
		return 1;
	for (i = 0; i < 1000; i++)
		fprintf(f, "sig%04d-%x\n", i, i * 2654435761u);
	fclose(f);
	snprintf(table, sizeof(table), "deny proto=udp patternfile=%s\npermit\ndefault deny\n", path);
	err = bench_plain_and_if(empty) || bench_shun(empty) ||
	      bench_patterns("deny proto=udp pattern=EVIL\npermit\ndefault deny\n",
			     "pattern scan per payload byte, 1 pattern") ||
	      bench_patterns(table, "pattern scan per payload byte, 1,000 patterns");
	unlink(path);
	return err ? 1 : 0;
}
