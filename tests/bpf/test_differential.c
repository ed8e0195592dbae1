// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: random rule tables (1 to 10,000 rules) and random
 * packets; the kernel classifier, through the real programs, must pick the
 * same rule and verdict as the plain first-match oracle for every packet.
 * EBFILT_TEST_SEED reproduces a run; EBFILT_TEST_TABLES scales it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "log.h"
#include "oracle.h"

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)	/* uniform-enough 0..n-1 (xorshift64*) */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32) % n;
}

static bool chance(uint32_t percent)
{
	return rnd(100) < percent;
}

static const uint16_t port_pool[] = { 0, 1, 22, 53, 80, 443, 1023, 1024, 8080, 65534, 65535 };

static uint16_t some_port(bool icmp)
{
	uint16_t v = chance(70) ? port_pool[rnd(sizeof(port_pool) / 2)] : (uint16_t)rnd(65536);

	return icmp ? v % 256 : v;
}

/* Addresses come from a few documentation networks so rules and packets meet. */
static void some_addr(uint8_t version, uint8_t addr[16])
{
	static const uint8_t v4_nets[3][3] = { { 192, 0, 2 }, { 198, 51, 100 }, { 203, 0, 113 } };

	memset(addr, 0, 16);
	if (version == 4) {
		memcpy(addr, v4_nets[rnd(3)], 3);
		addr[3] = chance(20) ? 1 : (uint8_t)rnd(256);
		return;
	}
	addr[0] = 0x20, addr[1] = 0x01, addr[2] = 0x0d, addr[3] = 0xb8;
	addr[5] = (uint8_t)rnd(4);
	addr[7] = (uint8_t)rnd(3);
	addr[15] = chance(20) ? 1 : (uint8_t)rnd(256);
	if (addr[5] == 0 && addr[7] == 0 && chance(50))
		addr[15] = 1;	/* the local address 2001:db8::1 */
}

static void some_prefix(uint8_t version, struct rule_addr *a)
{
	static const uint8_t v4_lens[] = { 0, 8, 16, 23, 24, 25, 28, 30, 31, 32 };
	static const uint8_t v6_lens[] = { 0, 16, 32, 40, 48, 56, 64, 100, 120, 128 };
	int bit;

	if (chance(30)) {
		memset(a, 0, sizeof(*a));
		return;
	}
	some_addr(version, a->bytes);
	a->prefix = version == 4 ? v4_lens[rnd(10)] : v6_lens[rnd(10)];
	for (bit = a->prefix; bit < 128; bit++)
		a->bytes[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
}

static void some_rule(struct filter_rule *r, uint8_t version)
{
	static const uint8_t protos[] = { 0, 0, 0, 6, 6, 17, 17, 1, 50, 51, 132 };
	static const char *ifaces[] = { "all", "all", "all", "all", HARNESS_IFACE_IN,
					HARNESS_IFACE_OUT, "other0" };

	rule_init(r, version);
	r->action = chance(50) ? ACTION_PERMIT : ACTION_DENY;
	some_prefix(version, &r->src);
	some_prefix(version, &r->dst);
	r->proto = protos[rnd(sizeof(protos))];
	if (r->proto == 1 && version == 6)
		r->proto = IPPROTO_ICMPV6;
	r->tcp_ack = r->proto == 6 && chance(30);
	if (r->proto == 0 || r->proto == 6 || r->proto == 17 || r->proto == 1 || r->proto == 58) {
		bool icmp = r->proto == 1 || r->proto == 58;

		if (chance(50))
			r->sport = (struct port_match){ (enum port_op)rnd(7), some_port(icmp) };
		if (chance(60))
			r->dport = (struct port_match){ (enum port_op)rnd(7), some_port(icmp) };
	}
	r->scope = chance(80) ? SCOPE_BOTH : (enum rule_scope)rnd(3);
	r->dir = chance(60) ? DIR_BOTH : (enum rule_dir)rnd(3);
	r->frag = chance(80) ? FRAG_ALL : (enum frag_ctl)rnd(4);
	r->src_route = chance(80);
	r->log = chance(20);
	strcpy(r->iface, ifaces[rnd(sizeof(ifaces) / sizeof(ifaces[0]))]);
}

static void some_packet(struct test_packet *p, uint8_t version, const struct rule_table *t)
{
	static const uint8_t protos[] = { 6, 6, 6, 17, 17, 1, 50, 132, 99 };

	memset(p, 0, sizeof(*p));
	p->version = version;
	some_addr(version, p->saddr);
	some_addr(version, p->daddr);
	if (t->count && chance(50)) {	/* aim at a rule's networks */
		const struct filter_rule *r = &t->rules[rnd((uint32_t)t->count)];
		int i;

		for (i = 0; i < r->src.prefix / 8; i++)
			p->saddr[i] = r->src.bytes[i];
		for (i = 0; i < r->dst.prefix / 8; i++)
			p->daddr[i] = r->dst.bytes[i];
	}
	p->proto = protos[rnd(sizeof(protos))];
	if (p->proto == 1 && version == 6)
		p->proto = IPPROTO_ICMPV6;
	p->sport = some_port(p->proto == 1 || p->proto == 58);
	p->dport = some_port(p->proto == 1 || p->proto == 58);
	p->tcp_ack = chance(50);
	p->frag = chance(80) ? EBFILT_FRAG_NONE : (enum ebfilt_frag_state)(1 + rnd(2));
	p->ah = p->frag != EBFILT_FRAG_LATER && chance(10);
	p->srcroute = chance(10);
	p->vlans = (uint8_t)rnd(3);
	p->ipv6_ext = (uint8_t)rnd(3);
}

static bool is_local(const struct test_packet *p, bool inbound)
{
	const uint8_t *a = inbound ? p->daddr : p->saddr;
	static const uint8_t v6_local[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

	return p->version == 4 ? !memcmp(a, "\xc0\x00\x02\x01", 4) : !memcmp(a, v6_local, 16);
}

/* One table of n rules per version and packets per table; returns mismatches. */
static int run_table(size_t n, int packets)
{
	struct rule_table tables[2];
	struct harness h = { 0 };
	struct filter_rule rule;
	int v, i, bad = 0;

	for (v = 0; v < 2; v++) {
		rule_table_init(&tables[v], v ? 6 : 4);
		tables[v].default_rule.action = chance(50) ? ACTION_PERMIT : ACTION_DENY;
		while (tables[v].count < n) {
			some_rule(&rule, v ? 6 : 4);
			assert_int_equal(rule_table_insert(&tables[v], tables[v].count + 1, &rule), 0);
		}
	}
	assert_int_equal(harness_load_tables(&h, &tables[0], &tables[1]), 0);
	for (i = 0; i < packets; i++) {
		enum harness_hook hook = (enum harness_hook)rnd(3);
		struct test_path path = { .inbound = hook != HOOK_TC_OUT };
		struct test_packet p;
		const struct rule_table *t;
		unsigned long id;
		uint64_t before;
		int verdict, want;

		v = (int)rnd(2);
		t = &tables[v];
		some_packet(&p, v ? 6 : 4, t);
		path.local = is_local(&p, path.inbound);
		path.iface = path.inbound ? HARNESS_IFACE_IN : HARNESS_IFACE_OUT;
		id = oracle_match(t, &p, &path);
		want = (id ? t->rules[id - 1].action : t->default_rule.action) == ACTION_PERMIT;
		before = harness_rule_packets(&h, p.version, id);
		verdict = harness_run_packet(&h, hook, &p);
		if (verdict != want || harness_rule_packets(&h, p.version, id) != before + 1) {
			if (bad++ < 5)
				fprintf(stderr, "# mismatch: %zu rules, IPv%u hook %d proto %u sport %u "
					"dport %u frag %d ah %d sr %d: oracle rule %lu verdict %d, kernel %d\n",
					n, p.version, hook, p.proto, p.sport, p.dport, p.frag, p.ah,
					p.srcroute, id, want, verdict);
		}
	}
	harness_unload(&h);
	rule_table_free(&tables[0]);
	rule_table_free(&tables[1]);
	return bad;
}

static void test_random_tables(void **state)
{
	const char *env = getenv("EBFILT_TEST_TABLES");
	int tables = env ? atoi(env) : 1000, t, bad = 0;

	(void)state;
	for (t = 0; t < tables; t++) {
		size_t n = t % 100 == 99 ? 200 + rnd(1800) : 1 + rnd(t % 3 ? 20 : 120);

		bad += run_table(n, 60);
	}
	assert_int_equal(bad, 0);
}

static void test_large_tables(void **state)
{
	(void)state;
	assert_int_equal(run_table(EBFILT_MAX_RULES, 3000), 0);
	assert_int_equal(run_table(10000, 3000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_tables),
		cmocka_unit_test(test_large_tables),
	};
	const char *seed = getenv("EBFILT_TEST_SEED");

	rng_state = seed ? strtoull(seed, NULL, 0) : (uint64_t)time(NULL);
	if (!rng_state)
		rng_state = 1;
	printf("# seed %llu (set EBFILT_TEST_SEED to repeat)\n", (unsigned long long)rng_state);
	log_init("test_differential");
	log_set_level(LOG_LEVEL_ERROR);
	if (harness_netns()) {
		fprintf(stderr, "test_differential: cannot set up the test network namespace\n");
		return 1;
	}
	return cmocka_run_group_tests_name("differential", tests, NULL, NULL);
}
