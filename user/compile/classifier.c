// SPDX-License-Identifier: GPL-2.0
/*
 * The rule compiler: the kernel's rule records, then each field's classes
 * (compile/fields.c), then the table's head.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile/classifier.h"
#include "compile/fields.h"
#include "rules/attr.h"
#include "util/diag.h"

static int build_rules(struct classifier *c, const struct rule_table *table, uint32_t *rule_iface)
{
	size_t i;
	int err;

	c->rules = calloc(table->count + 1, sizeof(*c->rules));
	if (!c->rules)
		return -ENOMEM;
	rule_encode(&table->default_rule, &c->rules[0]);
	for (i = 0; i < table->count; i++) {
		err = compile_check_enforceable(table, i);
		if (err)
			return err;
		rule_encode(&table->rules[i], &c->rules[i + 1]);
		if (table->rules[i].scope != EBFILT_SCOPE_BOTH)
			c->table.flags |= EBFILT_TABLE_NEED_SCOPE;
		if (iface_class(c, table->rules[i].iface, &rule_iface[i])) {
			pr_err("IPv%u rule %zu: -i %s: more than %d interfaces are named in one table",
			       table->version, i + 1, table->rules[i].iface, EBFILT_MAX_IFACES - 1);
			return -E2BIG;
		}
		c->rules[i + 1].iface_class = (uint8_t)rule_iface[i];
	}
	return 0;
}

int classifier_build(struct classifier *c, const struct rule_table *table)
{
	uint32_t *rule_iface = NULL;
	int err;

	memset(c, 0, sizeof(*c));
	c->version = table->version;
	if (table->count > EBFILT_MAX_RULES) {
		pr_err("IPv%u table has %zu rules; at most %d can be activated", table->version,
		       table->count, EBFILT_MAX_RULES);
		return -E2BIG;
	}
	rule_iface = calloc(table->count + 1, sizeof(*rule_iface));
	err = rule_iface ? build_rules(c, table, rule_iface) : -ENOMEM;
	if (!err)
		err = build_addr_classes(c, table, true, &c->src, &c->nsrc, &c->table.src_any_class);
	if (!err)
		err = build_addr_classes(c, table, false, &c->dst, &c->ndst, &c->table.dst_any_class);
	if (!err)
		err = build_port_classes(c, table, true, c->sport);
	if (!err)
		err = build_port_classes(c, table, false, c->dport);
	if (!err)
		err = build_proto_classes(c, table);
	if (!err)
		err = build_meta_classes(c, table, rule_iface);
	free(rule_iface);
	if (err) {
		if (err == -ENOMEM)
			pr_err("out of memory compiling the IPv%u table", table->version);
		classifier_free(c);
		return err;
	}
	c->table.active = 1;
	c->table.nrules = (uint32_t)table->count;
	c->table.nsummary = ((uint32_t)(table->count + 63) / 64 + 63) / 64;
	c->table.default_action = table->default_rule.action;
	return 0;
}

void classifier_free(struct classifier *c)
{
	free(c->bitmaps);
	free(c->intern);
	free(c->src);
	free(c->dst);
	free(c->rules);
	memset(c, 0, sizeof(*c));
}
