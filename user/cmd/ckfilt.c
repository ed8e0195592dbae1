// SPDX-License-Identifier: GPL-2.0
/* ckfilt: check IF/ELSE/ENDIF nesting and show the rules by scope (ckfilt(8)). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "rules/format.h"
#include "rules/nesting.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"

/* As SYNOPSIS in ckfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "ckfilt [-O] [-v 4|6]";

static void show_rule(bool fields, unsigned int depth, unsigned long id,
		      const struct filter_rule *rule)
{
	printf("%*s", (int)depth * 4, "");
	if (fields) {
		rule_print_fields(stdout, id, rule);
		return;
	}
	printf("Rule %lu: ", id);
	rule_print_summary(stdout, rule);
}

static int check_table(struct rule_table *table, bool fields)
{
	unsigned int *depth = calloc(table->count + 1, sizeof(*depth));
	struct nesting_fault fault;
	size_t i;
	int err;

	if (!depth)
		return -ENOMEM;
	err = rule_nesting_check(table, depth, &fault);
	printf("IPv%u filter rules:\n", table->version);
	for (i = 0; i < table->count; i++)
		show_rule(fields, depth[i], i + 1, &table->rules[i]);
	show_rule(fields, 0, 0, &table->default_rule);
	free(depth);
	if (err == -EINVAL)
		pr_err("IPv%u rule %lu: %s", table->version, fault.id, fault.why);
	return err;
}

int main(int argc, char **argv)
{
	struct rule_table table;
	struct cmd_flags flags;
	uint8_t versions[2];
	int i, n, failed = 0, err;

	err = cmd_parse(argc, argv, synopsis, "v:O", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_versions(&flags, versions, &n))
		return 1;
	for (i = 0; i < n; i++) {
		if (rule_table_load(&table, versions[i])) {
			failed = 1;
			continue;
		}
		if (check_table(&table, cmd_flag(&flags, 'O') != NULL))
			failed = 1;
		rule_table_free(&table);
	}
	return failed;
}
