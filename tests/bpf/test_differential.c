// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: random rule tables (1 to 10,000 rules) and random
 * packets; the kernel classifier, through the real programs, must pick the
 * same rule and verdict as the plain first-match oracle for every packet,
 * half of the tables with IF scopes, shun rules and expirations, whose
 * state the oracle keeps alongside the kernel's.
 * So must the linear-evaluation build of the same programs.
 * EBFILT_TEST_SEED reproduces a run; EBFILT_TEST_TABLES scales it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util/diag.h"
#include "oracle.h"
#include "random_rules.h"

static bool is_local(const struct test_packet *p, bool inbound)
{
	const uint8_t *a = inbound ? p->daddr : p->saddr;
	static const uint8_t v6_local[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

	return p->version == 4 ? !memcmp(a, "\xc0\x00\x02\x01", 4) : !memcmp(a, v6_local, 16);
}

static const char *const ifaces[] = { "all", "all", "all", "all", HARNESS_IFACE_IN,
				      HARNESS_IFACE_OUT, "other0" };

/* tc test runs the kernel refused, for frames whose IP header is cut. */
static unsigned long refused;

/* Packets dropped before the table so far. */
static uint64_t dropped(struct harness *h)
{
	struct ebfilt_pkt_exceptions exc = harness_exceptions(h);

	return exc.short_pkts + exc.bad_frags;
}

/*
 * One table of n rules per version and packets per table, through both
 * builds of the datapath (bitmap classifier and linear evaluation); returns
 * the mismatches with the oracle. A stateful table has IF scopes, shun
 * rules and expirations (random_stateful_table), and its activation is
 * made RANDOM_STATE_AGE seconds old.
 */
static int run_table(size_t n, int packets, bool stateful)
{
	struct rule_table tables[2];
	/* Half the stateful tables also bind RANDOM_TUNNEL to the inbound interface. */
	static const struct tunnel_map tunnel = {
		.tunnels = { { .id = RANDOM_TUNNEL, .name = HARNESS_IFACE_IN } }, .count = 1 };
	struct harness hs[2] = { { .linear = false }, { .linear = true } };
	struct oracle_state *st[2] = { NULL, NULL };
	struct filter_rule rule;
	bool tunneled = stateful && random_chance(50);
	int v, i, k, bad = 0;

	for (v = 0; v < 2; v++) {
		rule_table_init(&tables[v], v ? 6 : 4);
		tables[v].default_rule.action = random_chance(50) ? EBFILT_PERMIT : EBFILT_DENY;
		/* A permitting default rule may summarise sessions too: no verdict changes. */
		if (tables[v].default_rule.action == EBFILT_PERMIT && random_chance(30))
			tables[v].default_rule.log |= RULE_LOG_SESSION;
		if (stateful) {
			random_stateful_table(&tables[v], v ? 6 : 4, n, ifaces,
					      sizeof(ifaces) / sizeof(ifaces[0]));
			st[v] = oracle_state_new(RANDOM_STATE_AGE);
			assert_non_null(st[v]);
		}
		while (tables[v].count < n) {
			random_rule(&rule, v ? 6 : 4, ifaces, sizeof(ifaces) / sizeof(ifaces[0]));
			assert_int_equal(rule_table_insert(&tables[v], tables[v].count + 1, &rule), 0);
		}
		/*
		 * A quarter of the permit rules summarise sessions: the kernel
		 * tracks them, and verdicts and counters must not change. Here, not
		 * in random_rule(), so the benchmarks' tables stay as they were.
		 */
		for (k = 0; k < (int)tables[v].count; k++)
			if (tables[v].rules[k].action == EBFILT_PERMIT && random_chance(25))
				tables[v].rules[k].log |= RULE_LOG_SESSION;
	}
	for (k = 0; k < 2; k++) {
		hs[k].tunnels = tunneled ? &tunnel : NULL;
		assert_int_equal(harness_load_tables(&hs[k], &tables[0], &tables[1]), 0);
		for (v = 0; stateful && v < 2; v++)
			assert_int_equal(harness_age_table(&hs[k], v ? 6 : 4, RANDOM_STATE_AGE), 0);
	}
	for (i = 0; i < packets; i++) {
		enum harness_hook hook = (enum harness_hook)random_below(3);
		struct test_path path = { .inbound = hook != HOOK_TC_OUT };
		struct test_packet p;
		const struct rule_table *t;
		unsigned long id;
		uint64_t before;
		int verdict, want, unseen;

		v = (int)random_below(2);
		t = &tables[v];
		random_packet(&p, v ? 6 : 4, t);
		path.local = is_local(&p, path.inbound);
		path.iface = path.inbound ? HARNESS_IFACE_IN : HARNESS_IFACE_OUT;
		path.tunnel = tunneled && path.inbound ? RANDOM_TUNNEL : 0;
		unseen = oracle_unseen(&p);
		/* A packet dropped before the table changes no state. */
		id = unseen ? 0 : oracle_judge(t, &p, &path, st[v]);
		want = (id ? t->rules[id - 1].action : t->default_rule.action) == EBFILT_PERMIT;
		for (k = 0; k < 2; k++) {
			before = unseen ? dropped(&hs[k]) : harness_rule_packets(&hs[k], p.version, id);
			verdict = harness_run_packet(&hs[k], hook, &p);
			/* The kernel's skb test run refuses a frame whose IP header is cut. */
			if (verdict == -EINVAL && unseen && hook != HOOK_XDP_IN) {
				refused++;
				continue;
			}
			if (unseen ? verdict == 0 && dropped(&hs[k]) == before + 1
				   : verdict == want &&
				     harness_rule_packets(&hs[k], p.version, id) == before + 1)
				continue;
			if (bad++ < 5)
				fprintf(stderr, "# mismatch (%s): %zu rules, IPv%u hook %d proto %u "
					"sport %u dport %u frag %d/%u ah %d sr %d vlans %u ext %u "
					"cut %zu: oracle %s %lu verdict %d, kernel %d\n",
					k ? "linear" : "bitmap", n, p.version, hook, p.proto, p.sport,
					p.dport, p.frag, p.frag_offset, p.ah, p.srcroute, p.vlans,
					p.ipv6_ext, p.cut, unseen ? "drops unseen, rule" : "rule", id,
					unseen ? 0 : want, verdict);
		}
	}
	harness_unload(&hs[0]);
	harness_unload(&hs[1]);
	oracle_state_free(st[0]);
	oracle_state_free(st[1]);
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
		size_t n = t % 100 == 99 ? 200 + random_below(1800) : 1 + random_below(t % 3 ? 20 : 120);

		bad += run_table(n, 60, t % 2);	/* every other table keeps state */
	}
	printf("# %lu tc test runs refused by the kernel (IP header cut), of %d packets\n",
	       refused, tables * 60 * 2);
	assert_int_equal(bad, 0);
}

static void test_large_tables(void **state)
{
	(void)state;
	assert_int_equal(run_table(EBFILT_MAX_RULES, 3000, false), 0);
	assert_int_equal(run_table(10000, 3000, false), 0);
	assert_int_equal(run_table(10000, 1000, true), 0);
}

/* Does some value in 0..top pass m? (lt 0 and gt top pass none.) */
static bool satisfiable(const struct port_match *m, uint32_t top)
{
	return !(m->op == EBFILT_OP_LT && m->value == 0) && !(m->op == EBFILT_OP_GT && m->value >= top) &&
	       !(m->op == EBFILT_OP_EQ && m->value > top) && !(m->op == EBFILT_OP_GE && m->value > top);
}

/* make bench aims its probes with packet_for_rule(): it must hit the rule. */
static void test_packet_for_rule(void **state)
{
	const struct test_path path = { .inbound = true, .iface = HARNESS_IFACE_IN };
	struct rule_table t;
	struct test_packet p;
	int i, v, missed = 0;
	uint32_t top;

	(void)state;
	for (i = 0; i < 20000; i++) {
		v = i % 2 ? 6 : 4;
		rule_table_init(&t, (uint8_t)v);
		t.count = 1;
		t.rules = calloc(1, sizeof(*t.rules));
		assert_non_null(t.rules);
		random_rule(&t.rules[0], (uint8_t)v, ifaces, 1);
		t.rules[0].scope = EBFILT_SCOPE_BOTH;
		t.rules[0].dir = EBFILT_DIR_BOTH;
		t.rules[0].frag = EBFILT_FRAGCTL_ALL;
		packet_for_rule(&p, &t.rules[0]);
		top = p.proto == IPPROTO_ICMP || p.proto == IPPROTO_ICMPV6 ? 255 : 65535;
		if (oracle_match(&t, &p, &path) != 1 && satisfiable(&t.rules[0].sport, top) &&
		    satisfiable(&t.rules[0].dport, top))
			missed++;
		rule_table_free(&t);
	}
	assert_int_equal(missed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_for_rule),
		cmocka_unit_test(test_random_tables),
		cmocka_unit_test(test_large_tables),
	};

	random_seed_env();
	if (harness_start("test_differential"))
		return 1;
	diag_set_level(DIAG_ERROR);
	return cmocka_run_group_tests_name("differential", tests, NULL, NULL);
}
