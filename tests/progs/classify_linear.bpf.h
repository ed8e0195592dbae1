/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The linear-evaluation build (ebfilt_linear.bpf.c, for make bench and the
 * differential test, never installed): the same first-match decision as
 * classify.bpf.h, taken the obvious way, testing one rule of the rules map
 * after the other. It shows what the bitmap classifier saves, and gives the
 * differential test a second kernel implementation to hold to the oracle.
 */
#ifndef EBFILT_CLASSIFY_LINEAR_BPF_H
#define EBFILT_CLASSIFY_LINEAR_BPF_H

#include <bpf/bpf_endian.h>

#include "classify.bpf.h"

/* The packet's side of the comparison, worked out once for all rules. */
struct linear_scan {
	void *rules;
	const struct packet_info *pkt;
	__u32 proto_key;
	__u32 iface;		/* interface class of the packet's interface */
	__u32 inbound, local;
	bool v4;		/* the same state checks as the bitmap build */
	int result;		/* matching rule's bit, -1 while none */
};

/* Do the first prefix bits of two network-order addresses agree? */
static __always_inline bool prefix_matches(const __u8 *rule, const __u8 *addr, __u32 prefix)
{
	__u32 w, bits, a, r;

#pragma unroll
	for (w = 0; w < 4; w++) {
		if (prefix <= w * 32)
			break;
		bits = prefix - w * 32 > 32 ? 32 : prefix - w * 32;
		__builtin_memcpy(&a, addr + w * 4, 4);
		__builtin_memcpy(&r, rule + w * 4, 4);
		if ((a ^ r) & bpf_htonl(~0u << (32 - bits)))
			return false;
	}
	return true;
}

static __always_inline bool port_matches(__u8 op, __u16 value, __u16 port)
{
	switch (op) {
	case EBFILT_OP_ANY: return true;
	case EBFILT_OP_EQ:  return port == value;
	case EBFILT_OP_NEQ: return port != value;
	case EBFILT_OP_LT:  return port < value;
	case EBFILT_OP_LE:  return port <= value;
	case EBFILT_OP_GT:  return port > value;
	case EBFILT_OP_GE:  return port >= value;
	}
	return false;
}

static __always_inline bool proto_matches(const struct ebfilt_rule *r, __u32 key)
{
	if (key == EBFILT_PROTO_ABSENT)
		return r->proto == 0;
	if (r->proto == 0)
		return true;
	if ((key & EBFILT_PROTO_AH) && r->proto == 51 /* IPPROTO_AH */)
		return true;
	return r->proto == (key & 0xff) &&
	       (!(r->flags & EBFILT_RULE_TCP_ACK) || (key & EBFILT_PROTO_ACK));
}

static __always_inline bool path_matches(const struct ebfilt_rule *r,
					 const struct linear_scan *st)
{
	const struct packet_info *pkt = st->pkt;

	/* iface: the class, and the tunnel ID above it (0: no tunnel's). */
	if (r->iface_class && r->iface_class != (st->iface & 0xff))
		return false;
	if (r->tunnel != st->iface >> 8)
		return false;
	if ((r->dir == EBFILT_DIR_INBOUND && !st->inbound) ||
	    (r->dir == EBFILT_DIR_OUTBOUND && st->inbound))
		return false;
	if ((r->scope == EBFILT_SCOPE_LOCAL && !st->local) ||
	    (r->scope == EBFILT_SCOPE_ROUTE && st->local))
		return false;
	if ((pkt->flags & PKT_SRCROUTE) && !(r->flags & EBFILT_RULE_SRCROUTE) &&
	    r->action == EBFILT_PERMIT)
		return false;
	switch (r->frag) {
	case EBFILT_FRAGCTL_ALL:     return true;
	case EBFILT_FRAGCTL_NONE:    return pkt->frag == EBFILT_FRAG_NONE;
	case EBFILT_FRAGCTL_ONLY:    return pkt->frag != EBFILT_FRAG_NONE;
	case EBFILT_FRAGCTL_HEADERS: return pkt->frag != EBFILT_FRAG_LATER;
	}
	return true;
}

static __always_inline bool rule_matches(const struct ebfilt_rule *r,
					 const struct linear_scan *st)
{
	const struct packet_info *pkt = st->pkt;

	if (r->action == EBFILT_ELSE || r->action == EBFILT_ENDIF)
		return false;	/* markers of a scope, with no selector */
	if (pkt->flags & PKT_ADDRS) {
		if (!prefix_matches(r->saddr, pkt->saddr, r->sprefix) ||
		    !prefix_matches(r->daddr, pkt->daddr, r->dprefix))
			return false;
	} else if (r->sprefix || r->dprefix) {
		return false;
	}
	if (!proto_matches(r, st->proto_key))
		return false;
	if (pkt->flags & PKT_PORTS) {
		if (!port_matches(r->sport_op, r->sport, pkt->sport) ||
		    !port_matches(r->dport_op, r->dport, pkt->dport))
			return false;
	} else if (r->sport_op != EBFILT_OP_ANY || r->dport_op != EBFILT_OP_ANY) {
		return false;
	}
	return path_matches(r, st);
}

/* bpf_loop body: test rule index + 1; 1 stops the loop. */
static long linear_test_rule(__u32 index, void *ctx)
{
	struct linear_scan *st = ctx;
	__u32 id = index + 1;
	struct ebfilt_rule *r = bpf_map_lookup_elem(st->rules, &id);

	if (!r)
		return 1;
	if (!rule_matches(r, st) || !rule_applies(st->v4, id, r, st->pkt))
		return 0;
	st->result = (int)index;
	return 1;
}

/* Same contract as classify(): the matching rule's bit, or -1. */
static __always_inline int classify_linear(const struct table_maps *maps,
					   const struct ebfilt_table *tbl,
					   const struct packet_info *pkt, __u32 ifindex,
					   __u32 inbound, __u32 local)
{
	struct linear_scan st = { .rules = maps->rules, .pkt = pkt, .proto_key = proto_key(pkt),
				  .iface = lookup_class(maps->iface, &ifindex),
				  .inbound = inbound, .local = local, .result = -1, .v4 = maps->v4 };

	bpf_loop(tbl->nrules, linear_test_rule, &st, 0);
	return st.result;
}

#endif
