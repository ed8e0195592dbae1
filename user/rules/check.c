// SPDX-License-Identifier: GPL-2.0
/* The constraints between a rule's attributes, wherever the rule came from. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>

#include "rules/attr.h"
#include "rules/format.h"

static int fault_at(struct rule_fault *fault, enum rule_attr attr, const char *why)
{
	fault->attr = attr;
	snprintf(fault->why, sizeof(fault->why), "%s", why);
	return -EINVAL;
}

static int fault_outside_mask(struct rule_fault *fault, enum rule_attr attr,
			      uint8_t version, uint8_t prefix)
{
	char mask[RULE_ADDR_TEXT_MAX];

	fault->attr = attr;
	snprintf(fault->why, sizeof(fault->why), "address has bits set outside its mask %s",
		 rule_mask_text(version, prefix, mask));
	return -EINVAL;
}

/* Whether any address bit lies outside the prefix. */
static bool host_bits_set(const struct rule_addr *addr)
{
	unsigned int byte;

	for (byte = 0; byte < 16; byte++) {
		unsigned int first_bit = byte * 8;
		uint8_t keep;

		if (first_bit >= addr->prefix)
			keep = 0;
		else if (first_bit + 8 <= addr->prefix)
			keep = 0xff;
		else
			keep = (uint8_t)(0xff << (8 - (addr->prefix - first_bit)));
		if (addr->bytes[byte] & ~keep)
			return true;
	}
	return false;
}

/* Protocols whose packets have ports (or ICMP type and code) to compare. */
static bool proto_has_ports(uint8_t proto)
{
	return proto == PROTO_ALL || proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
}

static int check_ports(const struct filter_rule *rule, struct rule_fault *fault)
{
	char name[4], why[96];

	if (!proto_has_ports(rule->proto)) {
		snprintf(why, sizeof(why), "operator must be any with protocol %s",
			 proto_text(rule->proto, rule->tcp_ack, name));
		if (rule->sport.op != EBFILT_OP_ANY)
			return fault_at(fault, ATTR_SOP, why);
		if (rule->dport.op != EBFILT_OP_ANY)
			return fault_at(fault, ATTR_DOP, why);
	}
	if (rule_is_icmp(rule)) {
		if (rule->sport.value > 255)
			return fault_at(fault, ATTR_SPORT, "ICMP type out of range 0-255");
		if (rule->dport.value > 255)
			return fault_at(fault, ATTR_DPORT, "ICMP code out of range 0-255");
	}
	return 0;
}

int rule_check(const struct filter_rule *rule, struct rule_fault *fault)
{
	if (rule->version == 4 && rule->proto == IPPROTO_ICMPV6)
		return fault_at(fault, ATTR_PROTO, "icmpv6 is not valid in an IPv4 rule (use icmp)");
	if (rule->version == 6 && rule->proto == IPPROTO_ICMP)
		return fault_at(fault, ATTR_PROTO, "icmp is not valid in an IPv6 rule (use icmpv6)");
	if (rule->version == 4 && (rule->src.prefix > 32 || rule->dst.prefix > 32))
		return fault_at(fault, rule->src.prefix > 32 ? ATTR_SMASK : ATTR_DMASK,
				"IPv4 prefix longer than 32 bits");
	if (host_bits_set(&rule->src))
		return fault_outside_mask(fault, ATTR_SRC, rule->version, rule->src.prefix);
	if (host_bits_set(&rule->dst))
		return fault_outside_mask(fault, ATTR_DST, rule->version, rule->dst.prefix);
	if (check_ports(rule, fault))
		return -EINVAL;
	if (rule->pattern_kind != PATTERN_NONE && rule->dir == EBFILT_DIR_OUTBOUND)
		return fault_at(fault, ATTR_DIR, "patterns are matched on inbound packets only");
	/* A session is what a permit rule lets through: no other rule has one to summarise. */
	if ((rule->log & RULE_LOG_SESSION) && rule->action != EBFILT_PERMIT)
		return fault_at(fault, ATTR_LOG, "session logging (S) is for permit rules only; "
				"this rule permits no session");
	return 0;
}
