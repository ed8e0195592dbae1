// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "rules/rule.h"

const struct rule_name action_names[] = {
	{ EBFILT_DENY,      'D', "deny",      "deny" },
	{ EBFILT_PERMIT,    'P', "permit",    "permit" },
	{ EBFILT_IF,        'I', "if",        "if" },
	{ EBFILT_ELSE,      'L', "else",      "else" },
	{ EBFILT_ENDIF,     'E', "endif",     "endif" },
	{ EBFILT_SHUN_HOST, 'H', "shun_host", "shun_host" },
	{ EBFILT_SHUN_PORT, 'S', "shun_port", "shun_port" },
	{ 0, 0, NULL, NULL },
};

/* Operators have no letter: genfilt takes the word itself. */
const struct rule_name op_names[] = {
	{ EBFILT_OP_ANY, 0, "any", "any" },
	{ EBFILT_OP_EQ,  0, "eq",  "eq" },
	{ EBFILT_OP_NEQ, 0, "neq", "neq" },
	{ EBFILT_OP_LT,  0, "lt",  "lt" },
	{ EBFILT_OP_LE,  0, "le",  "le" },
	{ EBFILT_OP_GT,  0, "gt",  "gt" },
	{ EBFILT_OP_GE,  0, "ge",  "ge" },
	{ 0, 0, NULL, NULL },
};

const struct rule_name scope_names[] = {
	{ EBFILT_SCOPE_BOTH,  'B', "both",  "both" },
	{ EBFILT_SCOPE_LOCAL, 'L', "local", "local" },
	{ EBFILT_SCOPE_ROUTE, 'R', "route", "route" },
	{ 0, 0, NULL, NULL },
};

const struct rule_name dir_names[] = {
	{ EBFILT_DIR_BOTH,     'B', "both",     "both" },
	{ EBFILT_DIR_INBOUND,  'I', "inbound",  "inbound" },
	{ EBFILT_DIR_OUTBOUND, 'O', "outbound", "outbound" },
	{ 0, 0, NULL, NULL },
};

const struct rule_name frag_names[] = {
	{ EBFILT_FRAGCTL_ALL,     'Y', "yes",     "all packets" },
	{ EBFILT_FRAGCTL_NONE,    'N', "no",      "unfragmented packets only" },
	{ EBFILT_FRAGCTL_ONLY,    'O', "only",    "fragments and fragment headers only" },
	{ EBFILT_FRAGCTL_HEADERS, 'H', "headers", "fragment headers and unfragmented packets only" },
	{ 0, 0, NULL, NULL },
};

const struct rule_name yesno_names[] = {
	{ 1, 'Y', "yes", "yes" },
	{ 0, 'N', "no",  "no" },
	{ 0, 0, NULL, NULL },
};

int rule_name_by_letter(const struct rule_name *table, const char *arg, int *value)
{
	if (!arg[0] || arg[1])
		return -EINVAL;
	for (; table->word; table++) {
		if (table->letter && table->letter == toupper((unsigned char)arg[0])) {
			*value = table->value;
			return 0;
		}
	}
	return -EINVAL;
}

int rule_name_by_word(const struct rule_name *table, const char *word, int *value)
{
	for (; table->word; table++) {
		if (strcmp(table->word, word) == 0) {
			*value = table->value;
			return 0;
		}
	}
	return -EINVAL;
}

static const struct rule_name *rule_name_find(const struct rule_name *table, int value)
{
	for (; table->word; table++)
		if (table->value == value)
			return table;
	return NULL;
}

char rule_name_letter(const struct rule_name *table, int value)
{
	const struct rule_name *name = rule_name_find(table, value);

	return name && name->letter ? name->letter : '?';
}

const char *rule_name_word(const struct rule_name *table, int value)
{
	const struct rule_name *name = rule_name_find(table, value);

	return name ? name->word : "?";
}

const char *rule_name_text(const struct rule_name *table, int value)
{
	const struct rule_name *name = rule_name_find(table, value);

	return name ? name->text : "?";
}

const char *rule_name_letters(const struct rule_name *table)
{
	static char buf[32];
	size_t len = 0;

	for (; table->word && len + 2 < sizeof(buf); table++) {
		if (len)
			buf[len++] = '|';
		buf[len++] = table->letter;
	}
	buf[len] = '\0';
	return buf;
}

static const struct rule_name proto_names[] = {
	{ PROTO_ALL,       0, "all",    "all" },
	{ IPPROTO_ICMP,    0, "icmp",   "icmp" },
	{ IPPROTO_IPIP,    0, "ipip",   "ipip" },
	{ IPPROTO_TCP,     0, "tcp",    "tcp" },
	{ IPPROTO_UDP,     0, "udp",    "udp" },
	{ IPPROTO_ESP,     0, "esp",    "esp" },
	{ IPPROTO_AH,      0, "ah",     "ah" },
	{ IPPROTO_ICMPV6,  0, "icmpv6", "icmpv6" },
	{ 89,              0, "ospf",   "ospf" },
	{ 0, 0, NULL, NULL },
};

const char *proto_text(uint8_t proto, bool tcp_ack, char buf[4])
{
	const struct rule_name *name;

	if (tcp_ack)
		return "tcp/ack";
	name = rule_name_find(proto_names, proto);
	if (name)
		return name->word;
	snprintf(buf, 4, "%u", proto);
	return buf;
}

int proto_by_name(const char *word, uint8_t *proto, bool *tcp_ack)
{
	int value;

	*tcp_ack = strcmp(word, "tcp/ack") == 0;
	if (*tcp_ack) {
		*proto = IPPROTO_TCP;
		return 0;
	}
	if (rule_name_by_word(proto_names, word, &value))
		return -EINVAL;
	*proto = (uint8_t)value;
	return 0;
}

void rule_init(struct filter_rule *rule, uint8_t version)
{
	memset(rule, 0, sizeof(*rule));
	rule->version = version;
	rule->action = EBFILT_DENY;
	rule->src_route = true;
	rule->proto = PROTO_ALL;
	rule->scope = EBFILT_SCOPE_BOTH;
	rule->dir = EBFILT_DIR_BOTH;
	rule->frag = EBFILT_FRAGCTL_ALL;
	strcpy(rule->iface, "all");
}

bool rule_is_icmp(const struct filter_rule *rule)
{
	return rule->proto == IPPROTO_ICMP || rule->proto == IPPROTO_ICMPV6;
}
