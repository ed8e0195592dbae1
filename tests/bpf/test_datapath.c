// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN tests: crafted packets through the real XDP and tc
 * programs, for every enforced attribute and operator, IPv4 and IPv6,
 * options and extension headers, fragments, VLAN tags, short and malformed
 * packets. Each check asserts the verdict and that exactly the expected
 * rule's counter moved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "util/diag.h"

#define PASS 1
#define DROP 0

static struct test_packet v4(const char *src, const char *dst, uint8_t proto, uint16_t sport,
			     uint16_t dport)
{
	struct test_packet p = { .version = 4, .proto = proto, .sport = sport, .dport = dport };

	packet_addr(4, src, p.saddr);
	packet_addr(4, dst, p.daddr);
	return p;
}

static struct test_packet v6(const char *src, const char *dst, uint8_t proto, uint16_t sport,
			     uint16_t dport)
{
	struct test_packet p = { .version = 6, .proto = proto, .sport = sport, .dport = dport };

	packet_addr(6, src, p.saddr);
	packet_addr(6, dst, p.daddr);
	return p;
}

/* Run p through hook and check the verdict and that rule id (0: default) counted it. */
static void expect_at(struct harness *h, enum harness_hook hook, const struct test_packet *p,
		      int verdict, unsigned long id, int line)
{
	uint64_t before = harness_rule_packets(h, p->version, id);
	int got = harness_run_packet(h, hook, p);

	if (got != verdict)
		fail_msg("line %d: verdict %d, expected %d", line, got, verdict);
	if (harness_rule_packets(h, p->version, id) != before + 1)
		fail_msg("line %d: rule %lu did not count the packet", line, id);
}
#define expect(h, hook, p, verdict, id) expect_at(h, hook, p, verdict, id, __LINE__)

static void load(struct harness *h, const char *v4_rules, const char *v6_rules)
{
	assert_int_equal(harness_load(h, v4_rules, v6_rules), 0);
}

static void test_addresses(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;

	(void)state;
	load(&h, "permit src=198.51.100.0/255.255.255.0 dst=192.0.2.1/255.255.255.255\n"
		 "deny src=198.51.100.7/255.255.255.255\n"
		 "permit dst=203.0.113.0/255.255.255.128\n"
		 "default deny\n",
	     "permit src=2001:db8:100::/48 dst=2001:db8::1/128\n"
	     "deny src=2001:db8:100::7/128\n"
	     "default permit\n");
	p = v4("198.51.100.7", "192.0.2.1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p = v4("198.51.100.7", "192.0.2.9", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, DROP, 2);
	p = v4("192.0.2.50", "203.0.113.127", IPPROTO_TCP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 3);
	p = v4("192.0.2.50", "203.0.113.128", IPPROTO_TCP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, DROP, 0);
	p = v6("2001:db8:100:ffff::7", "2001:db8::1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p = v6("2001:db8:100::7", "2001:db8::2", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, DROP, 2);
	p = v6("2001:db8:101::7", "2001:db8::2", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 0);
	harness_unload(&h);
}

static void test_protocols(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;

	(void)state;
	load(&h, "permit proto=tcp/ack\n"
		 "deny proto=tcp\n"
		 "permit proto=udp\n"
		 "deny proto=icmp\n"
		 "permit proto=esp\n"
		 "deny proto=ah\n"
		 "permit proto=132\n"
		 "default deny\n",
	     "permit proto=icmpv6\ndeny proto=ah\ndefault permit\n");
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 1000, 22);
	p.tcp_ack = true;
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.tcp_ack = false;
	expect(&h, HOOK_XDP_IN, &p, DROP, 2);
	p.proto = IPPROTO_UDP;
	expect(&h, HOOK_XDP_IN, &p, PASS, 3);
	p.proto = IPPROTO_ICMP;
	expect(&h, HOOK_XDP_IN, &p, DROP, 4);
	p.proto = IPPROTO_ESP;
	expect(&h, HOOK_XDP_IN, &p, PASS, 5);
	p.proto = IPPROTO_UDP;
	p.ah = true;		/* UDP under AH: the ah rule sees it, before the udp rule? no: udp is rule 3 */
	expect(&h, HOOK_XDP_IN, &p, PASS, 3);
	p.proto = 99;		/* protocol 99 under AH: only the ah rule matches */
	expect(&h, HOOK_XDP_IN, &p, DROP, 6);
	p.ah = false;
	p.proto = 132;
	expect(&h, HOOK_XDP_IN, &p, PASS, 7);
	p.proto = 133;
	expect(&h, HOOK_XDP_IN, &p, DROP, 0);
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_ICMPV6, 128, 0);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.proto = IPPROTO_TCP;
	p.ah = true;
	expect(&h, HOOK_XDP_IN, &p, DROP, 2);
	harness_unload(&h);
}

static void test_port_operators(void **state)
{
	static const struct { const char *op; int lo, mid, hi; } ops[] = {
		{ "eq", 0, 1, 0 }, { "neq", 1, 0, 1 }, { "lt", 1, 0, 0 }, { "le", 1, 1, 0 },
		{ "gt", 0, 0, 1 }, { "ge", 0, 1, 1 }, { "any", 1, 1, 1 },
	};
	char rules[128];
	struct harness h = { 0 };
	struct test_packet p;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (k = 0; k < 2; k++) {	/* destination, then source port */
			snprintf(rules, sizeof(rules), "permit proto=udp %s=%s:1000\ndefault deny\n",
				 k ? "sport" : "dport", ops[i].op);
			load(&h, rules, NULL);
			p = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 5, 5);
			*(k ? &p.sport : &p.dport) = 999;
			expect(&h, HOOK_XDP_IN, &p, ops[i].lo ? PASS : DROP, ops[i].lo ? 1 : 0);
			*(k ? &p.sport : &p.dport) = 1000;
			expect(&h, HOOK_XDP_IN, &p, ops[i].mid ? PASS : DROP, ops[i].mid ? 1 : 0);
			*(k ? &p.sport : &p.dport) = 1001;
			expect(&h, HOOK_XDP_IN, &p, ops[i].hi ? PASS : DROP, ops[i].hi ? 1 : 0);
			harness_unload(&h);
		}
	}
	/* Edges of the port range. */
	load(&h, "permit proto=tcp dport=gt:65534\npermit proto=tcp dport=lt:1\ndefault deny\n", NULL);
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 5, 65535);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.dport = 0;
	expect(&h, HOOK_XDP_IN, &p, PASS, 2);
	p.dport = 1;
	expect(&h, HOOK_XDP_IN, &p, DROP, 0);
	harness_unload(&h);
}

static void test_icmp_type_code(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;

	(void)state;
	load(&h, "permit proto=icmp sport=eq:8 dport=eq:0\ndeny proto=icmp sport=eq:13\ndefault permit\n",
	     "deny proto=icmpv6 sport=eq:128 dport=gt:0\ndefault permit\n");
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_ICMP, 8, 0);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.sport = 13;
	expect(&h, HOOK_XDP_IN, &p, DROP, 2);
	p.sport = 8;
	p.dport = 1;
	expect(&h, HOOK_XDP_IN, &p, PASS, 0);
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_ICMPV6, 128, 1);
	expect(&h, HOOK_XDP_IN, &p, DROP, 1);
	p.dport = 0;
	expect(&h, HOOK_XDP_IN, &p, PASS, 0);
	harness_unload(&h);
}

static void test_direction(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;

	(void)state;
	load(&h, "permit dir=inbound\ndeny dir=outbound proto=udp\ndefault permit\n", NULL);
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	expect(&h, HOOK_TC_IN, &p, PASS, 1);
	expect(&h, HOOK_TC_OUT, &p, DROP, 2);
	p.proto = IPPROTO_TCP;
	expect(&h, HOOK_TC_OUT, &p, PASS, 0);
	harness_unload(&h);
}

static void test_scope(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;

	(void)state;
	load(&h, "deny scope=route proto=udp\npermit scope=local proto=udp\ndefault deny\n",
	     "deny scope=route\npermit scope=local\ndefault permit\n");
	/* Inbound: local when addressed to this host (192.0.2.1 is on dummy0). */
	p = v4("198.51.100.5", "192.0.2.1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 2);
	p = v4("198.51.100.5", "203.0.113.9", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, DROP, 1);
	expect(&h, HOOK_TC_IN, &p, DROP, 1);
	/* Outbound: local when sent by this host. */
	p = v4("192.0.2.1", "203.0.113.9", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_TC_OUT, &p, PASS, 2);
	p = v4("198.51.100.5", "203.0.113.9", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_TC_OUT, &p, DROP, 1);
	p = v6("2001:db8:5::5", "2001:db8::1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 2);
	p = v6("2001:db8:5::5", "2001:db8:9::9", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, DROP, 1);
	harness_unload(&h);
}

static void test_interface(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;

	(void)state;
	load(&h, "deny iface=" HARNESS_IFACE_IN "\npermit iface=" HARNESS_IFACE_OUT
		 "\npermit iface=nosuchif0\ndefault deny\n", NULL);
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, DROP, 1);
	expect(&h, HOOK_TC_IN, &p, DROP, 1);
	expect(&h, HOOK_TC_OUT, &p, PASS, 2);
	harness_unload(&h);
}

static void test_fragments(void **state)
{
	static const struct { enum ebfilt_frag_state frag; unsigned long v4_rule; } cases[] = {
		{ EBFILT_FRAG_NONE, 1 }, { EBFILT_FRAG_FIRST, 2 }, { EBFILT_FRAG_LATER, 3 },
	};
	struct harness h = { 0 };
	struct test_packet p;
	size_t i;
	int version;

	(void)state;
	/* Rule 1 takes unfragmented UDP to port 53; rule 2 fragment headers; 3 any fragment. */
	load(&h, "permit proto=udp dport=eq:53 frag=no\npermit frag=headers\npermit frag=only\n"
		 "default deny\n",
	     "permit proto=udp dport=eq:53 frag=no\npermit frag=headers\npermit frag=only\n"
	     "default deny\n");
	for (version = 4; version <= 6; version += 2) {
		for (i = 0; i < 3; i++) {
			p = version == 4 ? v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 5, 53)
					 : v6("2001:db8::9", "2001:db8::1", IPPROTO_UDP, 5, 53);
			p.frag = cases[i].frag;
			expect(&h, HOOK_XDP_IN, &p, PASS, cases[i].v4_rule);
		}
	}
	harness_unload(&h);
	/* A later fragment has no ports: a port rule cannot match it. */
	load(&h, "deny proto=udp dport=eq:53\npermit proto=udp\ndefault deny\n", NULL);
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 5, 53);
	p.frag = EBFILT_FRAG_LATER;
	expect(&h, HOOK_XDP_IN, &p, PASS, 2);
	harness_unload(&h);
}

static void test_source_route(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;

	(void)state;
	load(&h, "permit srcroute=no proto=udp\ndeny srcroute=no proto=tcp\ndefault permit\n",
	     "permit srcroute=no\ndefault deny\n");
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.srcroute = true;	/* -g N keeps the permit rule away from it */
	expect(&h, HOOK_XDP_IN, &p, PASS, 0);
	p.proto = IPPROTO_TCP;	/* -g only limits permit rules */
	expect(&h, HOOK_XDP_IN, &p, DROP, 2);
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_UDP, 1, 2);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.srcroute = true;
	expect(&h, HOOK_XDP_IN, &p, DROP, 0);
	harness_unload(&h);
}

static void test_vlan_and_extension_headers(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;
	int tags;

	(void)state;
	load(&h, "permit proto=tcp dport=eq:22\ndefault deny\n",
	     "permit proto=tcp dport=eq:22\ndefault deny\n");
	for (tags = 0; tags <= 2; tags++) {
		p = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 5, 22);
		p.vlans = (uint8_t)tags;
		expect(&h, HOOK_XDP_IN, &p, PASS, 1);
		expect(&h, HOOK_TC_OUT, &p, PASS, 1);
	}
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_TCP, 5, 22);
	p.ipv6_ext = 3;
	p.vlans = 1;
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.ah = true;
	p.srcroute = true;
	p.frag = EBFILT_FRAG_FIRST;	/* 3 options + routing + fragment + AH = 6 */
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	harness_unload(&h);
}

/* Packets of a table's rules 0..n counted so far, all together. */
static uint64_t all_rules(struct harness *h, uint8_t version)
{
	uint64_t sum = 0;
	unsigned long id;

	for (id = 0; id <= h->tables[version == 6].count; id++)
		sum += harness_rule_packets(h, version, id);
	return sum;
}

/*
 * Run a frame the filter cannot fully see: dropped before the table, so no
 * rule counts it, and counted as short (or as a bad fragment).
 */
static void expect_unseen_at(struct harness *h, enum harness_hook hook, uint8_t version,
			     const uint8_t *frame, size_t len, bool bad_frag, int line)
{
	struct ebfilt_pkt_exceptions before = harness_exceptions(h), after;
	uint64_t rules = all_rules(h, version);
	int got = harness_run(h, hook, frame, len);

	after = harness_exceptions(h);
	if (got != DROP)
		fail_msg("line %d: verdict %d, expected a drop", line, got);
	if (all_rules(h, version) != rules)
		fail_msg("line %d: a rule counted a packet dropped before the table", line);
	if (after.short_pkts - before.short_pkts != !bad_frag ||
	    after.bad_frags - before.bad_frags != bad_frag)
		fail_msg("line %d: not counted as %s", line, bad_frag ? "a bad fragment" : "short");
}
#define expect_unseen(h, hook, frame, len, bad_frag) \
	expect_unseen_at(h, hook, (frame)[12] == 0x86 ? 6 : 4, frame, len, bad_frag, __LINE__)

static size_t build(const struct test_packet *p, uint8_t frame[256])
{
	size_t len = packet_build(p, frame, 256);

	assert_true(len > 0);
	return len;
}

static void test_unseen_packets(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;
	uint8_t frame[256];
	size_t len;

	(void)state;
	load(&h, "permit proto=tcp dport=eq:22\npermit proto=tcp\ndeny src=192.0.2.9/255.255.255.255\n"
		 "permit\ndefault deny\n",
	     "permit proto=tcp dport=eq:22\npermit proto=tcp\npermit\ndefault deny\n");
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 5, 22);
	expect(&h, HOOK_XDP_IN, &p, PASS, 1);
	p.cut = 10;		/* TCP header cut: its flags cannot be read */
	len = build(&p, frame);
	expect_unseen(&h, HOOK_XDP_IN, frame, len, false);
	expect_unseen(&h, HOOK_TC_OUT, frame, len, false);
	p.cut = 20 + 12;	/* no transport header, IPv4 header cut to 8 bytes */
	len = build(&p, frame);
	expect_unseen(&h, HOOK_XDP_IN, frame, len, false);
	p.cut = 0;
	p.srcroute = true;	/* options cut */
	build(&p, frame);
	expect_unseen(&h, HOOK_XDP_IN, frame, 14 + 24, false);
	/* Malformed: IHL below 5, so nothing in the header can be trusted. */
	p.srcroute = false;
	len = build(&p, frame);
	frame[14] = 0x44;
	expect_unseen(&h, HOOK_XDP_IN, frame, len, false);
	/* IPv6 with more extension headers than the walk allows, or cut inside one. */
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_TCP, 5, 22);
	p.ipv6_ext = 9;
	len = build(&p, frame);
	expect_unseen(&h, HOOK_XDP_IN, frame, len, false);
	p.ipv6_ext = 1;
	p.cut = 20 + 4;
	len = build(&p, frame);
	expect_unseen(&h, HOOK_TC_IN, frame, len, false);
	/* ICMP needs its 8 bytes; UDP its 8. */
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_ICMP, 8, 0);
	p.cut = 4;
	len = build(&p, frame);
	expect_unseen(&h, HOOK_XDP_IN, frame, len, false);
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_UDP, 5, 53);
	p.cut = 8 + 1;
	len = build(&p, frame);
	expect_unseen(&h, HOOK_XDP_IN, frame, len, false);
	harness_unload(&h);
}

/*
 * Evasion: a table that denies TCP port 23 and permits the rest never
 * passes a port-23 packet in a shape the parser cannot fully see.
 */
static void test_evasion(void **state)
{
	static const char table[] = "deny proto=tcp dport=eq:23\npermit\ndefault permit\n";
	static const enum harness_hook hooks[] = { HOOK_XDP_IN, HOOK_TC_IN, HOOK_TC_OUT };
	struct harness h = { 0 };
	struct test_packet p;
	uint8_t frame[256];
	size_t len, k;
	int v;

	(void)state;
	load(&h, table, table);
	for (v = 0; v < 2; v++)
	for (k = 0; k < 3; k++) {
		p = v ? v6("2001:db8::9", "2001:db8::1", IPPROTO_TCP, 4000, 23)
		      : v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 4000, 23);
		expect(&h, hooks[k], &p, DROP, 1);
		p.dport = 24;
		expect(&h, hooks[k], &p, PASS, 2);
		p.dport = 23;
		/* RFC 1858's tiny first fragment: the TCP header cut at 8 bytes. */
		p.frag = EBFILT_FRAG_FIRST;
		p.cut = 12;
		len = build(&p, frame);
		expect_unseen(&h, hooks[k], frame, len, false);
		/* The same cut without fragmentation. */
		p.frag = EBFILT_FRAG_NONE;
		len = build(&p, frame);
		expect_unseen(&h, hooks[k], frame, len, false);
		/* RFC 3128: a later fragment at offset 8 or 16 rewrites the ports and flags. */
		p.cut = 0;
		p.frag = EBFILT_FRAG_LATER;
		p.frag_offset = 1;
		len = build(&p, frame);
		expect_unseen(&h, hooks[k], frame, len, true);
		p.frag_offset = 2;
		len = build(&p, frame);
		expect_unseen(&h, hooks[k], frame, len, true);
		/*
		 * From 24 bytes on, an IPv4 later fragment cannot reach the TCP header:
		 * the table judges it. An IPv6 one must start at 64 bytes whatever its
		 * Next Header says, which need not be the first fragment's: one naming
		 * ESP at offset 8 would rewrite a TCP header all the same.
		 */
		p.frag_offset = 3;
		if (v) {
			len = build(&p, frame);
			expect_unseen(&h, hooks[k], frame, len, true);
			p.proto = 50;
			p.frag_offset = 1;
			len = build(&p, frame);
			expect_unseen(&h, hooks[k], frame, len, true);
			p.proto = IPPROTO_TCP;
			p.frag_offset = 8;
		}
		expect(&h, hooks[k], &p, PASS, 2);
		/* IPv4 behind AH: a later fragment must start at 64 bytes. */
		if (!v) {
			p.ah = true;
			p.frag_offset = 4;
			len = build(&p, frame);
			expect_unseen(&h, hooks[k], frame, len, true);
			p.frag_offset = 8;
			expect(&h, hooks[k], &p, PASS, 2);
			p.ah = false;
		}
		/* AH before TCP, cut inside the AH header. */
		p.frag = EBFILT_FRAG_NONE;
		p.ah = true;
		p.cut = 20 + 6;
		len = build(&p, frame);
		expect_unseen(&h, hooks[k], frame, len, false);
		/* A third VLAN tag hides even the IP version. */
		p.ah = false;
		p.cut = 0;
		p.vlans = 3;
		len = build(&p, frame);
		expect_unseen(&h, hooks[k], frame, len, false);
		/* A chain of ten extension headers. */
		if (v) {
			p.vlans = 0;
			p.ipv6_ext = 10;
			len = build(&p, frame);
			expect_unseen(&h, hooks[k], frame, len, false);
		}
	}
	harness_unload(&h);
}

/*
 * Bytes past the IP packet's own length (Ethernet's padding) are not a
 * header: a TCP header cut at 8 bytes by the IP length, in a frame whose
 * padding holds the rest of it with ACK set, is short, not "tcp/ack".
 */
static void test_padding(void **state)
{
	static const char table[] = "permit proto=tcp/ack\ndeny proto=tcp\ndefault permit\n";
	static const enum harness_hook hooks[] = { HOOK_XDP_IN, HOOK_TC_IN, HOOK_TC_OUT };
	struct harness h = { 0 };
	struct test_packet p;
	uint8_t frame[256];
	size_t len, k;
	int v;

	(void)state;
	load(&h, table, table);
	for (v = 0; v < 2; v++)
	for (k = 0; k < 3; k++) {
		p = v ? v6("2001:db8::9", "2001:db8::1", IPPROTO_TCP, 4000, 80)
		      : v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 4000, 80);
		p.tcp_ack = true;
		expect(&h, hooks[k], &p, PASS, 1);
		len = build(&p, frame);
		if (v)
			frame[14 + 5] = 8;	/* payload length: 8 bytes of TCP */
		else
			frame[14 + 3] = 20 + 8;	/* total length: the same */
		expect_unseen(&h, hooks[k], frame, len, false);
	}
	harness_unload(&h);
}

static void test_inactive_and_not_ip(void **state)
{
	struct harness h = { 0 };
	struct test_packet p;
	uint8_t arp[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06 };

	(void)state;
	load(&h, "default deny\n", NULL);
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 5, 22);
	expect(&h, HOOK_XDP_IN, &p, DROP, 0);
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_TCP, 5, 22);
	assert_int_equal(harness_run_packet(&h, HOOK_XDP_IN, &p), PASS);
	assert_int_equal(harness_exceptions(&h).inactive, 1);
	assert_int_equal(harness_run(&h, HOOK_XDP_IN, arp, sizeof(arp)), PASS);
	assert_int_equal(harness_run(&h, HOOK_TC_OUT, arp, sizeof(arp)), PASS);
	assert_int_equal(harness_exceptions(&h).not_ip, 2);
	harness_unload(&h);
}

/* Badly nested IF scopes are refused with ckfilt's reason, nothing loaded. */
static void test_bad_nesting(void **state)
{
	struct harness h = { 0 };

	(void)state;
	diag_set_level(DIAG_SILENT);
	assert_int_equal(harness_load(&h, "if\ndefault deny\n", NULL), -EINVAL);
	rule_table_free(&h.tables[0]);
	assert_int_equal(harness_load(&h, "else\ndefault deny\n", NULL), -EINVAL);
	rule_table_free(&h.tables[0]);
	diag_set_level(DIAG_WARN);
}

/*
 * Tunnel-bound rules: with tunnel 7 bound to the inbound interface, -t 7
 * rules see only its traffic and -t 0 rules only the rest; an ID bound to
 * nothing matches nothing.
 */
static void test_tunnels(void **state)
{
	static const struct tunnel_map tunnels = {
		.tunnels = { { .id = 7, .name = HARNESS_IFACE_IN } }, .count = 1 };
	struct test_packet in = v4("203.0.113.2", "203.0.113.1", IPPROTO_ICMP, 8, 0);
	struct test_packet out = v4("203.0.113.1", "203.0.113.2", IPPROTO_ICMP, 8, 0);
	struct harness h = { .tunnels = &tunnels };

	(void)state;
	load(&h, "permit proto=icmp tunnel=7\ndeny proto=icmp\npermit tunnel=9\n"
		 "default permit\n", NULL);
	expect(&h, HOOK_XDP_IN, &in, PASS, 1);		/* through the tunnel */
	expect(&h, HOOK_TC_IN, &in, PASS, 1);
	expect(&h, HOOK_TC_OUT, &out, DROP, 2);		/* the plain path */
	in.proto = IPPROTO_UDP;
	expect(&h, HOOK_XDP_IN, &in, PASS, 0);		/* -t 0 rules miss tunnel traffic */
	harness_unload(&h);
	h.tunnels = NULL;				/* no binding: no tunnel at all */
	load(&h, "permit proto=icmp tunnel=7\ndeny proto=icmp\ndefault permit\n", NULL);
	in.proto = IPPROTO_ICMP;
	expect(&h, HOOK_XDP_IN, &in, DROP, 2);
	harness_unload(&h);
}

/*
 * ckfilt's example: an ftp control connection (port 21) switches which of
 * time (37) and daytime (13) is denied, for that pair of hosts, both ways,
 * until the condition has been idle for the IF rule's -e seconds.
 */
static void test_if_scopes(void **state)
{
	static const char table[] =
		"if proto=tcp dport=eq:21 expire=1\n"	/* 1 */
		"deny proto=udp dport=eq:37\n"		/* 2: if scope */
		"else\n"					/* 3 */
		"deny proto=udp dport=eq:13\n"		/* 4: else scope */
		"endif\n"					/* 5 */
		"permit\n"					/* 6 */
		"default deny\n";
	struct harness h = { 0 };
	struct test_packet ftp, t37, t13, back, other;

	(void)state;
	load(&h, table, NULL);
	ftp = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 4000, 21);
	t37 = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 4000, 37);
	t13 = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 4000, 13);
	back = v4("192.0.2.1", "192.0.2.9", IPPROTO_UDP, 4000, 37);
	other = v4("192.0.2.8", "192.0.2.1", IPPROTO_UDP, 4000, 37);
	/* No port-21 traffic yet: the ELSE scope applies. */
	expect(&h, HOOK_XDP_IN, &t37, PASS, 6);
	expect(&h, HOOK_XDP_IN, &t13, DROP, 4);
	/* The IF rule neither permits nor denies: rule 6 takes the ftp packet. */
	expect(&h, HOOK_XDP_IN, &ftp, PASS, 6);
	/* Now the IF scope, for this pair, in both directions. */
	expect(&h, HOOK_XDP_IN, &t37, DROP, 2);
	expect(&h, HOOK_TC_OUT, &back, DROP, 2);
	expect(&h, HOOK_XDP_IN, &t13, PASS, 6);
	/* Another pair of hosts is still in the ELSE scope. */
	expect(&h, HOOK_XDP_IN, &other, PASS, 6);
	/* Idle for longer than the IF rule's -e: the ELSE scope again. */
	usleep(1200 * 1000);
	expect(&h, HOOK_XDP_IN, &t37, PASS, 6);
	expect(&h, HOOK_XDP_IN, &t13, DROP, 4);
	harness_unload(&h);
}

/* An inner IF is met only within its enclosing scope. */
static void test_nested_if(void **state)
{
	static const char table[] =
		"if proto=tcp dport=eq:21\n"		/* 1 */
		"if proto=tcp dport=eq:22\n"		/* 2: only met once 1 holds */
		"deny proto=udp dport=eq:7\n"		/* 3: needs 1 and 2 */
		"endif\n"					/* 4 */
		"endif\n"					/* 5 */
		"permit\n"					/* 6 */
		"default deny\n";
	struct harness h = { 0 };
	struct test_packet p21, p22, echo;

	(void)state;
	load(&h, table, NULL);
	p21 = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 4000, 21);
	p22 = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 4000, 22);
	echo = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 4000, 7);
	expect(&h, HOOK_XDP_IN, &p22, PASS, 6);	/* outside scope 1: the inner IF is not met */
	expect(&h, HOOK_XDP_IN, &p21, PASS, 6);
	expect(&h, HOOK_XDP_IN, &echo, PASS, 6);	/* 1 holds, 2 does not */
	expect(&h, HOOK_XDP_IN, &p22, PASS, 6);	/* now 2 is met */
	expect(&h, HOOK_XDP_IN, &echo, DROP, 3);
	harness_unload(&h);
}

/* A rule with -e applies for that many seconds after the activation. */
static void test_expiration(void **state)
{
	struct harness h = { 0 };
	struct test_packet p = v4("192.0.2.9", "192.0.2.1", IPPROTO_ICMP, 8, 0);

	(void)state;
	load(&h, "deny proto=icmp expire=1\npermit\ndefault deny\n",
	     "deny proto=icmpv6 expire=1\npermit\ndefault deny\n");
	expect(&h, HOOK_XDP_IN, &p, DROP, 1);
	p = v6("2001:db8::9", "2001:db8::1", IPPROTO_ICMPV6, 128, 0);
	expect(&h, HOOK_XDP_IN, &p, DROP, 1);
	usleep(1100 * 1000);
	expect(&h, HOOK_XDP_IN, &p, PASS, 2);
	p = v4("192.0.2.9", "192.0.2.1", IPPROTO_ICMP, 8, 0);
	expect(&h, HOOK_XDP_IN, &p, PASS, 2);
	harness_unload(&h);
}

/*
 * A shun rule denies what it matches and shuns the remote host (or host
 * and port) for -e seconds: everything to and from it is denied before the
 * table, counted against the shun rule.
 */
static void test_shun(void **state)
{
	struct harness h = { 0 };
	struct test_packet telnet = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 4000, 23);
	struct test_packet ping = v4("192.0.2.9", "192.0.2.1", IPPROTO_ICMP, 8, 0);
	struct test_packet reply = v4("192.0.2.1", "192.0.2.9", IPPROTO_ICMP, 0, 0);
	struct test_packet other = v4("192.0.2.8", "192.0.2.1", IPPROTO_ICMP, 8, 0);

	(void)state;
	load(&h, "shun_host proto=tcp dport=eq:23 expire=1\npermit\ndefault deny\n", NULL);
	expect(&h, HOOK_XDP_IN, &ping, PASS, 2);
	expect(&h, HOOK_XDP_IN, &telnet, DROP, 1);
	expect(&h, HOOK_XDP_IN, &ping, DROP, 1);	/* shunned: rule 1 counts it */
	expect(&h, HOOK_TC_OUT, &reply, DROP, 1);	/* to it too */
	expect(&h, HOOK_XDP_IN, &other, PASS, 2);
	usleep(1100 * 1000);
	expect(&h, HOOK_XDP_IN, &ping, PASS, 2);
	harness_unload(&h);

	/* SHUN_PORT: the remote host and the remote port only. */
	load(&h, "shun_port proto=tcp dport=eq:23\npermit\ndefault deny\n", NULL);
	expect(&h, HOOK_XDP_IN, &telnet, DROP, 1);
	telnet.dport = 80;
	expect(&h, HOOK_XDP_IN, &telnet, DROP, 1);	/* from port 4000 of .9: shunned */
	telnet.sport = 4001;
	expect(&h, HOOK_XDP_IN, &telnet, PASS, 2);
	expect(&h, HOOK_XDP_IN, &ping, PASS, 2);	/* no port: not that shun */
	harness_unload(&h);
}

/* len bytes of '.', with what (if any) at byte at. */
static void set_payload(struct test_packet *p, size_t len, size_t at, const char *what)
{
	memset(p->payload, '.', len);
	if (what)
		memcpy(p->payload + at, what, strlen(what));
	p->payload_len = (uint16_t)len;
}

/*
 * Patterns: found at the start, the end, up to the scan bound and not
 * across it, at XDP and tc inbound, never outbound; hex patterns; 1,000
 * patterns from a file, as fast to match as one.
 */
static void test_patterns(void **state)
{
	struct test_packet udp = v4("192.0.2.9", "192.0.2.1", IPPROTO_UDP, 4000, 53);
	struct test_packet tcp = v4("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 4000, 80);
	char path[] = "/tmp/ebfilt-patterns.XXXXXX", table[128], sig[16];
	struct harness h = { 0 };
	const size_t bound = EBFILT_PATTERN_SCAN;
	FILE *f;
	int fd, i;

	(void)state;
	load(&h, "deny proto=udp pattern=EVIL\ndeny proto=tcp pattern=0x00ff00\npermit\n"
		 "default deny\n", NULL);
	set_payload(&udp, 100, 0, "EVIL");
	expect(&h, HOOK_XDP_IN, &udp, DROP, 1);
	expect(&h, HOOK_TC_IN, &udp, DROP, 1);
	expect(&h, HOOK_TC_OUT, &udp, PASS, 3);		/* outbound: not looked for */
	set_payload(&udp, 100, 96, "EVIL");
	expect(&h, HOOK_XDP_IN, &udp, DROP, 1);		/* at the very end */
	set_payload(&udp, 100, 0, "EVI");
	expect(&h, HOOK_XDP_IN, &udp, PASS, 3);
	set_payload(&udp, 100, 0, NULL);
	expect(&h, HOOK_XDP_IN, &udp, PASS, 3);
	set_payload(&udp, bound + 100, bound - 4, "EVIL");
	expect(&h, HOOK_XDP_IN, &udp, DROP, 1);		/* ends on the last byte scanned */
	expect(&h, HOOK_TC_IN, &udp, DROP, 1);
	set_payload(&udp, bound + 100, bound - 3, "EVIL");
	expect(&h, HOOK_XDP_IN, &udp, PASS, 3);		/* across the bound: not seen */
	set_payload(&udp, bound + 100, bound + 10, "EVIL");
	expect(&h, HOOK_TC_IN, &udp, PASS, 3);		/* beyond it */
	memcpy(tcp.payload, "ab\x00\xff\x00", 5);
	tcp.payload_len = 5;
	expect(&h, HOOK_XDP_IN, &tcp, DROP, 2);
	tcp.payload[4] = 1;
	expect(&h, HOOK_XDP_IN, &tcp, PASS, 3);
	harness_unload(&h);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	for (i = 0; i < 1000; i++) {	/* every other one in hex */
		if (i % 2)
			fprintf(f, "sig%04d\n", i);
		else
			fprintf(f, "0x736967%02x%02x%02x%02x\n", '0' + i / 1000, '0' + i / 100 % 10,
				'0' + i / 10 % 10, '0' + i % 10);
	}
	fclose(f);
	snprintf(table, sizeof(table), "deny patternfile=%s\npermit\ndefault deny\n", path);
	load(&h, table, NULL);
	for (i = 0; i < 1000; i += 37) {
		snprintf(sig, sizeof(sig), "sig%04d", i);
		set_payload(&udp, 200, (size_t)i % 190, sig);
		expect(&h, HOOK_XDP_IN, &udp, DROP, 1);
	}
	set_payload(&udp, 200, 50, "sig1000");
	expect(&h, HOOK_XDP_IN, &udp, PASS, 2);
	set_payload(&udp, 200, 50, "sig099");
	expect(&h, HOOK_XDP_IN, &udp, PASS, 2);
	harness_unload(&h);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_port_operators),
		cmocka_unit_test(test_icmp_type_code),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_interface),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_source_route),
		cmocka_unit_test(test_vlan_and_extension_headers),
		cmocka_unit_test(test_unseen_packets),
		cmocka_unit_test(test_evasion),
		cmocka_unit_test(test_padding),
		cmocka_unit_test(test_inactive_and_not_ip),
		cmocka_unit_test(test_bad_nesting),
		cmocka_unit_test(test_tunnels),
		cmocka_unit_test(test_if_scopes),
		cmocka_unit_test(test_nested_if),
		cmocka_unit_test(test_expiration),
		cmocka_unit_test(test_shun),
		cmocka_unit_test(test_patterns),
	};

	if (harness_start("test_datapath"))
		return 1;
	return cmocka_run_group_tests_name("datapath", tests, NULL, NULL);
}
