// SPDX-License-Identifier: GPL-2.0
/* Unit tests for IF/ELSE/ENDIF nesting (user/rule_nesting.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "rules/nesting.h"

/* Build a table from a string of actions: I=if L=else E=endif P=permit. */
static void build(struct rule_table *table, const char *actions)
{
	struct filter_rule rule;
	int action;
	char letter[2] = { 0 };

	rule_table_init(table, 4);
	rule_init(&rule, 4);
	for (; *actions; actions++) {
		letter[0] = *actions;
		assert_int_equal(rule_name_by_letter(NAMES_ACTION, letter, &action), 0);
		rule.action = (enum ebfilt_action)action;
		assert_int_equal(rule_table_insert(table, table->count + 1, &rule), 0);
	}
}

static void expect_fault(const char *actions, unsigned long id, const char *why)
{
	struct rule_table table;
	struct nesting_fault fault;

	build(&table, actions);
	assert_int_equal(rule_nesting_check(&table, NULL, &fault), -EINVAL);
	assert_int_equal(fault.id, id);
	assert_string_equal(fault.why, why);
	rule_table_free(&table);
}

static void test_good_nesting(void **state)
{
	/* The ckfilt example of the AIX documentation, closed. */
	static const unsigned int expect[] = { 0, 1, 2, 1, 2, 1, 0, 1, 0, 0 };
	unsigned int depth[10];
	struct rule_table table;
	struct nesting_fault fault;

	(void)state;
	build(&table, "IIDLDELDEP");
	assert_int_equal(rule_nesting_check(&table, depth, &fault), 0);
	assert_memory_equal(depth, expect, sizeof(expect));
	rule_table_free(&table);
	build(&table, "");
	assert_int_equal(rule_nesting_check(&table, depth, &fault), 0);
	rule_table_free(&table);
}

static void test_bad_nesting(void **state)
{
	(void)state;
	expect_fault("PL", 2, "ELSE without a matching IF");
	expect_fault("E", 1, "ENDIF without a matching IF");
	expect_fault("IPLPLE", 5, "second ELSE for the same IF");
	expect_fault("PIPIE", 2, "IF without a matching ENDIF");
	expect_fault("IEE", 3, "ENDIF without a matching IF");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_nesting),
		cmocka_unit_test(test_bad_nesting),
	};

	return cmocka_run_group_tests_name("rule_nesting", tests, NULL, NULL);
}
