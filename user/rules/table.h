/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A rule table: the ordered rules of one IP version plus its default rule,
 * as stored in <EBFILT_CONFDIR>/filter4.rules or filter6.rules (format in
 * ebfilt-rules(5), rules/file.h). Rule IDs are positions: 1..count, and 0
 * for the default rule.
 *
 * Functions return 0 or a negative errno. Those that read or write files
 * report problems themselves (file:line and the bad value).
 */
#ifndef EBFILT_RULES_TABLE_H
#define EBFILT_RULES_TABLE_H

#include "rules/rule.h"

struct rule_table {
	uint8_t version;
	struct filter_rule *rules;	/* rules[0] is rule 1 */
	size_t count, capacity;
	struct filter_rule default_rule;	/* rule 0: only action and log vary */
};

/* An empty table: no rules, default rule permit (AIX's initial state). */
void rule_table_init(struct rule_table *table, uint8_t version);
void rule_table_free(struct rule_table *table);

/* Rule by ID (0 = default rule), or NULL when there is none. */
struct filter_rule *rule_table_get(struct rule_table *table, unsigned long id);

/* Insert so the rule gets ID pos (1..count+1); later rules move down. */
int rule_table_insert(struct rule_table *table, size_t pos, const struct filter_rule *rule);
/* Remove rule pos (1..count); later rules move up. */
void rule_table_remove(struct rule_table *table, size_t pos);
/* Move rule from to position to (both 1..count); the rules between shift. */
void rule_table_move(struct rule_table *table, size_t from, size_t to);

/* A rule_sink_fn (rules/file.h) that appends to the struct rule_table ctx. */
int rule_table_append(void *table, unsigned long id, const struct filter_rule *rule);

/* Load the version's table file; a missing file is an empty table. */
int rule_table_load(struct rule_table *table, uint8_t version);

/*
 * Under the table lock (util/lock.h), load the version's table, let edit()
 * change it, and if edit() returns 0, write it back atomically. On any
 * error the file is left exactly as it was.
 */
typedef int (*rule_table_edit_fn)(struct rule_table *table, void *ctx);
int rule_table_edit(uint8_t version, rule_table_edit_fn edit, void *ctx);

#endif
