// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "compile/classifier.h"
#include "util/diag.h"

/* What the kernel does not enforce yet is refused, never ignored. */
int compile_check_enforceable(const struct rule_table *table, size_t i)
{
	const struct filter_rule *r = &table->rules[i];
	const char *why = NULL;

	if (r->tunnel)
		why = "tunnel IDs (-t) are not enforced yet";
	if (!why)
		return 0;
	pr_err("IPv%u rule %zu: %s; the table cannot be activated", table->version, i + 1, why);
	return -EOPNOTSUPP;
}
