// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the attribute table (user/rules/attr.c): its rows are
 * consistent, and every attribute survives each of its spellings and the
 * kernel's record unchanged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "rules/attr.h"

#define VALUE_MAX (RULE_PATTERN_MAX + 1)

/* A rule with every attribute away from its default (patterns aside). */
static void unusual_rule(struct filter_rule *r)
{
	rule_init(r, 4);
	r->action = EBFILT_PERMIT;
	r->src = (struct rule_addr){ { 198, 51, 100, 0 }, 24 };
	r->dst = (struct rule_addr){ { 203, 0, 113, 9 }, 32 };
	r->src_route = false;
	r->proto = 6;
	r->tcp_ack = true;
	r->sport = (struct port_match){ EBFILT_OP_GE, 1024 };
	r->dport = (struct port_match){ EBFILT_OP_NEQ, 80 };
	r->scope = EBFILT_SCOPE_ROUTE;
	r->dir = EBFILT_DIR_INBOUND;
	r->log = true;
	r->frag = EBFILT_FRAGCTL_HEADERS;
	r->tunnel = 7;
	r->expire = 3600;
	strcpy(r->iface, "veth0");
	strcpy(r->desc, "unusual");
}

static void test_rows(void **state)
{
	char seen[128] = { 0 };
	const char *opts = rule_attr_optstring();
	size_t i, columns = 0;

	(void)state;
	for (i = 0; i < ATTR_COUNT; i++) {
		const struct rule_attr_info *a = &rule_attrs[i];

		if (a->flag) {
			assert_false(seen[(unsigned char)a->flag]);	/* one row per letter */
			seen[(unsigned char)a->flag] = 1;
			assert_non_null(strchr(opts, a->flag));
			assert_non_null(a->metavar);
		}
		/* A joined value follows the first one of its key. */
		if (a->join) {
			assert_true(i > 0);
			assert_string_equal(a->key, rule_attrs[i - 1].key);
			assert_int_equal(rule_attrs[i - 1].join, 0);
		}
		/* Listed on the line before: that line has a label. */
		if (a->flags & ATTRF_SAME_LINE)
			assert_non_null(rule_attrs[i - 1].label);
		columns += !!(a->flags & ATTRF_COLUMN);
	}
	assert_int_equal(columns, 21);	/* lsfilt -O: the ID, then 21 fields */
	assert_non_null(strchr(opts, 'C'));	/* known, and refused */
}

/* Print the attribute in a spelling, parse it back into other: the same value. */
static void round_trip(const struct filter_rule *r, enum rule_attr attr,
		       enum attr_spelling spelling)
{
	char before[VALUE_MAX], after[VALUE_MAX];
	struct filter_rule other;
	const char *why = NULL;

	rule_init(&other, r->version);
	rule_attr_print(r, attr, 1, spelling, before, sizeof(before));
	if (rule_attr_parse(&other, attr, before, spelling, &why))
		fail_msg("attribute %d: \"%s\" does not parse back: %s", attr, before, why);
	rule_attr_print(&other, attr, 1, spelling, after, sizeof(after));
	assert_string_equal(after, before);
}

static void test_spellings(void **state)
{
	struct filter_rule r;
	size_t i;

	(void)state;
	unusual_rule(&r);
	for (i = 0; i < ATTR_COUNT; i++) {
		if (rule_attrs[i].flag && i != ATTR_PATTERN && i != ATTR_PATTERN_FILE)
			round_trip(&r, (enum rule_attr)i, SPELL_FLAG);
		if (rule_attrs[i].key && i != ATTR_PATTERN && i != ATTR_PATTERN_FILE)
			round_trip(&r, (enum rule_attr)i, SPELL_WORD);
	}
	/* A pattern of each kind, in the file's spelling (-X checks the file exists). */
	r.pattern_kind = PATTERN_TEXT;
	strcpy(r.pattern, "0x474554");
	round_trip(&r, ATTR_PATTERN, SPELL_WORD);
	round_trip(&r, ATTR_PATTERN, SPELL_FLAG);
	r.pattern_kind = PATTERN_FILE;
	strcpy(r.pattern, "/etc/ebfilt/patterns");
	round_trip(&r, ATTR_PATTERN_FILE, SPELL_WORD);
}

static void test_kernel_record(void **state)
{
	char before[VALUE_MAX], after[VALUE_MAX];
	struct filter_rule r, back;
	struct ebfilt_rule k;
	size_t i;

	(void)state;
	unusual_rule(&r);
	rule_encode(&r, &k);
	assert_int_equal(k.flags, EBFILT_RULE_TCP_ACK | EBFILT_RULE_LOG);	/* -g N */
	rule_decode(&k, 4, &back);
	for (i = 0; i < ATTR_COUNT; i++) {
		if (!(rule_attrs[i].flags & ATTRF_KERNEL))
			continue;
		rule_attr_print(&r, (enum rule_attr)i, 1, SPELL_TEXT, before, sizeof(before));
		rule_attr_print(&back, (enum rule_attr)i, 1, SPELL_TEXT, after, sizeof(after));
		assert_string_equal(after, before);
	}
	/* An interface name the kernel left unterminated is cut, not overrun. */
	memset(k.iface, 'x', sizeof(k.iface));
	rule_decode(&k, 4, &back);
	assert_int_equal(strlen(back.iface), sizeof(k.iface) - 1);
}

static void test_refusals(void **state)
{
	struct filter_rule r;
	const char *why;

	(void)state;
	rule_init(&r, 4);
	assert_int_not_equal(rule_attr_parse(&r, ATTR_DIR, "I", SPELL_WORD, &why), 0);
	assert_string_equal(why, "not one of the allowed words (see ebfilt-rules(5))");
	assert_int_not_equal(rule_attr_parse(&r, ATTR_DIR, "inbound", SPELL_FLAG, &why), 0);
	assert_string_equal(why, "must be one of B|I|O");
	assert_int_not_equal(rule_attr_parse(&r, ATTR_SPORT, "65536", SPELL_FLAG, &why), 0);
	assert_int_not_equal(rule_attr_parse(&r, ATTR_TUNNEL, "2147483648", SPELL_WORD, &why), 0);
	assert_int_not_equal(rule_attr_parse(&r, ATTR_AUTOGEN, "yes", SPELL_FLAG, &why), 0);
	assert_int_not_equal(rule_attr_parse(&r, ATTR_PATTERN_FILE, "relative", SPELL_WORD, &why), 0);
	assert_int_equal(rule_attr_parse(&r, ATTR_PATTERN, "abc", SPELL_WORD, &why), 0);
	/* A file names one pattern at most; the command line replaces it. */
	assert_int_not_equal(rule_attr_parse(&r, ATTR_PATTERN_FILE, "/x", SPELL_WORD, &why), 0);
	assert_int_equal(rule_attr_parse(&r, ATTR_PATTERN, "", SPELL_FLAG, &why), 0);
	assert_int_equal(r.pattern_kind, PATTERN_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_kernel_record),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests_name("attr", tests, NULL, NULL);
}
