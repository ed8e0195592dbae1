// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's address intervals (abi.h: struct ebfilt_addr_bound)
 * against the obvious definition: for random tables of nested and
 * disjoint prefixes and random addresses, the class the interval search
 * finds admits exactly the rules whose prefix holds the address, at the
 * rules' bits (struct ebfilt_rule_order, checked too).
 * EBFILT_TEST_SEED reproduces a run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "compile/classifier.h"
#include "random_rules.h"
#include "util/diag.h"

#define TABLES	40
#define PROBES	400

static const char *const ifaces[] = { "all" };

/* The interval search the kernel does (bpf/classify.bpf.h), over the whole array. */
static uint32_t class_of(const struct classifier *c, const uint8_t addr[16], bool src)
{
	const struct ebfilt_addr_bound *b = src ? c->src : c->dst;
	size_t n = src ? c->nsrc : c->ndst, i, found = 0;
	uint64_t hi = 0, lo = 0;

	for (i = 0; i < 8; i++) {
		hi = hi << 8 | addr[i];
		lo = lo << 8 | addr[8 + i];
	}
	for (i = 0; i < n; i++)
		if (b[i].hi < hi || (b[i].hi == hi && b[i].lo <= lo))
			found = i;
	return b[found].class;
}

static bool prefix_holds(const struct rule_addr *a, const uint8_t addr[16])
{
	unsigned int i;

	for (i = 0; i < a->prefix; i++)
		if ((a->bytes[i / 8] ^ addr[i / 8]) & (0x80 >> i % 8))
			return false;
	return true;
}

/* Prefixes drawn from few networks, so that many nest; host bits left set at times. */
static void random_prefix(struct rule_addr *a, uint8_t version)
{
	unsigned int width = version == 4 ? 32 : 128, i;

	memset(a, 0, sizeof(*a));
	a->bytes[0] = version == 4 ? 198 : 0x20;
	a->bytes[1] = (uint8_t)(version == 4 ? 51 : 0x01);
	for (i = 2; i < width / 8; i++)
		a->bytes[i] = (uint8_t)random_below(4) * 64 + (uint8_t)random_below(3);
	a->prefix = (uint8_t)(random_chance(10) ? 0 : random_chance(20) ? width
							 : random_below(width + 1));
}

/* addr += delta (+1 or -1) as a number of width bits, wrapping. */
static void addr_step(uint8_t addr[16], unsigned int width, int delta)
{
	int i;

	for (i = (int)width / 8 - 1; i >= 0; i--) {
		addr[i] = (uint8_t)(addr[i] + delta);
		if (addr[i] != (delta > 0 ? 0 : 0xff))
			break;
	}
}

/*
 * An address near the table's: a rule prefix's first or last address, or
 * the one just before or after it (the intervals' edges); a rule's address
 * with a few bits changed; or anywhere.
 */
static void random_addr(const struct rule_table *t, uint8_t addr[16], bool src)
{
	const struct rule_addr *a = src ? &t->rules[random_below((uint32_t)t->count)].src
					: &t->rules[random_below((uint32_t)t->count)].dst;
	unsigned int width = t->version == 4 ? 32 : 128, i, kind = random_below(4);

	memset(addr, 0, 16);
	memcpy(addr, a->bytes, width / 8);
	if (kind < 2) {
		for (i = 0; i < width; i++)	/* the first address, or the last */
			if (i >= a->prefix)
				addr[i / 8] = kind ? addr[i / 8] | (uint8_t)(0x80 >> i % 8)
						   : addr[i / 8] & (uint8_t)~(0x80 >> i % 8);
		if (random_chance(50))
			addr_step(addr, width, kind ? 1 : -1);
	} else if (kind == 2) {
		for (i = 0; i < 3; i++) {
			unsigned int bit = random_below(width);

			addr[bit / 8] ^= (uint8_t)(0x80 >> bit % 8);
		}
	} else {
		for (i = 0; i < width / 8; i++)
			addr[i] = (uint8_t)random_below(256);
	}
}

/*
 * The order of the bits: a permutation of the rules, by rule ID within a
 * word, first_id the lowest ID from each word on. bit_of gets each rule
 * index's bit.
 */
static void check_order(const struct classifier *c, size_t n, uint32_t *bit_of)
{
	uint32_t seen[EBFILT_MAX_RULES] = { 0 }, low = EBFILT_NO_RULE;
	size_t b, w;

	for (b = 0; b < n; b++) {
		uint32_t id = c->order->bit_rule[b];

		assert_true(id >= 1 && id <= n && !seen[id - 1]);
		seen[id - 1] = 1;
		bit_of[id - 1] = (uint32_t)b;
		if (b % 64)
			assert_true(c->order->bit_rule[b - 1] < id);
	}
	for (w = EBFILT_MAX_WORDS; w-- > 0;) {
		for (b = w * 64; b < n && b < (w + 1) * 64; b++)
			low = c->order->bit_rule[b] < low ? c->order->bit_rule[b] : low;
		assert_int_equal(c->order->first_id[w], low);
	}
}

static void check_table(uint8_t version, size_t n)
{
	uint32_t bit_of[EBFILT_MAX_RULES];
	struct rule_table t;
	struct classifier c;
	uint8_t addr[16];
	size_t i, k;
	int side;

	rule_table_init(&t, version);
	for (i = 0; i < n; i++) {
		struct filter_rule r;

		random_rule(&r, version, ifaces, 1);
		random_prefix(&r.src, version);
		random_prefix(&r.dst, version);
		assert_int_equal(rule_table_append(&t, i + 1, &r), 0);
	}
	assert_int_equal(classifier_build(&c, &t, NULL), 0);
	check_order(&c, n, bit_of);
	assert_true(c.nsrc >= 1 && c.nsrc <= 2 * n + 1 && c.ndst >= 1 && c.ndst <= 2 * n + 1);
	assert_true(c.src[0].hi == 0 && c.src[0].lo == 0 && c.dst[0].hi == 0 && c.dst[0].lo == 0);
	for (side = 0; side < 2; side++) {
		const struct ebfilt_addr_bound *b = side ? c.dst : c.src;
		size_t nb = side ? c.ndst : c.nsrc;

		for (i = 1; i < nb; i++) {	/* sorted, and no two neighbours alike */
			assert_true(b[i - 1].hi < b[i].hi ||
				    (b[i - 1].hi == b[i].hi && b[i - 1].lo < b[i].lo));
			assert_int_not_equal(b[i - 1].class, b[i].class);
		}
		for (k = 0; k < PROBES; k++) {
			const uint64_t *bm;

			random_addr(&t, addr, !side);
			bm = c.bitmaps[class_of(&c, addr, !side)] + EBFILT_MAX_SUMMARY;
			for (i = 0; i < n; i++) {
				const struct rule_addr *a = side ? &t.rules[i].dst : &t.rules[i].src;

				assert_int_equal(!!(bm[bit_of[i] / 64] & 1ULL << bit_of[i] % 64),
						 prefix_holds(a, addr));
			}
		}
	}
	classifier_free(&c);
	rule_table_free(&t);
}

static void test_random_v4(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < TABLES; i++)
		check_table(4, 1 + random_below(i < TABLES / 2 ? 8 : 300));
}

static void test_random_v6(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < TABLES; i++)
		check_table(6, 1 + random_below(i < TABLES / 2 ? 8 : 300));
}

/* The whole address space, the first and the last address: the edges of the intervals. */
static void test_edges(void **state)
{
	static const uint8_t zero[16], ones[16] = { [0 ... 15] = 0xff };
	struct rule_table t;
	struct classifier c;
	struct filter_rule r;

	(void)state;
	rule_table_init(&t, 6);
	random_rule(&r, 6, ifaces, 1);
	memset(&r.src, 0xff, sizeof(r.src.bytes));
	r.src.prefix = 128;	/* the last address alone: no interval after it */
	memset(&r.dst, 0, sizeof(r.dst));
	r.dst.prefix = 1;	/* the lower half */
	assert_int_equal(rule_table_append(&t, 1, &r), 0);
	assert_int_equal(classifier_build(&c, &t, NULL), 0);
	assert_int_equal(c.nsrc, 2);
	assert_int_equal(c.ndst, 2);
	assert_true(c.bitmaps[class_of(&c, ones, true)][EBFILT_MAX_SUMMARY] & 1);
	assert_false(c.bitmaps[class_of(&c, zero, true)][EBFILT_MAX_SUMMARY] & 1);
	assert_true(c.bitmaps[class_of(&c, zero, false)][EBFILT_MAX_SUMMARY] & 1);
	assert_false(c.bitmaps[class_of(&c, ones, false)][EBFILT_MAX_SUMMARY] & 1);
	classifier_free(&c);
	rule_table_free(&t);
}

/* A table whose rules need a check keeps table order: the kernel's walk goes by it. */
static void test_checks_keep_order(void **state)
{
	struct rule_table t;
	struct classifier c;
	size_t i;

	(void)state;
	rule_table_init(&t, 4);
	for (i = 0; i < 200; i++) {
		struct filter_rule r;

		random_rule(&r, 4, ifaces, 1);
		random_prefix(&r.src, 4);
		random_prefix(&r.dst, 4);
		r.action = EBFILT_PERMIT;
		r.expire = i == 150 ? 60 : 0;
		assert_int_equal(rule_table_append(&t, i + 1, &r), 0);
	}
	assert_int_equal(classifier_build(&c, &t, NULL), 0);
	assert_true(c.table.flags & EBFILT_TABLE_CHECKS);
	for (i = 0; i < 200; i++)
		assert_int_equal(c.order->bit_rule[i], i + 1);
	classifier_free(&c);
	t.rules[150].expire = 0;	/* without it, the bits are reordered */
	assert_int_equal(classifier_build(&c, &t, NULL), 0);
	for (i = 0; i < 200 && c.order->bit_rule[i] == i + 1; i++)
		;
	assert_true(i < 200);
	classifier_free(&c);
	rule_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_v4),
		cmocka_unit_test(test_random_v6),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_checks_keep_order),
	};

	diag_init("test_addr_classes");
	random_seed_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
