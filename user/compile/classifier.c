// SPDX-License-Identifier: GPL-2.0
/*
 * The rule compiler: the kernel's rule records, the order of their bits
 * (compile/order.c), then each field's classes (compile/fields.c), then
 * the table's head.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile/classifier.h"
#include "compile/fields.h"
#include "compile/order.h"
#include "rules/attr.h"
#include "rules/nesting.h"
#include "util/diag.h"

/*
 * Whether the kernel must test a rule when its scan reaches it (state.bpf.h):
 * inside an IF scope, with patterns, an IF or shun rule, or a permit or
 * deny rule that expires.
 */
static bool needs_check(const struct filter_rule *r, const uint16_t *scopes)
{
	return scopes[0] || r->pattern_kind != PATTERN_NONE || r->action == EBFILT_IF ||
	       r->action == EBFILT_SHUN_HOST ||
	       r->action == EBFILT_SHUN_PORT ||
	       (r->expire && (r->action == EBFILT_PERMIT || r->action == EBFILT_DENY));
}

/* The IF scopes of every rule, with ckfilt's checks and messages. */
static uint16_t (*table_scopes(const struct rule_table *table, int *err))[EBFILT_SCOPE_DEPTH]
{
	uint16_t (*scopes)[EBFILT_SCOPE_DEPTH] = calloc(table->count + 1, sizeof(*scopes));
	struct nesting_fault fault;

	*err = scopes ? rule_nesting_scopes(table, scopes, &fault) : -ENOMEM;
	if (*err == -EINVAL)
		pr_err("IPv%u rule %lu: %s", table->version, fault.id, fault.why);
	if (*err) {
		free(scopes);
		return NULL;
	}
	return scopes;
}

static int build_rules(struct classifier *c, const struct rule_table *table, uint32_t *rule_iface)
{
	uint16_t (*scopes)[EBFILT_SCOPE_DEPTH];
	uint8_t *sets;
	size_t i;
	int err;

	c->rules = calloc(table->count + 1, sizeof(*c->rules));
	if (!c->rules)
		return -ENOMEM;
	scopes = table_scopes(table, &err);
	if (!scopes)
		return err;
	sets = calloc(table->count + 1, 1);
	err = sets ? patterns_compile(table, sets, &c->patterns) : -ENOMEM;
	if (c->patterns.meta.nstates)
		c->table.flags |= EBFILT_TABLE_PATTERNS;
	rule_encode(&table->default_rule, &c->rules[0]);
	if (table->default_rule.log & RULE_LOG_SESSION)
		c->table.flags |= EBFILT_TABLE_SESSIONS;
	c->log_slots = 1;	/* 0: the default rule's */
	for (i = 0; i < table->count && !err; i++) {
		const struct filter_rule *r = &table->rules[i];

		rule_encode(r, &c->rules[i + 1]);
		c->rules[i + 1].pattern_set = sets[i];
		memcpy(c->rules[i + 1].scopes, scopes[i], sizeof(scopes[i]));
		if (needs_check(r, scopes[i])) {
			c->rules[i + 1].flags |= EBFILT_RULE_CHECK;
			c->table.flags |= EBFILT_TABLE_CHECKS;
		}
		/* Only per-packet records need a slot; -l S alone writes none. */
		if (r->log & RULE_LOG_YES)
			c->rules[i + 1].log_slot = (uint16_t)c->log_slots++;
		if (r->log & RULE_LOG_SESSION)
			c->table.flags |= EBFILT_TABLE_SESSIONS;
		c->uses_if |= r->action == EBFILT_IF;
		if (r->action == EBFILT_SHUN_HOST || r->action == EBFILT_SHUN_PORT)
			c->table.flags |= EBFILT_TABLE_SHUN;
		if (table->rules[i].scope != EBFILT_SCOPE_BOTH)
			c->table.flags |= EBFILT_TABLE_NEED_SCOPE;
		if (iface_class(c, table->rules[i].iface, &rule_iface[i])) {
			pr_err("IPv%u rule %zu: -i %s: more than %d interfaces are named in one table",
			       table->version, i + 1, table->rules[i].iface, EBFILT_MAX_IFACES - 1);
			err = -E2BIG;
			break;
		}
		c->rules[i + 1].iface_class = (uint8_t)rule_iface[i];
	}
	free(scopes);
	free(sets);
	return err;
}

static bool tunnel_used(const struct rule_table *table, unsigned int id)
{
	size_t i;

	for (i = 0; i < table->count; i++)
		if (table->rules[i].tunnel == id)
			return true;
	return false;
}

/*
 * Every tunnel ebfilt.conf binds, and every xfrm interface whose if_id a
 * rule names, is an interface class that knows its tunnel ID, so that -t N
 * rules accept its traffic and -t 0 rules do not. (An xfrm interface no
 * rule names counts as a plain interface: a host may have hundreds.)
 */
static int tunnel_classes(struct classifier *c, const struct rule_table *table,
			  const struct tunnel_map *tunnels)
{
	uint32_t class;
	size_t i;

	for (i = 0; tunnels && i < tunnels->count; i++) {
		if (tunnels->tunnels[i].xfrm && !tunnel_used(table, tunnels->tunnels[i].id))
			continue;
		if (iface_class(c, tunnels->tunnels[i].name, &class)) {
			pr_err("IPv%u: more than %d interfaces are named in rules and tunnels",
			       table->version, EBFILT_MAX_IFACES - 1);
			return -E2BIG;
		}
		c->iface_tunnel[class] = tunnels->tunnels[i].id;
	}
	for (i = 0; i < table->count; i++)
		if (table->rules[i].tunnel && (!tunnels || !tunnel_find(tunnels, table->rules[i].tunnel)))
			pr_warn("IPv%u rule %zu: tunnel %u is bound to no interface (ebfilt.conf: "
				"tunnel %u NAME, or an xfrm interface with if_id %u): it matches nothing",
				table->version, i + 1, table->rules[i].tunnel, table->rules[i].tunnel,
				table->rules[i].tunnel);
	return 0;
}

/*
 * Each field's classes, over the rules in bit order (compile/order.h): a
 * copy of the table in that order, whose rule index is the bit.
 */
static int build_classes(struct classifier *c, const struct rule_table *table,
			 const uint32_t *rule_iface)
{
	struct rule_table bits = *table;
	uint32_t *order = calloc(table->count + 1, sizeof(*order));
	uint32_t *bit_iface = calloc(table->count + 1, sizeof(*bit_iface));
	struct filter_rule *rules = calloc(table->count + 1, sizeof(*rules));
	size_t b;
	int err = -ENOMEM;

	c->order = calloc(1, sizeof(*c->order));
	if (!order || !bit_iface || !rules || !c->order)
		goto out;
	err = rule_order_build(table, c->table.flags & EBFILT_TABLE_CHECKS, order);
	if (err)
		goto out;
	rule_order_encode(order, table->count, c->order);
	for (b = 0; b < table->count; b++) {
		rules[b] = table->rules[order[b]];
		bit_iface[b] = rule_iface[order[b]];
	}
	bits.rules = rules;
	err = build_addr_classes(c, &bits, true, &c->src, &c->nsrc, &c->table.src_any_class);
	if (!err)
		err = build_addr_classes(c, &bits, false, &c->dst, &c->ndst,
					 &c->table.dst_any_class);
	if (!err)
		err = build_port_classes(c, &bits, true, c->sport);
	if (!err)
		err = build_port_classes(c, &bits, false, c->dport);
	if (!err)
		err = build_proto_classes(c, &bits);
	if (!err)
		err = build_meta_classes(c, &bits, bit_iface);
out:
	free(rules);
	free(bit_iface);
	free(order);
	return err;
}

int classifier_build(struct classifier *c, const struct rule_table *table,
		     const struct tunnel_map *tunnels)
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
	err = rule_iface ? tunnel_classes(c, table, tunnels) : -ENOMEM;
	if (!err)
		err = build_rules(c, table, rule_iface);
	if (!err)
		err = build_classes(c, table, rule_iface);
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
	if (c->nifaces)
		c->table.flags |= EBFILT_TABLE_IFACES;
	c->table.src_bounds = (uint32_t)c->nsrc;
	c->table.dst_bounds = (uint32_t)c->ndst;
	return 0;
}

void classifier_free(struct classifier *c)
{
	free(c->bitmaps);
	free(c->hashes);
	free(c->intern);
	free(c->src);
	free(c->dst);
	free(c->rules);
	free(c->order);
	pattern_dfa_free(&c->patterns);
	memset(c, 0, sizeof(*c));
}
