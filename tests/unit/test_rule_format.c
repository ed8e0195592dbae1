// SPDX-License-Identifier: GPL-2.0
/* Unit tests for lsfilt's layouts and ckfilt's summary (user/rule_format.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/attr.h"
#include "rules/format.h"
#include "rules/table.h"

typedef void (*printer)(FILE *out, unsigned long id, const struct filter_rule *rule);

static char *render(printer print, unsigned long id, const struct filter_rule *rule)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	print(out, id, rule);
	fclose(out);
	return text;
}

/* AIX's layout for "genfilt -v 4 -a D -s 0 -m 0 -c icmp -O eq -P 13 -w I". */
static void test_verbose_icmp(void **state)
{
	static const char expect[] =
		"Rule 3:\n"
		"Rule action         : deny\n"
		"Source Address      : 0.0.0.0\n"
		"Source Mask         : 0.0.0.0\n"
		"Destination Address : 0.0.0.0\n"
		"Destination Mask    : 0.0.0.0\n"
		"Source Routing      : yes\n"
		"Protocol            : icmp\n"
		"ICMP type           : any 0\n"
		"ICMP code           : eq  13\n"
		"Scope               : both\n"
		"Direction           : inbound\n"
		"Logging control     : no\n"
		"Fragment control    : all packets\n"
		"Tunnel ID number    : 0\n"
		"Interface           : all\n"
		"Auto-Generated      : no\n"
		"Expiration Time     : 0\n"
		"Description         : \n";
	struct filter_rule rule;
	char *text;

	(void)state;
	rule_init(&rule, 4);
	rule.proto = 1;
	rule.dport = (struct port_match){ EBFILT_OP_EQ, 13 };
	rule.dir = EBFILT_DIR_INBOUND;
	text = render(rule_print_verbose, 3, &rule);
	assert_string_equal(text, expect);
	free(text);
}

static void test_verbose_ports_pattern_v6(void **state)
{
	struct filter_rule rule;
	char *text;

	(void)state;
	rule_init(&rule, 6);
	rule.action = EBFILT_PERMIT;
	rule.proto = 6;
	rule.tcp_ack = true;
	rule.src.bytes[0] = 0x20;
	rule.src.bytes[1] = 0x01;
	rule.src.bytes[2] = 0x0d;
	rule.src.bytes[3] = 0xb8;
	rule.src.prefix = 32;
	rule.sport = (struct port_match){ EBFILT_OP_NEQ, 4001 };
	rule.frag = EBFILT_FRAGCTL_ONLY;
	rule.pattern_kind = PATTERN_FILE;
	strcpy(rule.pattern, "/etc/ebfilt/patterns");
	text = render(rule_print_verbose, 1, &rule);
	assert_non_null(strstr(text, "Source Address      : 2001:db8::\n"));
	assert_non_null(strstr(text, "Source Mask         : 32\n"));
	assert_non_null(strstr(text, "Protocol            : tcp/ack\n"));
	assert_non_null(strstr(text, "Source Port         : neq 4001\n"));
	assert_non_null(strstr(text, "Destination Port    : any 0\n"));
	assert_non_null(strstr(text, "Fragment control    : fragments and fragment headers only\n"));
	assert_non_null(strstr(text, "Pattern Type        : Pattern File\n"
				     "Pattern             : /etc/ebfilt/patterns\n"
				     "Description         : \n"));
	free(text);
}

/* AIX's own -O line for its default rule. */
static void test_fields_default_rule(void **state)
{
	struct rule_table table;
	char *text;

	(void)state;
	rule_table_init(&table, 4);
	text = render(rule_print_fields, 0, &table.default_rule);
	assert_string_equal(text, "0|permit|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|yes|all|any|0|any|0|"
				  "both|both|no|all packets|0|all|0|||Default Rule\n");
	free(text);
}

static void test_fields_count(void **state)
{
	struct filter_rule rule;
	char *text, *p;
	int bars = 0;

	(void)state;
	rule_init(&rule, 4);
	rule.pattern_kind = PATTERN_TEXT;
	strcpy(rule.pattern, "0x41");
	strcpy(rule.desc, "d");
	rule.scope = EBFILT_SCOPE_ROUTE;
	rule.frag = EBFILT_FRAGCTL_HEADERS;
	text = render(rule_print_fields, 12, &rule);
	for (p = text; *p; p++)
		bars += *p == '|';
	assert_int_equal(bars, 21);	/* 22 fields */
	assert_string_equal(text, "12|deny|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|yes|all|any|0|any|0|route|"
				  "both|no|fragment headers and unfragmented packets only|0|all|0|"
				  "Pattern|0x41|d\n");
	free(text);
}

static void summary(FILE *out, unsigned long id, const struct filter_rule *rule)
{
	(void)id;
	rule_print_summary(out, rule);
}

static void test_summary(void **state)
{
	struct filter_rule rule;
	char *text;

	(void)state;
	rule_init(&rule, 4);
	rule.action = EBFILT_IF;
	rule.proto = 6;
	rule.dport = (struct port_match){ EBFILT_OP_EQ, 21 };
	strcpy(rule.desc, "ftp");
	text = render(summary, 0, &rule);
	assert_string_equal(text, "if tcp 0.0.0.0/0.0.0.0 any 0 -> 0.0.0.0/0.0.0.0 eq 21 both \"ftp\"\n");
	free(text);
}

static void test_attr_values(void **state)
{
	struct filter_rule rule;
	char buf[64];

	(void)state;
	rule_init(&rule, 4);
	rule.src.prefix = 20;
	rule_attr_print(&rule, ATTR_SMASK, 1, SPELL_FLAG, buf, sizeof(buf));
	assert_string_equal(buf, "255.255.240.0");
	rule_attr_print(&rule, ATTR_ACTION, 1, SPELL_FLAG, buf, sizeof(buf));
	assert_string_equal(buf, "D");
	rule_attr_print(&rule, ATTR_FRAG, 1, SPELL_FLAG, buf, sizeof(buf));
	assert_string_equal(buf, "Y");
	rule_attr_print(&rule, ATTR_DOP, 1, SPELL_FLAG, buf, sizeof(buf));
	assert_string_equal(buf, "any");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verbose_icmp),
		cmocka_unit_test(test_verbose_ports_pattern_v6),
		cmocka_unit_test(test_fields_default_rule),
		cmocka_unit_test(test_fields_count),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_attr_values),
	};

	return cmocka_run_group_tests_name("rule_format", tests, NULL, NULL);
}
