// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

#define IPPROTO_OSPF 89	/* not in netinet/in.h */

/*
 * The spellings of each set of enumerated values, in the order messages
 * list them: the values (0, 1, ... unless given), their letters for the
 * command line (none: the word itself is typed), their words for rule
 * files, and the texts lsfilt shows where they are not the words.
 */
#define CODES(...)	((const char *const[]){ __VA_ARGS__ })

static const struct name_set_info {
	unsigned int count;
	const int *values;
	const char *const *letters;
	const char *const *words;
	const char *const *texts;
} sets[] = {
	[NAMES_ACTION] = { 7, NULL, CODES("D", "P", "I", "L", "E", "H", "S"), CODES(
		"deny", "permit", "if", "else", "endif", "shun_host", "shun_port"), NULL },
	[NAMES_OP] = { 7, NULL, NULL, CODES("any", "eq", "neq", "lt", "le", "gt", "ge"), NULL },
	[NAMES_SCOPE] = { 3, NULL, CODES("B", "L", "R"), CODES("both", "local", "route"), NULL },
	[NAMES_DIR] = { 3, NULL, CODES("B", "I", "O"), CODES("both", "inbound", "outbound"), NULL },
	[NAMES_FRAG] = { 4, NULL, CODES("Y", "N", "O", "H"), CODES("yes", "no", "only", "headers"),
		CODES("all packets", "unfragmented packets only",
		      "fragments and fragment headers only",
		      "fragment headers and unfragmented packets only") },
	[NAMES_YESNO] = { 2, (const int[]){ 1, 0 }, CODES("Y", "N"), CODES("yes", "no"), NULL },
	/* S (sessions) alone, or with Y or D: "YS", "DS" (genfilt(8)). */
	[NAMES_LOG] = { 6, (const int[]){ RULE_LOG_YES, RULE_LOG_NO, RULE_LOG_DETAIL,
			  RULE_LOG_SESSION, RULE_LOG_YES_SESSION, RULE_LOG_DETAIL_SESSION },
			CODES("Y", "N", "D", "S", "YS", "DS"),
			CODES("yes", "no", "detail", "session", "yes+session", "detail+session"),
			NULL },
	[NAMES_PROTO] = { 9, (const int[]){ PROTO_ALL, IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP,
			  IPPROTO_UDP, IPPROTO_ESP, IPPROTO_AH, IPPROTO_ICMPV6, IPPROTO_OSPF }, NULL,
			  CODES("all", "icmp", "ipip", "tcp", "udp", "esp", "ah", "icmpv6", "ospf"),
			  NULL },
};

static int value_at(const struct name_set_info *set, unsigned int i)
{
	return set->values ? set->values[i] : (int)i;
}

/* The position of value in its set, or -1. */
static int find(enum name_set set, int value)
{
	unsigned int i;

	for (i = 0; i < sets[set].count; i++)
		if (value_at(&sets[set], i) == value)
			return (int)i;
	return -1;
}

int rule_name_by_letter(enum name_set set, const char *arg, int *value)
{
	unsigned int i;

	for (i = 0; sets[set].letters && i < sets[set].count; i++) {
		if (!strcasecmp(sets[set].letters[i], arg)) {
			*value = value_at(&sets[set], i);
			return 0;
		}
	}
	return -EINVAL;
}

int rule_name_by_word(enum name_set set, const char *word, int *value)
{
	unsigned int i;

	for (i = 0; i < sets[set].count; i++) {
		if (strcmp(sets[set].words[i], word) == 0) {
			*value = value_at(&sets[set], i);
			return 0;
		}
	}
	return -EINVAL;
}

const char *rule_name_letter(enum name_set set, int value)
{
	int i = find(set, value);

	return i >= 0 && sets[set].letters ? sets[set].letters[i] : "?";
}

const char *rule_name_word(enum name_set set, int value)
{
	int i = find(set, value);

	return i >= 0 ? sets[set].words[i] : "?";
}

const char *rule_name_text(enum name_set set, int value)
{
	int i = find(set, value);

	if (i < 0)
		return "?";
	return sets[set].texts ? sets[set].texts[i] : sets[set].words[i];
}

const char *rule_name_letters(enum name_set set)
{
	static char buf[48];
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; sets[set].letters && i < sets[set].count && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? "|" : "",
					sets[set].letters[i]);
	return buf;
}

const char *proto_text(uint8_t proto, bool tcp_ack, char buf[4])
{
	if (tcp_ack)
		return "tcp/ack";
	if (find(NAMES_PROTO, proto) >= 0)
		return rule_name_word(NAMES_PROTO, proto);
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
	if (rule_name_by_word(NAMES_PROTO, word, &value))
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

void rule_addr_masked(const struct rule_addr *a, uint8_t out[16])
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		out[i] = a->prefix >= (i + 1) * 8 ? a->bytes[i]
			 : a->prefix <= i * 8	  ? 0
						  : a->bytes[i] & (uint8_t)(0xff << (8 - a->prefix % 8));
}
