// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>
#include <string.h>

#include "oracle.h"

static bool addr_matches(const struct rule_addr *rule, const uint8_t *addr)
{
	int bit;

	for (bit = 0; bit < rule->prefix; bit++) {
		int mask = 0x80 >> (bit % 8);

		if ((rule->bytes[bit / 8] & mask) != (addr[bit / 8] & mask))
			return false;
	}
	return true;
}

static bool op_matches(const struct port_match *m, uint16_t value)
{
	switch (m->op) {
	case EBFILT_OP_ANY: return true;
	case EBFILT_OP_EQ:  return value == m->value;
	case EBFILT_OP_NEQ: return value != m->value;
	case EBFILT_OP_LT:  return value < m->value;
	case EBFILT_OP_LE:  return value <= m->value;
	case EBFILT_OP_GT:  return value > m->value;
	case EBFILT_OP_GE:  return value >= m->value;
	}
	return false;
}

static bool has_ports(const struct test_packet *p)
{
	return p->frag != EBFILT_FRAG_LATER &&
	       (p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP ||
		p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6);
}

static bool rule_matches(const struct filter_rule *r, const struct test_packet *p,
			 const struct test_path *path)
{
	bool ack = p->tcp_ack && p->frag != EBFILT_FRAG_LATER;

	if (!addr_matches(&r->src, p->saddr) || !addr_matches(&r->dst, p->daddr))
		return false;
	if (r->proto != PROTO_ALL && !(p->ah && r->proto == IPPROTO_AH) &&
	    !(r->proto == p->proto && (!r->tcp_ack || ack)))
		return false;
	if (has_ports(p)) {
		if (!op_matches(&r->sport, p->sport) || !op_matches(&r->dport, p->dport))
			return false;
	} else if (r->sport.op != EBFILT_OP_ANY || r->dport.op != EBFILT_OP_ANY) {
		return false;
	}
	if (r->dir == EBFILT_DIR_INBOUND && !path->inbound)
		return false;
	if (r->dir == EBFILT_DIR_OUTBOUND && path->inbound)
		return false;
	if (r->scope == EBFILT_SCOPE_LOCAL && !path->local)
		return false;
	if (r->scope == EBFILT_SCOPE_ROUTE && path->local)
		return false;
	if (strcmp(r->iface, "all") && strcmp(r->iface, path->iface))
		return false;
	if (r->frag == EBFILT_FRAGCTL_NONE && p->frag != EBFILT_FRAG_NONE)
		return false;
	if (r->frag == EBFILT_FRAGCTL_ONLY && p->frag == EBFILT_FRAG_NONE)
		return false;
	if (r->frag == EBFILT_FRAGCTL_HEADERS && p->frag == EBFILT_FRAG_LATER)
		return false;
	if (p->srcroute && !r->src_route && r->action == EBFILT_PERMIT)
		return false;
	return true;
}

unsigned long oracle_match(const struct rule_table *table, const struct test_packet *pkt,
			   const struct test_path *path)
{
	size_t i;

	for (i = 0; i < table->count; i++)
		if (rule_matches(&table->rules[i], pkt, path))
			return i + 1;
	return 0;
}
