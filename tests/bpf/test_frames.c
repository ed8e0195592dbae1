// SPDX-License-Identifier: GPL-2.0
/*
 * Packet fuzzing: random tables, and frames that are built well and then
 * damaged (bytes flipped, spans overwritten, the tail cut) or made of
 * noise behind an IP ethertype, through every hook of the real programs
 * with BPF_PROG_TEST_RUN, and through the raw-IP program on a tun device
 * (the frame without its Ethernet header; its EtherType is the protocol
 * the device gives the packet). For each, the kernel must do what the byte-level
 * oracle (tests/lib/oracle_frame.c) says: pass what is not IP, drop and
 * count what it cannot fully see, and judge the rest by the rule the
 * first-match oracle picks, counting it there. EBFILT_TEST_SEED repeats a
 * run; EBFILT_TEST_FRAMES scales it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "oracle.h"
#include "oracle_frame.h"
#include "random_rules.h"
#include "util/diag.h"

static const char *const ifaces[] = { "all", "all", "all", HARNESS_IFACE_IN, HARNESS_IFACE_OUT,
				      HARNESS_IFACE_RAW };

static unsigned long kinds[3], refused, raw_runs;

/*
 * Byte values with a meaning somewhere in the headers: none and all, IPv4
 * option types (end, no-op, LSRR, SSRR), next headers (hop-by-hop,
 * routing, fragment, AH, destination options, TCP, UDP, ICMP, ICMPv6, ESP),
 * VLAN ethertype halves, the version nibbles, IHL 5 and 15, MF.
 */
static const uint8_t interesting[] = { 0, 0xff, 1, 131, 137, 43, 44, 51, 60, 6, 17, 58, 50,
				       0x81, 0x88, 0xa8, 0x86, 0xdd, 0x45, 0x4f, 0x60, 0x20, 2, 3 };

/* A frame from a random packet, then damaged one way or another. */
static size_t random_frame(const struct rule_table *t, uint8_t *buf, size_t size)
{
	struct test_packet p;
	size_t len, i, n, at;

	random_packet(&p, random_chance(50) ? 6 : 4, t);
	p.srcroute |= random_chance(20);	/* options and routing headers to damage */
	len = packet_build(&p, buf, size);
	if (len < 14)
		return 0;
	switch (random_below(5)) {
	case 0:		/* as built */
		break;
	case 1:		/* a few bytes flipped past the MAC addresses */
		for (n = 1 + random_below(4), i = 0; i < n; i++)
			buf[12 + random_below((uint32_t)(len - 12))] ^=
				(uint8_t)(1 + random_below(255));
		break;
	case 2:		/* a span of noise */
		at = 12 + random_below((uint32_t)(len - 12));
		for (n = 1 + random_below(16), i = 0; i < n && at + i < len; i++)
			buf[at + i] = (uint8_t)random_below(256);
		break;
	case 3:		/* noise from the ethertype on, which stays IP */
		len = 14 + random_below(120);
		for (i = 14; i < len; i++)
			buf[i] = (uint8_t)random_below(256);
		buf[14] = (uint8_t)((buf[12] == 0x08 ? 0x40 : 0x60) | (buf[14] & 15));
		break;
	case 4:		/* header bytes set to values parsers single out */
		for (n = 1 + random_below(2), i = 0; i < n; i++) {
			at = 12 + random_below((uint32_t)(len - 12 < 80 ? len - 12 : 80));
			buf[at] = interesting[random_below(sizeof(interesting))];
		}
		break;
	}
	if (random_chance(25))
		len = 14 + random_below((uint32_t)(len - 14 + 1));
	return len;
}

static bool is_vlan(const uint8_t *type)
{
	return (type[0] == 0x81 && type[1] == 0x00) || (type[0] == 0x88 && type[1] == 0xa8);
}

/*
 * What the oracle's reading of the Ethernet frame becomes on a raw-IP
 * link, where the EtherType is the packet's protocol: other than IP, VLAN
 * or not, is not IP; and the kernel itself takes one VLAN tag off before
 * tc (the kernel wants two bytes past the tag to take it off; shorter,
 * the frame goes nowhere and this returns false), so what
 * follows one tag is read as on Ethernet, and a second tag is unseen.
 */
static bool raw_kind(const uint8_t *frame, size_t len, enum frame_kind *kind)
{
	bool ip = (frame[12] == 0x08 && frame[13] == 0x00) ||
		  (frame[12] == 0x86 && frame[13] == 0xdd);

	if (ip)
		return true;
	if (!is_vlan(frame + 12)) {
		*kind = FRAME_NOT_IP;
		return true;
	}
	if (len < 14 + 4 + 2)
		return false;
	if (is_vlan(frame + 16))
		*kind = FRAME_UNSEEN;
	return true;
}

static uint64_t dropped(struct harness *h)
{
	struct ebfilt_pkt_exceptions exc = harness_exceptions(h);

	return exc.short_pkts + exc.bad_frags;
}

static void report(const uint8_t *frame, size_t len, enum frame_kind kind, unsigned long id,
		   int want, int hook, int verdict)
{
	size_t i;

	fprintf(stderr, "# mismatch: hook %d, oracle %s rule %lu verdict %d, kernel %d; frame:\n# ",
		hook, kind == FRAME_NOT_IP ? "not IP" : kind == FRAME_UNSEEN ? "unseen" : "IP", id,
		want, verdict);
	for (i = 0; i < len; i++)
		fprintf(stderr, "%02x", frame[i]);
	fprintf(stderr, "\n");
}

/* One table per version, frames through every hook; the mismatches. */
static int run_table(size_t n, int frames)
{
	struct harness h = { .linear = false, .raw_ip = true };
	struct rule_table tables[2];
	struct filter_rule rule;
	uint8_t frame[512];
	int v, i, bad = 0;

	for (v = 0; v < 2; v++) {
		rule_table_init(&tables[v], v ? 6 : 4);
		tables[v].default_rule.action = random_chance(50) ? EBFILT_PERMIT : EBFILT_DENY;
		while (tables[v].count < n) {
			random_rule(&rule, v ? 6 : 4, ifaces, sizeof(ifaces) / sizeof(ifaces[0]));
			/* Local or routed comes from the kernel's FIB, which no damaged
			 * address should have to agree with: scope is test_differential's. */
			rule.scope = EBFILT_SCOPE_BOTH;
			assert_int_equal(rule_table_insert(&tables[v], tables[v].count + 1, &rule), 0);
		}
	}
	assert_int_equal(harness_load_tables(&h, &tables[0], &tables[1]), 0);
	for (i = 0; i < frames; i++) {
		enum harness_hook hook = (enum harness_hook)random_below(4);
		struct test_path path = { .inbound = hook != HOOK_TC_OUT };
		const struct rule_table *t;
		struct ebfilt_pkt_exceptions exc;
		struct test_packet p;
		enum frame_kind kind;
		unsigned long id = 0;
		uint64_t before;
		size_t len = random_frame(&tables[random_below(2)], frame, sizeof(frame));
		int verdict, want;
		bool ok;

		if (!len)
			continue;
		path.iface = hook == HOOK_RAW_IN ? HARNESS_IFACE_RAW
			     : path.inbound ? HARNESS_IFACE_IN : HARNESS_IFACE_OUT;
		kind = oracle_frame(frame, len, &p);
		if (hook == HOOK_RAW_IN && !raw_kind(frame, len, &kind))
			continue;
		kinds[kind]++;
		t = &tables[p.version == 6];
		if (kind == FRAME_IP) {
			id = oracle_match(t, &p, &path);
			want = (id ? t->rules[id - 1].action : t->default_rule.action) == EBFILT_PERMIT;
			before = harness_rule_packets(&h, p.version, id);
		} else {
			want = kind == FRAME_NOT_IP;
			exc = harness_exceptions(&h);
			before = kind == FRAME_NOT_IP ? exc.not_ip : dropped(&h);
		}
		verdict = harness_run(&h, hook, frame, len);
		/*
		 * The skb test run itself refuses some frames whose IP header is
		 * cut, and a tun device an empty packet.
		 */
		if (verdict == -EINVAL && hook != HOOK_XDP_IN && kind != FRAME_IP) {
			refused++;
			continue;
		}
		if (kind == FRAME_IP)
			ok = verdict == want && harness_rule_packets(&h, p.version, id) == before + 1;
		else if (kind == FRAME_NOT_IP)
			ok = verdict == 1 && harness_exceptions(&h).not_ip == before + 1;
		else
			ok = verdict == 0 && dropped(&h) == before + 1;
		raw_runs += hook == HOOK_RAW_IN;
		if (!ok && bad++ < 5)
			report(frame, len, kind, id, want, hook, verdict);
	}
	harness_unload(&h);
	rule_table_free(&tables[0]);
	rule_table_free(&tables[1]);
	return bad;
}

static void test_damaged_frames(void **state)
{
	const char *env = getenv("EBFILT_TEST_FRAMES");
	int tables = env ? atoi(env) : 60, t, bad = 0;

	(void)state;
	for (t = 0; t < tables; t++)
		bad += run_table(1 + random_below(t % 4 ? 12 : 200), 1000);
	printf("# frames: %lu not IP, %lu unseen, %lu judged, %lu of all through the tun device; "
	       "%lu refused by the skb test run or the tun device\n", kinds[FRAME_NOT_IP],
	       kinds[FRAME_UNSEEN], kinds[FRAME_IP], raw_runs, refused);
	assert_int_equal(bad, 0);
	/* Every outcome came up, or the generator has gone blind. */
	assert_true(kinds[FRAME_NOT_IP] > 0 && kinds[FRAME_UNSEEN] > 0 && kinds[FRAME_IP] > 0);
	assert_true(raw_runs > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_damaged_frames),
	};

	random_seed_env();
	if (harness_start("test_frames"))
		return 1;
	diag_set_level(DIAG_ERROR);
	return cmocka_run_group_tests_name("frames", tests, NULL, NULL);
}
