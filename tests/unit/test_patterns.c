// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for patterns: the -x syntax (text or 0x hex), pattern files
 * (one per line, blank lines skipped, errors refused), the limits, and the
 * automaton itself, walked here the way the kernel walks it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile/patterns.h"
#include "rules/parse.h"
#include "rules/rule.h"
#include "util/diag.h"

static char dir[] = "/tmp/ebfilt-patterns-XXXXXX";
static char path[sizeof(dir) + 16];

/* The pattern sets the automaton finds in text (as pattern.bpf.h walks). */
static uint32_t found_in(const struct pattern_dfa *d, const char *text)
{
	uint32_t state = 0, found = 0;
	uint16_t next;
	size_t i;

	for (i = 0; text[i]; i++) {
		next = d->next[state * d->meta.nclasses + d->meta.classes[(uint8_t)text[i]]];
		state = next & ~EBFILT_DFA_OUTPUT;
		found |= d->out[state];
	}
	return found;
}

/* A table of n rules, rule i with pattern (text) or file (patterns[i] from '/'). */
static void make_table(struct rule_table *t, const char *const *patterns, size_t n)
{
	struct filter_rule r;
	size_t i;

	rule_table_init(t, 4);
	for (i = 0; i < n; i++) {
		rule_init(&r, 4);
		if (patterns[i]) {
			r.pattern_kind = patterns[i][0] == '/' ? PATTERN_FILE : PATTERN_TEXT;
			snprintf(r.pattern, sizeof(r.pattern), "%s", patterns[i]);
		}
		assert_int_equal(rule_table_insert(t, t->count + 1, &r), 0);
	}
}

static int compile(const char *const *patterns, size_t n, uint8_t *sets, struct pattern_dfa *d)
{
	struct rule_table t;
	int err;

	make_table(&t, patterns, n);
	err = patterns_compile(&t, sets, d);
	rule_table_free(&t);
	return err;
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_decode(void **state)
{
	uint8_t out[16];
	const char *why;

	(void)state;
	assert_int_equal(pattern_decode("EVIL", out, &why), 4);
	assert_memory_equal(out, "EVIL", 4);
	assert_int_equal(pattern_decode("0x00ff7F", out, &why), 3);
	assert_memory_equal(out, "\x00\xff\x7f", 3);
	assert_int_equal(pattern_decode("0Xab", out, &why), 1);
	assert_int_equal(pattern_decode("", out, &why), -EINVAL);
	assert_int_equal(pattern_decode("0x", out, &why), -EINVAL);
	assert_int_equal(pattern_decode("0xabc", out, &why), -EINVAL);
	assert_int_equal(pattern_decode("0xzz", out, &why), -EINVAL);
	assert_string_equal(why, "hex pattern needs an even number of hex digits after 0x");
}

static void test_automaton(void **state)
{
	static const char *const rules[] = { "he", NULL, "she", "0x6869" /* hi */, "hers" };
	struct pattern_dfa d;
	uint8_t sets[5];

	(void)state;
	assert_int_equal(compile(rules, 5, sets, &d), 0);
	assert_memory_equal(sets, "\x01\x00\x02\x03\x04", 5);	/* a set per rule with patterns */
	assert_int_equal(found_in(&d, "ushers"), 1 | 2 | 8);	/* he, she, hers overlap */
	assert_int_equal(found_in(&d, "this"), 4);
	assert_int_equal(found_in(&d, "h e"), 0);
	assert_int_equal(found_in(&d, "sh"), 0);
	assert_int_equal(found_in(&d, "xxhexx"), 1);
	pattern_dfa_free(&d);
	/* No rule with patterns: no automaton. */
	assert_int_equal(compile(rules + 1, 1, sets, &d), 0);
	assert_int_equal(d.meta.nstates, 0);
}

static void test_files(void **state)
{
	const char *const rules[] = { path };
	struct pattern_dfa d;
	uint8_t sets[1];
	char line[1100];

	(void)state;
	write_file("one\r\n\n   \n0x74776f\n");	/* CR LF, blank lines, hex */
	assert_int_equal(compile(rules, 1, sets, &d), 0);
	assert_int_equal(found_in(&d, "a two"), 1);
	assert_int_equal(found_in(&d, "xoney"), 1);
	assert_int_equal(found_in(&d, "on"), 0);
	pattern_dfa_free(&d);

	diag_set_level(DIAG_SILENT);
	write_file("ok\n0xabc\n");	/* path:2: the bad line, nothing compiled */
	assert_int_equal(compile(rules, 1, sets, &d), -EINVAL);
	write_file("\n\n");
	assert_int_equal(compile(rules, 1, sets, &d), -EINVAL);	/* no pattern at all */
	memset(line, 'a', 1025);
	line[1025] = '\n';
	line[1026] = '\0';
	write_file(line);
	assert_int_equal(compile(rules, 1, sets, &d), -EINVAL);	/* longer than the scan */
	unlink(path);
	assert_int_equal(compile(rules, 1, sets, &d), -ENOENT);
	diag_set_level(DIAG_WARN);
}

static void test_limits(void **state)
{
	const char *rules[EBFILT_PATTERN_SETS + 1];
	uint8_t sets[EBFILT_PATTERN_SETS + 1];
	struct pattern_dfa d;
	char text[EBFILT_PATTERN_SETS + 1][8];
	FILE *f;
	int i;

	(void)state;
	for (i = 0; i <= EBFILT_PATTERN_SETS; i++) {
		snprintf(text[i], sizeof(text[i]), "p%d", i);
		rules[i] = text[i];
	}
	assert_int_equal(compile(rules, EBFILT_PATTERN_SETS, sets, &d), 0);
	assert_int_equal(found_in(&d, "p31"), 1u << 31 | 1u << 3);	/* "p3" is rule 4's */
	pattern_dfa_free(&d);
	diag_set_level(DIAG_SILENT);
	assert_int_equal(compile(rules, EBFILT_PATTERN_SETS + 1, sets, &d), -E2BIG);
	/* More states than the automaton holds. */
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < EBFILT_PATTERN_STATES / 8; i++)	/* 16 bytes, few of them shared */
		fprintf(f, "%08x%08x\n", i * 2654435761u, i);
	fclose(f);
	rules[0] = path;
	assert_int_equal(compile(rules, 1, sets, &d), -E2BIG);
	diag_set_level(DIAG_WARN);
}

static int setup(void **state)
{
	(void)state;
	diag_init("test_patterns");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/patterns", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_automaton),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests_name("patterns", tests, setup, teardown);
}
