// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/file.h"
#include "rules/table.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/paths.h"

void rule_table_init(struct rule_table *table, uint8_t version)
{
	memset(table, 0, sizeof(*table));
	table->version = version;
	rule_init(&table->default_rule, version);
	table->default_rule.action = EBFILT_PERMIT;
	strcpy(table->default_rule.desc, "Default Rule");
}

void rule_table_free(struct rule_table *table)
{
	free(table->rules);
	table->rules = NULL;
	table->count = table->capacity = 0;
}

struct filter_rule *rule_table_get(struct rule_table *table, unsigned long id)
{
	if (id == 0)
		return &table->default_rule;
	return id <= table->count ? &table->rules[id - 1] : NULL;
}

int rule_table_insert(struct rule_table *table, size_t pos, const struct filter_rule *rule)
{
	struct filter_rule *grown;

	if (pos < 1 || pos > table->count + 1)
		return -ERANGE;
	if (table->count == table->capacity) {
		size_t capacity = table->capacity ? table->capacity * 2 : 16;

		grown = realloc(table->rules, capacity * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		table->rules = grown;
		table->capacity = capacity;
	}
	memmove(&table->rules[pos], &table->rules[pos - 1],
		(table->count - (pos - 1)) * sizeof(*table->rules));
	table->rules[pos - 1] = *rule;
	table->count++;
	return 0;
}

void rule_table_remove(struct rule_table *table, size_t pos)
{
	memmove(&table->rules[pos - 1], &table->rules[pos],
		(table->count - pos) * sizeof(*table->rules));
	table->count--;
}

void rule_table_move(struct rule_table *table, size_t from, size_t to)
{
	struct filter_rule moving = table->rules[from - 1];

	rule_table_remove(table, from);
	/* Cannot fail: the removal left room for exactly this rule. */
	rule_table_insert(table, to, &moving);
}

static int table_path(uint8_t version, char path[PATH_MAX])
{
	return path_build(path, ebfilt_confdir(), "filter%u.rules", version);
}

int rule_table_append(void *ctx, unsigned long id, const struct filter_rule *rule)
{
	struct rule_table *table = ctx;

	if (id == 0) {
		table->default_rule = *rule;
		return 0;
	}
	return rule_table_insert(table, table->count + 1, rule);
}

int rule_table_load(struct rule_table *table, uint8_t version)
{
	char path[PATH_MAX];
	FILE *in = NULL;
	int err;

	rule_table_init(table, version);
	err = table_path(version, path);
	if (err)
		return err;
	err = file_open_existing(path, &in);
	if (err || !in)
		return err;
	err = rule_file_read(in, path, version, false, rule_table_append, table);
	fclose(in);
	if (err)
		rule_table_free(table);
	return err;
}

static int write_table(FILE *out, void *ctx)
{
	const struct rule_table *table = ctx;
	size_t i;

	fprintf(out, "# ebfilt IPv%u filter rule table (format: ebfilt-rules(5)).\n"
		     "# One rule per line, first match wins; rule IDs are line positions.\n"
		     "# Maintained by genfilt, chfilt, rmfilt, mvfilt and impfilt, which\n"
		     "# rewrite this file and do not keep comments.\n",
		table->version);
	for (i = 0; i < table->count; i++)
		rule_file_write_rule(out, &table->rules[i]);
	rule_file_write_default(out, &table->default_rule);
	return 0;
}

int rule_table_edit(uint8_t version, rule_table_edit_fn edit, void *ctx)
{
	struct rule_table table;
	char path[PATH_MAX];
	int lock, err;

	err = table_path(version, path);
	if (err)
		return err;
	lock = lock_acquire(ebfilt_confdir());
	if (lock < 0)
		return lock;
	err = rule_table_load(&table, version);
	if (!err) {
		err = edit(&table, ctx);
		if (!err)
			err = file_write_atomic(path, 0600, write_table, &table);
		rule_table_free(&table);
	}
	lock_release(lock);
	return err;
}
