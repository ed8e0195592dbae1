// SPDX-License-Identifier: GPL-2.0
/* mvfilt: move a filter rule to a new position (mvfilt(8)). */
#include <errno.h>
#include <stdio.h>

#include "rules/ids.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"

/* As SYNOPSIS in mvfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "mvfilt -v 4|6 -p p_fid -n n_fid";

struct move {
	const struct cmd_flags *flags;
	unsigned long from, to;
};

static int move_rule(struct rule_table *table, void *ctx)
{
	struct move *move = ctx;

	if (rule_id_flag('p', cmd_flag(move->flags, 'p'), table->count, &move->from) ||
	    rule_id_flag('n', cmd_flag(move->flags, 'n'), table->count, &move->to))
		return -EINVAL;
	rule_table_move(table, move->from, move->to);
	return 0;
}

int main(int argc, char **argv)
{
	struct cmd_flags flags;
	struct move move = { &flags, 0, 0 };
	uint8_t version;
	int err;

	err = cmd_parse(argc, argv, synopsis, "v:p:n:", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_require(&flags, 'v', "4 or 6") || cmd_version(cmd_flag(&flags, 'v'), &version) ||
	    cmd_require(&flags, 'p', "current rule ID") || cmd_require(&flags, 'n', "new rule ID"))
		return 1;
	if (rule_table_edit(version, move_rule, &move))
		return 1;
	printf("Filter rule %lu for IPv%u has been moved to position %lu successfully.\n",
	       move.from, version, move.to);
	return 0;
}
