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

/* Bytes of the transport header rules read (0: none). */
static size_t transport_needed(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:    return 20;
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: return 8;
	default:             return 0;
	}
}

/* What packet_build() writes after the IP headers. */
static size_t transport_written(const struct test_packet *p)
{
	if (p->frag == EBFILT_FRAG_LATER)
		return 8;
	return p->proto == IPPROTO_TCP ? 20 : p->proto == IPPROTO_UDP ? 16 : 8;
}

int oracle_unseen(const struct test_packet *p)
{
	bool later = p->frag == EBFILT_FRAG_LATER;
	size_t link = 14 + 4u * p->vlans, ip, needed, ext;
	unsigned int offset = p->frag_offset ? p->frag_offset : 185;

	if (p->vlans > 2)
		return 1;
	if (14 + 4u * p->vlans + (p->version == 4 ? 20 : 40) + transport_written(p) - p->cut < link)
		return 1;	/* a VLAN tag cut short */
	if (p->version == 4) {
		ip = (p->srcroute ? 28 : 20) + (p->ah && !later ? 12 : 0);
	} else {
		ext = p->ipv6_ext + p->srcroute + (p->frag != EBFILT_FRAG_NONE) + (p->ah && !later);
		if (ext > 8)
			return 1;
		ip = 40 + 8 * (ext - (p->ah && !later)) + (p->ah && !later ? 12 : 0);
	}
	needed = link + ip + (later ? 0 : transport_needed(p->proto));
	if (link + ip + transport_written(p) - p->cut < needed)
		return 1;
	/* IPv6 later fragments, and IPv4 ones behind AH, start at 64 bytes. */
	if (later && offset * 8 < (p->version == 6 || p->ah ? 64 : transport_needed(p->proto)))
		return 2;
	return 0;
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
