// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "rule_format.h"

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

static char letter_of(const struct rule_name *table, int value)
{
	for (; table->word; table++)
		if (table->value == value)
			return table->letter;
	return '?';
}

void rule_attr_value(const struct filter_rule *rule, enum rule_attr attr,
		     char *buf, size_t size)
{
	char text[RULE_ADDR_TEXT_MAX];

	switch (attr) {
	case ATTR_ACTION:   snprintf(buf, size, "%c", letter_of(action_names, rule->action)); break;
	case ATTR_SRC:      snprintf(buf, size, "%s", rule_addr_text(rule->version, &rule->src, text)); break;
	case ATTR_SMASK:    snprintf(buf, size, "%s", rule_mask_text(rule->version, rule->src.prefix, text)); break;
	case ATTR_DST:      snprintf(buf, size, "%s", rule_addr_text(rule->version, &rule->dst, text)); break;
	case ATTR_DMASK:    snprintf(buf, size, "%s", rule_mask_text(rule->version, rule->dst.prefix, text)); break;
	case ATTR_SRCROUTE: snprintf(buf, size, "%c", rule->src_route ? 'Y' : 'N'); break;
	case ATTR_PROTO:    snprintf(buf, size, "%s", proto_text(rule->proto, rule->tcp_ack, text)); break;
	case ATTR_SOP:      snprintf(buf, size, "%s", rule_name_word(op_names, rule->sport.op)); break;
	case ATTR_SPORT:    snprintf(buf, size, "%u", rule->sport.value); break;
	case ATTR_DOP:      snprintf(buf, size, "%s", rule_name_word(op_names, rule->dport.op)); break;
	case ATTR_DPORT:    snprintf(buf, size, "%u", rule->dport.value); break;
	case ATTR_SCOPE:    snprintf(buf, size, "%c", letter_of(scope_names, rule->scope)); break;
	case ATTR_DIR:      snprintf(buf, size, "%c", letter_of(dir_names, rule->dir)); break;
	case ATTR_LOG:      snprintf(buf, size, "%c", rule->log ? 'Y' : 'N'); break;
	case ATTR_FRAG:     snprintf(buf, size, "%c", letter_of(frag_names, rule->frag)); break;
	case ATTR_TUNNEL:   snprintf(buf, size, "%u", rule->tunnel); break;
	case ATTR_IFACE:    snprintf(buf, size, "%s", rule->iface); break;
	case ATTR_DESC:     snprintf(buf, size, "%s", rule->desc); break;
	case ATTR_EXPIRE:   snprintf(buf, size, "%u", rule->expire); break;
	case ATTR_PATTERN:
	case ATTR_PATTERN_FILE:
	case ATTR_COUNT:    snprintf(buf, size, "%s", rule->pattern); break;
	}
}

static const char *pattern_type_text(enum pattern_kind kind)
{
	switch (kind) {
	case PATTERN_TEXT: return "Pattern";
	case PATTERN_FILE: return "Pattern File";
	default:           return "";
	}
}

#define LABEL "%-20s: "

static void print_port(FILE *out, const char *label, const struct port_match *port)
{
	fprintf(out, LABEL "%-3s %u\n", label, rule_name_word(op_names, port->op), port->value);
}

void rule_print_verbose(FILE *out, unsigned long id, const struct filter_rule *rule)
{
	char text[RULE_ADDR_TEXT_MAX];
	bool icmp = rule_is_icmp(rule);
	uint8_t v = rule->version;

	fprintf(out, "Rule %lu:\n", id);
	fprintf(out, LABEL "%s\n", "Rule action", rule_name_text(action_names, rule->action));
	fprintf(out, LABEL "%s\n", "Source Address", rule_addr_text(v, &rule->src, text));
	fprintf(out, LABEL "%s\n", "Source Mask", rule_mask_text(v, rule->src.prefix, text));
	fprintf(out, LABEL "%s\n", "Destination Address", rule_addr_text(v, &rule->dst, text));
	fprintf(out, LABEL "%s\n", "Destination Mask", rule_mask_text(v, rule->dst.prefix, text));
	fprintf(out, LABEL "%s\n", "Source Routing", rule->src_route ? "yes" : "no");
	fprintf(out, LABEL "%s\n", "Protocol", proto_text(rule->proto, rule->tcp_ack, text));
	print_port(out, icmp ? "ICMP type" : "Source Port", &rule->sport);
	print_port(out, icmp ? "ICMP code" : "Destination Port", &rule->dport);
	fprintf(out, LABEL "%s\n", "Scope", rule_name_text(scope_names, rule->scope));
	fprintf(out, LABEL "%s\n", "Direction", rule_name_text(dir_names, rule->dir));
	fprintf(out, LABEL "%s\n", "Logging control", rule->log ? "yes" : "no");
	fprintf(out, LABEL "%s\n", "Fragment control", rule_name_text(frag_names, rule->frag));
	fprintf(out, LABEL "%u\n", "Tunnel ID number", rule->tunnel);
	fprintf(out, LABEL "%s\n", "Interface", rule->iface);
	fprintf(out, LABEL "%s\n", "Auto-Generated", id == 0 ? "yes" : "no");
	fprintf(out, LABEL "%u\n", "Expiration Time", rule->expire);
	if (rule->pattern_kind != PATTERN_NONE) {
		fprintf(out, LABEL "%s\n", "Pattern Type", pattern_type_text(rule->pattern_kind));
		fprintf(out, LABEL "%s\n", "Pattern", rule->pattern);
	}
	fprintf(out, LABEL "%s\n", "Description", rule->desc);
}

static void print_fields(FILE *out, unsigned long id, const struct filter_rule *rule)
{
	char src[RULE_ADDR_TEXT_MAX], smask[RULE_ADDR_TEXT_MAX];
	char dst[RULE_ADDR_TEXT_MAX], dmask[RULE_ADDR_TEXT_MAX], proto[4];
	uint8_t v = rule->version;

	fprintf(out, "%lu|%s|%s|%s|%s|%s|%s|%s|%s|%u|%s|%u|%s|%s|%s|%s|%u|%s|%u|%s|%s|%s",
		id, rule_name_text(action_names, rule->action),
		rule_addr_text(v, &rule->src, src), rule_mask_text(v, rule->src.prefix, smask),
		rule_addr_text(v, &rule->dst, dst), rule_mask_text(v, rule->dst.prefix, dmask),
		rule->src_route ? "yes" : "no", proto_text(rule->proto, rule->tcp_ack, proto),
		rule_name_word(op_names, rule->sport.op), rule->sport.value,
		rule_name_word(op_names, rule->dport.op), rule->dport.value,
		rule_name_text(scope_names, rule->scope), rule_name_text(dir_names, rule->dir),
		rule->log ? "yes" : "no", rule_name_text(frag_names, rule->frag),
		rule->tunnel, rule->iface, rule->expire,
		pattern_type_text(rule->pattern_kind), rule->pattern, rule->desc);
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
	char addr[RULE_ADDR_TEXT_MAX], mask[RULE_ADDR_TEXT_MAX], proto[4];
	uint8_t v = rule->version;

	fprintf(out, "%s %s", rule_name_text(action_names, rule->action),
		proto_text(rule->proto, rule->tcp_ack, proto));
	fprintf(out, " %s/%s %s %u", rule_addr_text(v, &rule->src, addr),
		rule_mask_text(v, rule->src.prefix, mask),
		rule_name_word(op_names, rule->sport.op), rule->sport.value);
	fprintf(out, " -> %s/%s %s %u %s", rule_addr_text(v, &rule->dst, addr),
		rule_mask_text(v, rule->dst.prefix, mask),
		rule_name_word(op_names, rule->dport.op), rule->dport.value,
		rule_name_text(dir_names, rule->dir));
	if (rule->desc[0])
		fprintf(out, " \"%s\"", rule->desc);
	fputc('\n', out);
}
