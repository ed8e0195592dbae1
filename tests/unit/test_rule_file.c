// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the rule-file syntax: write, read back, and refuse bad lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/file.h"
#include "rules/table.h"

static int read_text(const char *text, uint8_t version, bool numbered, struct rule_table *table)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int err;

	assert_non_null(in);
	rule_table_init(table, version);
	err = rule_file_read(in, "test.rules", version, numbered, rule_table_append, table);
	fclose(in);
	return err;
}

/* A rule with every attribute away from its default. */
static void unusual_rule(struct filter_rule *rule, uint8_t version)
{
	rule_init(rule, version);
	rule->action = EBFILT_SHUN_PORT;
	rule->src.prefix = version == 4 ? 24 : 48;
	rule->src.bytes[0] = version == 4 ? 198 : 0x20;
	rule->src.bytes[1] = version == 4 ? 51 : 0x01;
	rule->src.bytes[2] = version == 4 ? 100 : 0x0d;
	rule->dst.prefix = version == 4 ? 32 : 128;
	rule->dst.bytes[0] = version == 4 ? 203 : 0x20;
	rule->dst.bytes[version == 4 ? 3 : 15] = 9;
	rule->src_route = false;
	rule->proto = 6;
	rule->tcp_ack = true;
	rule->sport = (struct port_match){ EBFILT_OP_GE, 1024 };
	rule->dport = (struct port_match){ EBFILT_OP_NEQ, 80 };
	rule->scope = EBFILT_SCOPE_ROUTE;
	rule->dir = EBFILT_DIR_INBOUND;
	rule->log = true;
	rule->frag = EBFILT_FRAGCTL_HEADERS;
	rule->tunnel = 7;
	rule->expire = 3600;
	strcpy(rule->iface, "veth0");
	rule->pattern_kind = PATTERN_TEXT;
	strcpy(rule->pattern, "say \"hi\" \\ bye");
	strcpy(rule->desc, "a \"quoted\" description \\ with backslash");
}

static void round_trip(uint8_t version)
{
	struct filter_rule rule;
	struct rule_table table;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	unusual_rule(&rule, version);
	rule_file_write_rule(out, &rule);
	rule.action = EBFILT_DENY;
	rule.pattern_kind = PATTERN_FILE;
	strcpy(rule.pattern, "/tmp/patterns");
	rule.desc[0] = '\0';
	rule_file_write_rule(out, &rule);
	rule_table_init(&table, version);
	table.default_rule.action = EBFILT_DENY;
	table.default_rule.log = true;
	rule_file_write_default(out, &table.default_rule);
	fclose(out);

	assert_int_equal(read_text(text, version, false, &table), 0);
	assert_int_equal(table.count, 2);
	unusual_rule(&rule, version);
	assert_memory_equal(&table.rules[0], &rule, sizeof(rule));
	assert_int_equal(table.rules[1].pattern_kind, PATTERN_FILE);
	assert_string_equal(table.rules[1].pattern, "/tmp/patterns");
	assert_string_equal(table.rules[1].desc, "");
	assert_int_equal(table.default_rule.action, EBFILT_DENY);
	assert_true(table.default_rule.log);
	rule_table_free(&table);
	free(text);
}

static void test_round_trip_v4(void **state)
{
	(void)state;
	round_trip(4);
}

static void test_round_trip_v6(void **state)
{
	(void)state;
	round_trip(6);
}

static void test_defaults_and_comments(void **state)
{
	struct rule_table table;

	(void)state;
	assert_int_equal(read_text("# comment\n\n  permit\n\tdeny proto=udp   # not a comment?\n"
				   "default deny\n", 4, false, &table), -EINVAL);
	assert_int_equal(read_text("# comment\n\n  permit\ndeny proto=udp\ndefault deny\n",
				   4, false, &table), 0);
	assert_int_equal(table.count, 2);
	assert_int_equal(table.rules[0].action, EBFILT_PERMIT);
	assert_int_equal(table.rules[0].dst.prefix, 0);
	assert_true(table.rules[0].src_route);
	assert_int_equal(table.rules[1].proto, 17);
	assert_int_equal(table.default_rule.action, EBFILT_DENY);
	rule_table_free(&table);
}

static void test_numbered(void **state)
{
	struct rule_table table;

	(void)state;
	assert_int_equal(read_text("4 permit\n9 deny\n0 default permit log=yes\n", 6, true, &table), 0);
	assert_int_equal(table.count, 2);
	assert_true(table.default_rule.log);
	rule_table_free(&table);
	assert_int_equal(read_text("permit\n0 default permit\n", 6, true, &table), -EINVAL);
	rule_table_free(&table);
}

/* impfilt's IDs: 0 is the default rule and nothing else; rule IDs rise. */
static void test_numbered_ids(void **state)
{
	static const char *bad[] = {
		"0 permit\n0 default deny\n",
		"1 permit\n5 default deny\n",
		"2 permit\n1 permit\n0 default deny\n",
		"2 permit\n2 permit\n0 default deny\n",
		"1 default deny\n0 default deny\n",
		"-1 permit\n0 default deny\n",
		"1x permit\n0 default deny\n",
		"99999999999999999999 permit\n0 default deny\n",
	};
	struct rule_table table;
	size_t i;

	(void)state;
	assert_non_null(freopen("/dev/null", "w", stderr));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (read_text(bad[i], 4, true, &table) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
		rule_table_free(&table);
	}
}

/* A DOS line ending is not part of the last value on the line. */
static void test_crlf(void **state)
{
	struct rule_table table;

	(void)state;
	assert_int_equal(read_text("permit iface=b1 desc=\"x\"\r\ndefault deny log=yes\r\n", 4, false,
				   &table), 0);
	assert_int_equal(table.count, 1);
	assert_string_equal(rule_table_get(&table, 1)->iface, "b1");
	assert_string_equal(rule_table_get(&table, 1)->desc, "x");
	assert_true(table.default_rule.log);
	rule_table_free(&table);
	/* A carriage return anywhere else is a control character in a value. */
	assert_non_null(freopen("/dev/null", "w", stderr));
	assert_int_equal(read_text("permit iface=b\r1\ndefault deny\n", 4, false, &table), -EINVAL);
	rule_table_free(&table);
}

static void test_bad_lines(void **state)
{
	static const char *bad[] = {
		"permit src=192.0.2.1/255.255.255.0\ndefault deny\n",	/* host bits */
		"permit src=192.0.2.0\ndefault deny\n",			/* no mask */
		"permit proto=ospf dport=eq:5\ndefault deny\n",		/* ospf port */
		"permit sport=eq:65536\ndefault deny\n",
		"permit sport=22\ndefault deny\n",
		"permit bogus=1\ndefault deny\n",
		"permit proto=tcp proto=udp\ndefault deny\n",
		"allow\ndefault deny\n",
		"permit desc=\"unterminated\ndefault deny\n",
		"permit desc=\"x\"y\ndefault deny\n",
		"permit noequals\ndefault deny\n",
		"permit\n",						/* no default */
		"default deny\npermit\n",				/* rule after default */
		"default if\n",
		"default deny proto=tcp\n",
		"permit scope=B\ndefault deny\n",
		"permit frag=Y\ndefault deny\n",
		"permit patternfile=relative\ndefault deny\n",
		"permit pattern=x patternfile=/x\ndefault deny\n",
		"permit dir=outbound pattern=abc\ndefault deny\n",
		"permit proto=icmpv6\ndefault deny\n",
		"permit tunnel=-1\ndefault deny\n",
		"permit iface=has/slash\ndefault deny\n",
	};
	struct rule_table table;
	size_t i;

	(void)state;
	/* Each refusal prints its reason; the command-level tests check the text. */
	assert_non_null(freopen("/dev/null", "w", stderr));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (read_text(bad[i], 4, false, &table) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
		rule_table_free(&table);
	}
}

static void test_table_edits(void **state)
{
	struct rule_table table;
	struct filter_rule rule;
	unsigned int i;

	(void)state;
	rule_table_init(&table, 4);
	rule_init(&rule, 4);
	for (i = 1; i <= 5; i++) {
		rule.tunnel = i;
		assert_int_equal(rule_table_insert(&table, table.count + 1, &rule), 0);
	}
	rule.tunnel = 99;
	assert_int_equal(rule_table_insert(&table, 7, &rule), -ERANGE);
	assert_int_equal(rule_table_insert(&table, 0, &rule), -ERANGE);
	assert_int_equal(rule_table_insert(&table, 2, &rule), 0);	/* 1 99 2 3 4 5 */
	rule_table_move(&table, 6, 1);					/* 5 1 99 2 3 4 */
	rule_table_remove(&table, 3);					/* 5 1 2 3 4 */
	rule_table_move(&table, 1, 5);					/* 1 2 3 4 5 */
	assert_int_equal(table.count, 5);
	for (i = 1; i <= 5; i++)
		assert_int_equal(rule_table_get(&table, i)->tunnel, i);
	assert_null(rule_table_get(&table, 6));
	assert_ptr_equal(rule_table_get(&table, 0), &table.default_rule);
	rule_table_free(&table);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_v4),
		cmocka_unit_test(test_round_trip_v6),
		cmocka_unit_test(test_defaults_and_comments),
		cmocka_unit_test(test_numbered),
		cmocka_unit_test(test_numbered_ids),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_table_edits),
	};

	return cmocka_run_group_tests_name("rule_file", tests, NULL, NULL);
}
