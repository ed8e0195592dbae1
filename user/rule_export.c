// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>

#include "rule_export.h"

int export_path(const char *dir, uint8_t version, char *buf, size_t size)
{
	int len = snprintf(buf, size, "%s/filter_rules_v%u.exp", dir, version);

	return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
}

void rule_turn_around(struct filter_rule *rule)
{
	if (rule->dir == DIR_INBOUND)
		rule->dir = DIR_OUTBOUND;
	else if (rule->dir == DIR_OUTBOUND)
		rule->dir = DIR_INBOUND;
}
