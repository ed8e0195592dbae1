// SPDX-License-Identifier: GPL-2.0
/* mkfilt: set the default rule's action (mkfilt(8)). */
#include <errno.h>
#include <stdio.h>

#include "cmdline.h"
#include "log.h"
#include "rule_table.h"

static int set_default_action(struct rule_table *table, void *ctx)
{
	table->default_rule.action = *(enum rule_action *)ctx;
	return 0;
}

static int parse_default_action(const char *arg, enum rule_action *action)
{
	static const struct rule_name default_actions[] = {
		{ ACTION_PERMIT, 'P', "permit", "permit" },
		{ ACTION_DENY,   'D', "deny",   "deny" },
		{ 0, 0, NULL, NULL },
	};
	int value;

	if (rule_name_by_letter(default_actions, arg, &value)) {
		pr_err("-z %s: default action must be P (permit) or D (deny)", arg);
		return -EINVAL;
	}
	*action = (enum rule_action)value;
	return 0;
}

int main(int argc, char **argv)
{
	enum rule_action action;
	struct cmd_flags flags;
	uint8_t versions[2];
	int i, n;

	log_init(argv[0]);
	if (cmd_parse(argc, argv, "v:z:", false, &flags) ||
	    cmd_require(&flags, 'z', "P or D") ||
	    parse_default_action(cmd_flag(&flags, 'z'), &action))
		return 1;
	n = cmd_versions(&flags, versions);
	if (n < 0)
		return 1;
	for (i = 0; i < n; i++) {
		if (rule_table_edit(versions[i], set_default_action, &action))
			return 1;
		printf("Default rule for IPv%u has been set to %s.\n", versions[i],
		       rule_name_text(action_names, action));
	}
	return 0;
}
