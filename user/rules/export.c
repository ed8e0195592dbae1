// SPDX-License-Identifier: GPL-2.0
#include "rules/export.h"
#include "util/paths.h"

int export_path(const char *dir, uint8_t version, char path[PATH_MAX])
{
	return path_build(path, dir, "filter_rules_v%u.exp", version);
}

void rule_turn_around(struct filter_rule *rule)
{
	if (rule->dir == EBFILT_DIR_INBOUND)
		rule->dir = EBFILT_DIR_OUTBOUND;
	else if (rule->dir == EBFILT_DIR_OUTBOUND)
		rule->dir = EBFILT_DIR_INBOUND;
}
