// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN tests of packet logging: the records the programs write
 * (every field), that a full ring drops and counts instead of waiting, the
 * per-rule rate limit, and the perf event array path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "harness.h"
#include "ebfilt/record.h"
#include "logging/record.h"
#include "util/diag.h"
#include "util/percpu.h"

#define TABLE "permit proto=udp log=yes\ndeny proto=tcp log=yes\npermit proto=icmp\n" \
	      "default deny log=yes\n"

struct collected {
	struct ebfilt_log_record rec[64];
	size_t sizes[64];	/* as delivered */
	int count;
};

/*
 * Each record as ipsec_logd takes it; the ring hands over exactly its
 * length, perf pads raw samples to 8 bytes plus a size word.
 */
static int collect(void *ctx, void *data, size_t size)
{
	struct collected *c = ctx;
	struct ebfilt_rec_hdr hdr;

	if (c->count < 64 && !log_record_decode(data, size, &hdr, &c->rec[c->count])) {
		c->sizes[c->count] = size;
		c->count++;
	}
	return 0;
}

static void perf_collect(void *ctx, int cpu, void *data, __u32 size)
{
	(void)cpu;
	collect(ctx, data, size);
}

static void set_ctl(struct harness *h, uint32_t enabled, uint32_t use_perf, uint32_t rate)
{
	struct ebfilt_log_settings set = {
		.enabled = enabled, .rate_limit = rate,
		.buffer = use_perf ? EBFILT_LOG_TO_PERF : EBFILT_LOG_TO_RING,
	};
	uint32_t zero = 0;

	assert_int_equal(bpf_map_update_elem(bpf_map__fd(h->skel->maps.log_settings), &zero,
					     &set, BPF_ANY), 0);
}

static struct test_packet udp_packet(void)
{
	struct test_packet p = { .version = 4, .proto = IPPROTO_UDP, .sport = 3327, .dport = 53 };

	packet_addr(4, "192.0.2.20", p.saddr);
	packet_addr(4, "192.0.2.1", p.daddr);
	return p;
}

static void test_records(void **state)
{
	struct harness h = { 0 };
	struct collected got = { .count = 0 };
	struct ring_buffer *rb;
	struct test_packet p = udp_packet();
	const struct ebfilt_log_record *r;

	(void)state;
	assert_int_equal(harness_load(&h, TABLE, NULL), 0);
	rb = ring_buffer__new(bpf_map__fd(h.skel->maps.log_ring), collect, &got, NULL);
	assert_non_null(rb);
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	ring_buffer__consume(rb);
	assert_int_equal(got.count, 0);		/* logging not started */
	set_ctl(&h, 1, 0, 0);
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	p.proto = IPPROTO_TCP;
	p.sport = 4649;
	p.dport = 23;
	assert_int_equal(harness_run_packet(&h, HOOK_TC_OUT, &p), 0);
	p.proto = IPPROTO_ICMP;		/* rule 3 does not log */
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	p.proto = 99;			/* the default rule logs */
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 0);
	ring_buffer__consume(rb);
	assert_int_equal(got.count, 3);
	r = &got.rec[0];
	assert_int_equal(r->rule_id, 1);
	assert_int_equal(r->action, EBFILT_PERMIT);
	assert_int_equal(r->inbound, 1);
	assert_int_equal(r->local, 1);		/* 192.0.2.1 is this host's */
	assert_int_equal(r->version, 4);
	assert_int_equal(r->proto, IPPROTO_UDP);
	assert_int_equal(r->sport, 3327);
	assert_int_equal(r->dport, 53);
	assert_int_equal(r->ifindex, (uint32_t)h.ifindex_in);
	assert_int_equal(r->ip_len, 20 + 16);
	assert_int_equal(r->cap_len, 20 + 16);
	assert_int_equal(r->headers[0], 0x45);
	assert_memory_equal(r->saddr, "\xc0\x00\x02\x14", 4);
	assert_memory_equal(r->daddr, "\xc0\x00\x02\x01", 4);
	assert_true(r->flags & EBFILT_LOG_PORTS);
	assert_true(r->flags & EBFILT_LOG_PROTO);
	assert_false(r->flags & EBFILT_LOG_RULE_ACK);
	assert_true(r->hdr.time_ns > 0);
	assert_int_equal(r->hdr.type, EBFILT_REC_PACKET);
	assert_int_equal(r->hdr.version, EBFILT_REC_PACKET_VERSION);
	assert_int_equal(r->hdr.len, ebfilt_log_record_len(r->cap_len));
	assert_int_equal(got.sizes[0], r->hdr.len);	/* only the bytes captured */
	assert_int_equal(r->payload_off, 28);
	assert_int_equal(r->detail, 0);
	r = &got.rec[1];
	assert_int_equal(r->rule_id, 2);
	assert_int_equal(r->action, EBFILT_DENY);
	assert_int_equal(r->inbound, 0);
	assert_int_equal(r->local, 0);		/* sent from 192.0.2.20: forwarded */
	assert_int_equal(r->ifindex, (uint32_t)h.ifindex_out);
	assert_int_equal(r->dport, 23);
	r = &got.rec[2];
	assert_int_equal(r->rule_id, 0);
	assert_int_equal(r->proto, 99);
	assert_false(r->flags & EBFILT_LOG_PORTS);
	assert_int_equal(harness_log_totals(&h).emitted, 3);
	ring_buffer__free(rb);
	harness_unload(&h);
}

/* A record says when its rule matched on the ACK bit, for the line's "tcp/ack". */
static void test_rule_ack(void **state)
{
	struct harness h = { 0 };
	struct collected got = { .count = 0 };
	struct ring_buffer *rb;
	struct test_packet p = udp_packet();

	(void)state;
	assert_int_equal(harness_load(&h, "permit proto=tcp/ack log=yes\ndefault deny log=yes\n",
				      NULL), 0);
	rb = ring_buffer__new(bpf_map__fd(h.skel->maps.log_ring), collect, &got, NULL);
	assert_non_null(rb);
	set_ctl(&h, 1, 0, 0);
	p.proto = IPPROTO_TCP;
	p.tcp_ack = true;
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	p.tcp_ack = false;
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 0);
	ring_buffer__consume(rb);
	assert_int_equal(got.count, 2);
	assert_true(got.rec[0].flags & EBFILT_LOG_RULE_ACK);
	assert_false(got.rec[1].flags & EBFILT_LOG_RULE_ACK);	/* the default rule */
	ring_buffer__free(rb);
	harness_unload(&h);
}

/* A full ring drops and counts: emitted + dropped = logged packets, exactly. */
static void test_ring_full(void **state)
{
	struct harness h = { .ring_bytes = 4096 };
	struct test_packet p = udp_packet();
	uint64_t emitted, full;
	int i;

	(void)state;
	assert_int_equal(harness_load(&h, TABLE, NULL), 0);
	set_ctl(&h, 1, 0, 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	emitted = harness_log_totals(&h).emitted;
	full = harness_log_totals(&h).ring_full;
	assert_true(emitted > 0 && emitted < 100);
	assert_int_equal(emitted + full, 100);
	assert_int_equal(harness_rule_packets(&h, 4, 1), 100);	/* filtering went on */
	harness_unload(&h);
}

static void test_rate_limit(void **state)
{
	struct harness h = { 0 };
	struct test_packet p = udp_packet();
	int i;

	(void)state;
	assert_int_equal(harness_load(&h, TABLE, NULL), 0);
	set_ctl(&h, 1, 0, 5);
	for (i = 0; i < 20; i++)
		harness_run_packet(&h, HOOK_XDP_IN, &p);
	/* Test runs stay on one CPU within one second: 5 pass, 15 are limited. */
	assert_int_equal(harness_log_totals(&h).emitted, 5);
	assert_int_equal(harness_log_totals(&h).rate_limited, 15);
	harness_unload(&h);
}

/*
 * The limit and the losses of a rule that logs are kept in its log slot:
 * here rule 3, the only one that logs, has slot 1 of two.
 */
static void test_rate_limit_slot(void **state)
{
	struct harness h = { 0 };
	struct test_packet p = udp_packet();
	struct ebfilt_log_drops drops = { 0 };
	int i;

	(void)state;
	assert_int_equal(harness_load(&h, "permit proto=tcp\npermit proto=icmp\n"
					  "permit proto=udp log=yes\ndefault deny\n", NULL), 0);
	assert_int_equal(bpf_map__max_entries(table_map(h.skel, 4, TMAP_log_drops)), 2);
	set_ctl(&h, 1, 0, 5);
	for (i = 0; i < 20; i++)
		harness_run_packet(&h, HOOK_XDP_IN, &p);
	assert_int_equal(harness_rule_packets(&h, 4, 3), 20);
	assert_int_equal(harness_log_totals(&h).emitted, 5);
	assert_int_equal(harness_log_totals(&h).rate_limited, 15);
	percpu_sum_struct(bpf_map__fd(table_map(h.skel, 4, TMAP_log_drops)), 1, &drops);
	assert_int_equal(drops.rate_limited, 15);
	harness_unload(&h);
}

static void test_perf_path(void **state)
{
	struct harness h = { 0 };
	struct collected got = { .count = 0 };
	struct test_packet p = udp_packet();
	struct perf_buffer *pb;

	(void)state;
	assert_int_equal(harness_load(&h, TABLE, NULL), 0);
	pb = perf_buffer__new(bpf_map__fd(h.skel->maps.log_perf_buf), 8, perf_collect, NULL,
			      &got, NULL);
	assert_non_null(pb);
	set_ctl(&h, 1, 1, 0);
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	assert_int_equal(harness_run_packet(&h, HOOK_TC_IN, &p), 1);
	perf_buffer__consume(pb);
	assert_int_equal(got.count, 2);
	assert_int_equal(got.rec[0].rule_id, 1);
	assert_int_equal(got.rec[1].dport, 53);
	perf_buffer__free(pb);
	harness_unload(&h);
}

/* -l D: the payload after the headers, up to the snap length, and no further. */
static void test_detail(void **state)
{
	struct harness h = { .log_snap = 40 };
	struct collected got = { .count = 0 };
	struct test_packet p = udp_packet();
	struct ring_buffer *rb;
	const struct ebfilt_log_record *r;
	size_t i;

	(void)state;
	assert_int_equal(harness_load(&h, "permit proto=udp log=detail\n"
					  "permit proto=tcp log=yes\ndefault deny\n", NULL), 0);
	rb = ring_buffer__new(bpf_map__fd(h.skel->maps.log_ring), collect, &got, NULL);
	assert_non_null(rb);
	set_ctl(&h, 1, 0, 0);
	p.payload_len = 100;
	for (i = 0; i < p.payload_len; i++)
		p.payload[i] = (uint8_t)('a' + i % 26);
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	p.proto = IPPROTO_TCP;
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	p.proto = IPPROTO_UDP;
	p.payload_len = 10;		/* shorter than the snap length */
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), 1);
	ring_buffer__consume(rb);
	assert_int_equal(got.count, 3);
	r = &got.rec[0];
	assert_int_equal(r->detail, 1);
	assert_int_equal(r->payload_off, 28);
	assert_int_equal(r->cap_len, 28 + 40);		/* headers, then the snap length */
	assert_memory_equal(r->headers + 28, "abcdefghij", 10);
	assert_int_equal(r->hdr.len, ebfilt_log_record_len(28 + 40));
	assert_int_equal(got.sizes[0], r->hdr.len);
	r = &got.rec[1];
	assert_int_equal(r->detail, 0);
	assert_int_equal(r->cap_len, EBFILT_LOG_CAPTURE);	/* -l Y: 128 bytes at most */
	r = &got.rec[2];
	assert_int_equal(r->cap_len, 28 + 10);		/* never beyond the packet */
	ring_buffer__free(rb);
	harness_unload(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_rule_ack),
		cmocka_unit_test(test_ring_full),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test(test_rate_limit_slot),
		cmocka_unit_test(test_perf_path),
		cmocka_unit_test(test_detail),
	};

	if (harness_start("test_logging"))
		return 1;
	return cmocka_run_group_tests_name("logging", tests, NULL, NULL);
}
