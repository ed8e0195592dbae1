// SPDX-License-Identifier: GPL-2.0
/* genfilt: add a filter rule to a rule table (genfilt(8)). */
#include <errno.h>
#include <stdio.h>

#include "rules/attr.h"
#include "rules/ids.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"

/* As SYNOPSIS in genfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "genfilt -v 4|6 [-n fid] "
	"[-a D|P|I|L|E|H|S] -s s_addr -m s_mask [-d d_addr] [-M d_mask] [-g Y|N] [-c protocol] "
	"[-o s_opr] [-p s_port] [-O d_opr] [-P d_port] [-r R|L|B] [-w I|O|B] [-l Y|N|D] "
	"[-f Y|N|O|H] [-t tid] [-i interface] [-D description] [-e expiration_time] "
	"[-x quoted_pattern | -X pattern_filename]";

struct insertion {
	const struct filter_rule *rule;
	const char *before;	/* -n value, or NULL to append */
	unsigned long pos;	/* the ID the rule got */
};

static int insert_rule(struct rule_table *table, void *ctx)
{
	struct insertion *ins = ctx;

	ins->pos = table->count + 1;
	if (ins->before && rule_id_flag('n', ins->before, table->count + 1, &ins->pos))
		return -EINVAL;
	return rule_table_insert(table, ins->pos, ins->rule);
}

/* Without -d the rule matches any destination; -d alone names one host. */
static void default_destination(struct filter_rule *rule, const struct cmd_flags *flags)
{
	if (cmd_flag(flags, 'd') && !cmd_flag(flags, 'M'))
		rule->dst.prefix = rule->version == 4 ? 32 : 128;
}

int main(int argc, char **argv)
{
	struct insertion ins = { 0 };
	struct filter_rule rule;
	struct cmd_flags flags;
	char opts[128];
	uint8_t version;
	int action, err;

	snprintf(opts, sizeof(opts), "v:n:%s", rule_attr_optstring());
	err = cmd_parse(argc, argv, synopsis, opts, false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_require(&flags, 'v', "4 or 6") || cmd_version(cmd_flag(&flags, 'v'), &version))
		return 1;
	rule_init(&rule, version);
	default_destination(&rule, &flags);
	if (rule_apply_flags(&rule, &flags))
		return 1;
	/* ELSE and ENDIF select no traffic, so they need no source. */
	action = rule.action;
	if (action != EBFILT_ELSE && action != EBFILT_ENDIF &&
	    (cmd_require(&flags, 's', "source address") || cmd_require(&flags, 'm', "source mask")))
		return 1;
	ins.rule = &rule;
	ins.before = cmd_flag(&flags, 'n');
	if (rule_table_edit(version, insert_rule, &ins))
		return 1;
	printf("Filter rule %lu for IPv%u has been added successfully.\n", ins.pos, version);
	return 0;
}
