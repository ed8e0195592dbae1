// SPDX-License-Identifier: GPL-2.0
/* mkfilt: activate or deactivate the filter rules; set the default rule (mkfilt(8)). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "compile/classifier.h"
#include "datapath/activate.h"
#include "logging/control.h"
#include "logging/notices.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"

static int set_default_action(struct rule_table *table, void *ctx)
{
	table->default_rule.action = *(enum ebfilt_action *)ctx;
	return 0;
}

static int parse_default_action(const char *arg, enum ebfilt_action *action)
{
	static const struct rule_name default_actions[] = {
		{ EBFILT_PERMIT, 'P', "permit", "permit" },
		{ EBFILT_DENY,   'D', "deny",   "deny" },
		{ 0, 0, NULL, NULL },
	};
	int value;

	if (rule_name_by_letter(default_actions, arg, &value)) {
		pr_err("-z %s: default action must be P (permit) or D (deny)", arg);
		return -EINVAL;
	}
	*action = (enum ebfilt_action)value;
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
	if (!cmd_flag(flags, 'u') && !cmd_flag(flags, 'd') && !cmd_flag(flags, 'z') &&
	    !cmd_flag(flags, 'g')) {
		pr_err("nothing to do: give -u, -d, -z or -g; see mkfilt(8)");
		return -EINVAL;
	}
	if (cmd_flag(flags, 'g') && strcmp(cmd_flag(flags, 'g'), "start") &&
	    strcmp(cmd_flag(flags, 'g'), "stop")) {
		pr_err("-g %s: must be start or stop", cmd_flag(flags, 'g'));
		return -EINVAL;
	}
	return 0;
}

static int set_logging(bool start)
{
	int err;

	err = logging_mark(start);
	if (!err && start && !logd_pid())
		err = logd_start();
	if (err)
		return err;
	/* With no filter active yet, the mark makes the next activation log. */
	err = log_settings_update(start, -1, -1);
	if (err && err != -ENOENT)
		pr_warn("cannot switch logging in the kernel: %s", strerror(-err));
	notice_logging_status(start);
	if (!start && logd_stop())
		pr_warn("ipsec_logd did not stop within 5 seconds");
	printf("Packet logging %s.\n", start ? "started" : "stopped");
	return 0;
}

/* Compile the tables of the versions given; all are checked before any is used. */
static int compile(const uint8_t *versions, int n, struct rule_table tables[2],
		   struct classifier cls[2], const struct classifier *install[2])
{
	int i, v, err = 0;

	for (i = 0; i < n && !err; i++) {
		v = versions[i] == 6;
		err = rule_table_load(&tables[v], versions[i]);
		if (err)
			break;
		err = classifier_build(&cls[v], &tables[v]);
		if (!err)
			install[v] = &cls[v];
	}
	return err;
}

static int activate(const uint8_t *versions, int n, bool deactivating)
{
	const struct classifier *install[2] = { NULL, NULL };
	const struct rule_table *activated[2] = { NULL, NULL };
	struct rule_table tables[2];
	struct classifier cls[2];
	bool deactivate[2] = { false, false };
	int i, err = 0;

	rule_table_init(&tables[0], 4);
	rule_table_init(&tables[1], 6);
	if (deactivating) {
		for (i = 0; i < n; i++)
			deactivate[versions[i] == 6] = true;
	} else {
		err = compile(versions, n, tables, cls, install);
	}
	if (!err)
		err = filter_apply(install, deactivate);
	for (i = 0; i < 2; i++) {
		if (install[i]) {
			classifier_free(&cls[i]);
			activated[i] = &tables[i];
		}
	}
	if (!err && logging_started()) {
		log_settings_update(1, -1, -1);
		notice_activation(activated);
	}
	rule_table_free(&tables[0]);
	rule_table_free(&tables[1]);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		printf("IPv%u filter rules %s.\n", versions[i],
		       deactivating ? "deactivated" : "activated");
	return 0;
}

int main(int argc, char **argv)
{
	enum ebfilt_action action;
	struct cmd_flags flags;
	uint8_t versions[2];
	int i, n;

	diag_init(argv[0]);
	if (cmd_parse(argc, argv, "v:z:udig:", false, &flags) || check_flags(&flags))
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
	if (cmd_flag(&flags, 'g') && !strcmp(cmd_flag(&flags, 'g'), "start") && set_logging(true))
		return 1;
	/* -i: AIX activates the rules marked active; every ebfilt rule is. */
	if ((cmd_flag(&flags, 'u') || cmd_flag(&flags, 'd')) &&
	    activate(versions, n, cmd_flag(&flags, 'd') != NULL))
		return 1;
	if (cmd_flag(&flags, 'g') && !strcmp(cmd_flag(&flags, 'g'), "stop") && set_logging(false))
		return 1;
	return 0;
}
