/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How rules are shown to people: lsfilt's verbose and -O layouts (AIX's),
 * ckfilt's one-line summary, and addresses and masks in their usual
 * notation. The layouts walk the attribute table (rules/attr.h). Rule ID 0
 * is the default rule.
 */
#ifndef EBFILT_RULES_FORMAT_H
#define EBFILT_RULES_FORMAT_H

#include <arpa/inet.h>
#include <stdio.h>

#include "rules/rule.h"
#include "util/json.h"

#define RULE_ADDR_TEXT_MAX INET6_ADDRSTRLEN

/* Address in its usual notation; returns buf. */
const char *rule_addr_text(uint8_t version, const struct rule_addr *addr,
			   char buf[RULE_ADDR_TEXT_MAX]);
/* IPv4: dotted mask; IPv6: prefix length. Returns buf. */
const char *rule_mask_text(uint8_t version, uint8_t prefix, char buf[RULE_ADDR_TEXT_MAX]);

/* "Rule N:" and the labelled lines, as lsfilt prints them. */
void rule_print_verbose(FILE *out, unsigned long id, const struct filter_rule *rule);
/* The 22 |-separated fields of lsfilt -O. */
void rule_print_fields(FILE *out, unsigned long id, const struct filter_rule *rule);
/* The 22 fields and then packet and byte counters (lsfilt -a -O). */
void rule_print_counted_fields(FILE *out, unsigned long id, const struct filter_rule *rule,
			       uint64_t packets, uint64_t bytes);
/*
 * Into the open JSON object: "id", then every attribute with a JSON name
 * (rules/attr.c), as a rule file spells it; ports, tunnel and expiry as
 * numbers, a pattern or pattern file the rule does not have as null.
 */
void rule_print_json(struct json_out *j, unsigned long id, const struct filter_rule *rule);
/* "deny tcp 192.0.2.1/255.255.255.255 any 0 -> 0.0.0.0/0.0.0.0 eq 22 inbound". */
void rule_print_summary(FILE *out, const struct filter_rule *rule);

#endif
