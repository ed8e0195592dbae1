// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "rules/attr.h"
#include "rules/format.h"

/* Room for any attribute's value. */
#define VALUE_MAX (RULE_PATTERN_MAX + 1)

const char *rule_addr_text(uint8_t version, const struct rule_addr *addr,
			   char buf[RULE_ADDR_TEXT_MAX])
{
	inet_ntop(version == 4 ? AF_INET : AF_INET6, addr->bytes, buf, RULE_ADDR_TEXT_MAX);
	return buf;
}

const char *rule_mask_text(uint8_t version, uint8_t prefix, char buf[RULE_ADDR_TEXT_MAX])
{
	struct in_addr mask;

	if (version == 6) {
		snprintf(buf, RULE_ADDR_TEXT_MAX, "%u", prefix);
		return buf;
	}
	mask.s_addr = htonl(prefix ? 0xffffffffu << (32 - prefix) : 0);
	inet_ntop(AF_INET, &mask, buf, RULE_ADDR_TEXT_MAX);
	return buf;
}

void rule_print_verbose(FILE *out, unsigned long id, const struct filter_rule *rule)
{
	const struct rule_attr_info *a;
	char value[VALUE_MAX];
	bool open = false;	/* a line is waiting for its newline */

	fprintf(out, "Rule %lu:\n", id);
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++) {
		if (!a->label && !(a->flags & ATTRF_SAME_LINE))
			continue;
		rule_attr_print(rule, (enum rule_attr)(a - rule_attrs), id, SPELL_TEXT, value,
				sizeof(value));
		if (a->flags & ATTRF_SAME_LINE) {
			fprintf(out, " %s", value);
			continue;
		}
		if (open)
			fputc('\n', out);
		open = !(a->flags & ATTRF_LIST_OPTIONAL) || *value;
		if (open)
			fprintf(out, "%-20s: %-*s", a->icmp_label && rule_is_icmp(rule) ? a->icmp_label
											 : a->label,
				a->width, value);
	}
	if (open)
		fputc('\n', out);
}

void rule_print_json(struct json_out *j, unsigned long id, const struct filter_rule *rule)
{
	const struct rule_attr_info *a;
	char value[VALUE_MAX];

	json_uint(j, "id", id);
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++) {
		if (!a->json)
			continue;
		rule_attr_print(rule, (enum rule_attr)(a - rule_attrs), id, SPELL_WORD, value,
				sizeof(value));
		if (a->kind == KIND_PORT || a->kind == KIND_NUMBER)
			json_uint(j, a->json, strtoull(value, NULL, 10));
		else
			json_string(j, a->json, a->kind == KIND_PATTERN && !*value ? NULL : value);
	}
}

static void print_fields(FILE *out, unsigned long id, const struct filter_rule *rule)
{
	const struct rule_attr_info *a;
	char value[VALUE_MAX];

	fprintf(out, "%lu", id);
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++) {
		if (!(a->flags & ATTRF_COLUMN))
			continue;
		rule_attr_print(rule, (enum rule_attr)(a - rule_attrs), id, SPELL_TEXT, value,
				sizeof(value));
		fprintf(out, "|%s", value);
	}
}

void rule_print_fields(FILE *out, unsigned long id, const struct filter_rule *rule)
{
	print_fields(out, id, rule);
	fputc('\n', out);
}

void rule_print_counted_fields(FILE *out, unsigned long id, const struct filter_rule *rule,
			       uint64_t packets, uint64_t bytes)
{
	print_fields(out, id, rule);
	fprintf(out, "|%llu|%llu\n", (unsigned long long)packets, (unsigned long long)bytes);
}

void rule_print_summary(FILE *out, const struct filter_rule *rule)
{
	static const enum rule_attr layout[] = {
		ATTR_ACTION, ATTR_PROTO, ATTR_SRC, ATTR_SMASK, ATTR_SOP, ATTR_SPORT,
		ATTR_DST, ATTR_DMASK, ATTR_DOP, ATTR_DPORT, ATTR_DIR,
	};
	/* What comes before each value of the layout. */
	static const char *const before[] = { "", " ", " ", "/", " ", " ", " -> ", "/", " ", " ", " " };
	char value[VALUE_MAX];
	size_t i;

	for (i = 0; i < sizeof(layout) / sizeof(layout[0]); i++) {
		rule_attr_print(rule, layout[i], 1, SPELL_TEXT, value, sizeof(value));
		fprintf(out, "%s%s", before[i], value);
	}
	if (rule->desc[0])
		fprintf(out, " \"%s\"", rule->desc);
	fputc('\n', out);
}
