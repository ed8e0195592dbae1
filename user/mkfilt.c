// SPDX-License-Identifier: GPL-2.0
/* mkfilt: activate or deactivate the filter rules; set the default rule (mkfilt(8)). */
#include <errno.h>
#include <stdio.h>

#include "cmdline.h"
#include "filter_attach.h"
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

static int check_flags(const struct cmd_flags *flags)
{
	if (cmd_flag(flags, 'u') && cmd_flag(flags, 'd')) {
		pr_err("-d: cannot be used with -u");
		return -EINVAL;
	}
	if (cmd_flag(flags, 'i') && !cmd_flag(flags, 'u')) {
		pr_err("-i: applies only with -u");
		return -EINVAL;
	}
	if (!cmd_flag(flags, 'u') && !cmd_flag(flags, 'd') && !cmd_flag(flags, 'z')) {
		pr_err("nothing to do: give -u, -d or -z; see mkfilt(8)");
		return -EINVAL;
	}
	return 0;
}

/* Compile the tables of the versions given; all are checked before any is used. */
static int compile(const uint8_t *versions, int n, struct classifier cls[2],
		   const struct classifier *install[2])
{
	struct rule_table table;
	int i, v, err = 0;

	for (i = 0; i < n && !err; i++) {
		v = versions[i] == 6;
		err = rule_table_load(&table, versions[i]);
		if (err)
			break;
		err = classifier_build(&cls[v], &table);
		if (!err)
			install[v] = &cls[v];
		rule_table_free(&table);
	}
	return err;
}

static int activate(const uint8_t *versions, int n, bool deactivating)
{
	const struct classifier *install[2] = { NULL, NULL };
	struct classifier cls[2];
	bool deactivate[2] = { false, false };
	int i, err = 0;

	if (deactivating) {
		for (i = 0; i < n; i++)
			deactivate[versions[i] == 6] = true;
	} else {
		err = compile(versions, n, cls, install);
	}
	if (!err)
		err = filter_apply(install, deactivate);
	for (i = 0; i < 2; i++)
		if (install[i])
			classifier_free(&cls[i]);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		printf("IPv%u filter rules %s.\n", versions[i],
		       deactivating ? "deactivated" : "activated");
	return 0;
}

int main(int argc, char **argv)
{
	enum rule_action action;
	struct cmd_flags flags;
	uint8_t versions[2];
	int i, n;

	log_init(argv[0]);
	if (cmd_parse(argc, argv, "v:z:udi", false, &flags) || check_flags(&flags))
		return 1;
	n = cmd_versions(&flags, versions);
	if (n < 0)
		return 1;
	if (cmd_flag(&flags, 'z')) {
		if (parse_default_action(cmd_flag(&flags, 'z'), &action))
			return 1;
		for (i = 0; i < n; i++) {
			if (rule_table_edit(versions[i], set_default_action, &action))
				return 1;
			printf("Default rule for IPv%u has been set to %s.\n", versions[i],
			       rule_name_text(action_names, action));
		}
	}
	/* -i: AIX activates the rules marked active; every ebfilt rule is. */
	if (cmd_flag(&flags, 'u') || cmd_flag(&flags, 'd'))
		return activate(versions, n, cmd_flag(&flags, 'd') != NULL) ? 1 : 0;
	return 0;
}
