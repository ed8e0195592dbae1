// SPDX-License-Identifier: GPL-2.0
/*
 * bench_session [quick]: what session summaries (genfilt -l S) cost, for
 * make bench (BPF_PROG_TEST_RUN on the XDP filter):
 *  - a table without S rules, the baseline: the stage is compiled out;
 *  - a packet of an established session (a look-up and four atomic adds);
 *  - a packet that makes a new session, with the map not full and full
 *    (an LRU eviction each time): each a different flow, so each its own
 *    run, timed by the kernel (one repetition), median of many;
 *  - SESSION records delivered: a SYN then a RST per session (made, ended,
 *    its record written), read from the ring by a consumer as ipsec_logd
 *    reads it, per second, every one accounted;
 *  - the load: instructions verified, and the time to load the object and
 *    fill the maps, without S and with S (a 65,536-entry map).
 */
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "harness.h"
#include "util/diag.h"
#include "util/percpu.h"

static struct bench_timing timing = { .runs = 7, .run_ns = 100e6 };
static int flows = 20000;

static struct test_packet udp(uint16_t sport)
{
	struct test_packet p = { .version = 4, .proto = IPPROTO_UDP, .sport = sport, .dport = 53 };

	packet_addr(4, "198.51.100.7", p.saddr);
	packet_addr(4, "192.0.2.1", p.daddr);
	return p;
}

static int xdp_fd(struct harness *h)
{
	return bpf_program__fd(h->skel->progs.filter_xdp_in);
}

static double time_packet(struct harness *h, const struct test_packet *p)
{
	static uint8_t frame[TEST_FRAME_MAX];

	return bench_time_xdp(xdp_fd(h), frame, packet_build(p, frame, sizeof(frame)),
			      h->ifindex_in, &timing);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One run of a frame, timed by the kernel; -1 on failure. */
static double run_once(struct harness *h, const struct test_packet *p)
{
	static uint8_t frame[TEST_FRAME_MAX];
	size_t len = packet_build(p, frame, sizeof(frame));
	struct xdp_md ctx = { .data_end = (uint32_t)len, .ingress_ifindex = (uint32_t)h->ifindex_in };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (uint32_t)len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 1);

	if (bpf_prog_test_run_opts(xdp_fd(h), &opts))
		return -1;
	return opts.duration;
}

/* Median ns of n packets, each a new flow (source ports from first). */
static double new_flows(struct harness *h, uint16_t first, int n)
{
	double *ns = calloc((size_t)n, sizeof(*ns)), median;
	struct test_packet p;
	int i;

	if (!ns)
		return -1;
	for (i = 0; i < n; i++) {
		p = udp((uint16_t)(first + i));
		ns[i] = run_once(h, &p);
	}
	qsort(ns, (size_t)n, sizeof(*ns), cmp_double);
	median = ns[n / 2];
	free(ns);
	return median;
}

static void report(const char *what, double ns, double base)
{
	printf("%-58s %9.1f ns", what, ns);
	if (base > 0)
		printf("  %+6.1f ns", ns - base);
	putchar('\n');
}

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

static int bench_packets(void)
{
	struct test_packet p = udp(40000);
	struct harness plain = { 0 }, sess = { 0 };
	double base, base_new, ms_plain, ms_sess;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (harness_load(&plain, "permit proto=udp\ndefault deny\n", NULL))
		return -1;
	ms_plain = ms_since(&t0);
	printf("%-58s %9u insns, %.0f ms\n", "load, no S rule: verified, load and fill",
	       bench_verified_insns(xdp_fd(&plain)), ms_plain);
	base = time_packet(&plain, &p);
	base_new = new_flows(&plain, 1000, flows);
	report("no S rule in the table (baseline)", base, 0);
	report("no S rule, one run per packet (baseline of new flows)", base_new, 0);
	harness_unload(&plain);

	sess.session_max = 65536;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (harness_load(&sess, "permit proto=udp log=session\ndefault deny\n", NULL))
		return -1;
	ms_sess = ms_since(&t0);
	printf("%-58s %9u insns, %.0f ms\n", "load, -l S (65,536 sessions): verified, load and fill",
	       bench_verified_insns(xdp_fd(&sess)), ms_sess);
	report("-l S, a packet of an established session", time_packet(&sess, &p), base);
	/* From 1000: port 40000's session is there already. */
	report("-l S, a new session, the map not full", new_flows(&sess, 1000, flows), base_new);
	harness_unload(&sess);

	sess = (struct harness){ .session_max = 1024 };
	if (harness_load(&sess, "permit proto=udp log=session\ndefault deny\n", NULL))
		return -1;
	new_flows(&sess, 1000, 2048);	/* fill it */
	report("-l S, a new session, the map full (one eviction)",
	       new_flows(&sess, 10000, flows), base_new);
	harness_unload(&sess);
	return 0;
}

static int count_record(void *ctx, void *data, size_t size)
{
	(void)data;
	(void)size;
	++*(long *)ctx;
	return 0;
}

/* Sessions made and ended (SYN in, RST out) as fast as test runs go, their records read. */
static int bench_records(void)
{
	struct ebfilt_log_settings set = { .enabled = 1, .buffer = EBFILT_LOG_TO_RING };
	struct harness h = { .ring_bytes = 4 << 20 };
	struct test_packet syn = udp(0), rst;
	struct ebfilt_session_totals t;
	struct ring_buffer *rb;
	struct timespec a, b;
	uint32_t zero = 0;
	long got = 0;
	double secs;
	int i;

	if (harness_load(&h, "permit proto=tcp log=session\ndefault deny\n", NULL) ||
	    bpf_map_update_elem(bpf_map__fd(h.skel->maps.log_settings), &zero, &set, BPF_ANY))
		return -1;
	rb = ring_buffer__new(bpf_map__fd(h.skel->maps.log_ring), count_record, &got, NULL);
	if (!rb)
		return -1;
	syn.proto = IPPROTO_TCP;
	syn.tcp_flags = 0x02;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < flows; i++) {
		syn.sport = (uint16_t)(1024 + i);
		rst = syn;
		rst.tcp_flags = 0x04;
		if (harness_run_packet(&h, HOOK_XDP_IN, &syn) != 1 ||
		    harness_run_packet(&h, HOOK_XDP_IN, &rst) != 1)
			return -1;
		if (i % 1000 == 999)
			ring_buffer__consume(rb);
	}
	ring_buffer__consume(rb);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	percpu_sum_struct(bpf_map__fd(h.skel->maps.session_totals), 0, &t);
	printf("%-58s %9.0f /s  (%ld read, %llu lost, of %d; 2 test runs each)\n",
	       "SESSION records delivered (SYN + RST, read from the ring)", got / secs, got,
	       (unsigned long long)t.lost, flows);
	ring_buffer__free(rb);
	harness_unload(&h);
	return got == flows && !t.lost ? 0 : -1;
}

int main(int argc, char **argv)
{
	diag_init("bench_session");
	diag_set_level(DIAG_ERROR);
	if (argc > 1 && !strcmp(argv[1], "quick")) {
		timing.runs = 3;
		timing.run_ns = 20e6;
		flows = 4000;
	}
	if (harness_netns()) {
		fprintf(stderr, "bench_session: cannot set up the network namespace\n");
		return 1;
	}
	printf("Session summaries, per packet (BPF_PROG_TEST_RUN, XDP, median; "
	       "difference to the baseline)\n");
	return bench_packets() || bench_records() ? 1 : 0;
}
