// SPDX-License-Identifier: GPL-2.0
/*
 * rmfilt: remove one filter rule, or all of them, from a table; or, with
 * -d, the dynamic rules in force: the shun list (rmfilt(8)).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "datapath/state.h"
#include "rules/ids.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"

/* As SYNOPSIS in rmfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "rmfilt -v 4|6 -n fid|all [-f]\n"
	"rmfilt -v 4|6 -d";

struct removal {
	const char *arg;	/* -n value: an ID or "all" */
	unsigned long id;
};

static int remove_rules(struct rule_table *table, void *ctx)
{
	struct removal *removal = ctx;

	if (strcmp(removal->arg, "all") == 0) {
		table->count = 0;
		return 0;
	}
	if (rule_id_flag('n', removal->arg, table->count, &removal->id))
		return -EINVAL;
	rule_table_remove(table, removal->id);
	return 0;
}

/* -d: empty the shun list of the filter in force. */
static int flush_shuns(uint8_t version)
{
	size_t flushed;
	int err = filter_flush_shuns(version, &flushed);

	if (err == -ENOENT) {
		pr_err("-d: the IPv%u filter is not active; there is no shun list", version);
		return err;
	}
	if (err) {
		pr_err("-d: cannot empty the IPv%u shun list: %s", version,
		       err == -EACCES || err == -EPERM ? "permission denied" : strerror(-err));
		return err;
	}
	printf("%zu dynamic filter rules for IPv%u have been removed from the shun list.\n",
	       flushed, version);
	return 0;
}

int main(int argc, char **argv)
{
	struct cmd_flags flags;
	struct removal removal;
	uint8_t version;
	int err;

	/* -f forces removal of auto-generated rules; ebfilt generates none. */
	err = cmd_parse(argc, argv, synopsis, "v:n:fd", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_require(&flags, 'v', "4 or 6") || cmd_version(cmd_flag(&flags, 'v'), &version))
		return 1;
	if (cmd_flag(&flags, 'd')) {
		if (cmd_flag(&flags, 'n')) {
			pr_err("-n %s: cannot be used with -d", cmd_flag(&flags, 'n'));
			return 1;
		}
		return flush_shuns(version) ? 1 : 0;
	}
	if (cmd_require(&flags, 'n', "rule ID or all"))
		return 1;
	removal.arg = cmd_flag(&flags, 'n');
	if (rule_table_edit(version, remove_rules, &removal))
		return 1;
	if (strcmp(removal.arg, "all") == 0)
		printf("All filter rules for IPv%u have been removed successfully.\n", version);
	else
		printf("Filter rule %lu for IPv%u has been removed successfully.\n", removal.id, version);
	return 0;
}
