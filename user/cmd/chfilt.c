// SPDX-License-Identifier: GPL-2.0
/* chfilt: change the attributes given of one filter rule (chfilt(8)). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rules/attr.h"
#include "rules/ids.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"

/* As SYNOPSIS in chfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "chfilt -v 4|6 -n fid "
	"[-a D|P|I|L|E|H|S] [-s s_addr] [-m s_mask] [-d d_addr] [-M d_mask] [-g Y|N] [-c protocol] "
	"[-o s_opr] [-p s_port] [-O d_opr] [-P d_port] [-r R|L|B] [-w I|O|B] [-l Y|N|D] "
	"[-f Y|N|O|H] [-t tid] [-i interface] [-D description] [-e expiration_time] "
	"[-x quoted_pattern | -X pattern_filename]";

struct change {
	const struct cmd_flags *flags;
	unsigned long id;
};

/* The default rule's action belongs to mkfilt -z; only its logging changes here. */
static int check_default_rule_flags(const struct cmd_flags *flags)
{
	int c;

	for (c = 0; c < 128; c++) {
		if (flags->value[c] && c != 'v' && c != 'n' && c != 'l') {
			pr_err("-%c %s: rule 0 (the default rule) takes only -l; set its action with mkfilt -z",
			       c, flags->value[c]);
			return -EINVAL;
		}
	}
	return 0;
}

static int change_rule(struct rule_table *table, void *ctx)
{
	struct change *change = ctx;
	const char *arg = cmd_flag(change->flags, 'n');
	struct filter_rule *rule, changed;

	if (strcmp(arg, "0") == 0) {
		if (check_default_rule_flags(change->flags))
			return -EINVAL;
		change->id = 0;
	} else if (rule_id_flag('n', arg, table->count, &change->id)) {
		return -EINVAL;
	}
	rule = rule_table_get(table, change->id);
	changed = *rule;
	if (rule_apply_flags(&changed, change->flags))
		return -EINVAL;
	*rule = changed;
	return 0;
}

int main(int argc, char **argv)
{
	struct cmd_flags flags;
	struct change change = { &flags, 0 };
	char opts[128];
	uint8_t version;
	int err;

	snprintf(opts, sizeof(opts), "v:n:%s", rule_attr_optstring());
	err = cmd_parse(argc, argv, synopsis, opts, false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_require(&flags, 'v', "4 or 6") || cmd_version(cmd_flag(&flags, 'v'), &version) ||
	    cmd_require(&flags, 'n', "rule ID"))
		return 1;
	if (!rule_attr_flags_given(&flags)) {
		pr_err("-n %s: no attribute to change was given", cmd_flag(&flags, 'n'));
		return 1;
	}
	if (rule_table_edit(version, change_rule, &change))
		return 1;
	printf("Filter rule %lu for IPv%u has been changed successfully.\n", change.id, version);
	return 0;
}
