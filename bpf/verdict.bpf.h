/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict stage: what follows classification. The packet is counted
 * against its rule (or the default rule), the rule's action decides, and a
 * rule with logging on hands the packet to the emit stage. Also the
 * counters of packets the table does not judge as usual, and the local or
 * routed test that rules with a scope need.
 */
#ifndef EBFILT_VERDICT_BPF_H
#define EBFILT_VERDICT_BPF_H

#include "emit.bpf.h"
#include "maps.bpf.h"
#include "parse.bpf.h"

#define AF_INET		2
#define AF_INET6	10

enum pkt_exception { EXC_SHORT, EXC_BAD_FRAG, EXC_NOT_IP, EXC_INACTIVE };

static __always_inline void count_exception(enum pkt_exception which)
{
	struct ebfilt_pkt_exceptions *exc;
	__u32 zero = 0;

	exc = bpf_map_lookup_elem(&pkt_exceptions, &zero);
	if (!exc)
		return;
	switch (which) {
	case EXC_SHORT:    exc->short_pkts++; break;
	case EXC_BAD_FRAG: exc->bad_frags++; break;
	case EXC_NOT_IP:   exc->not_ip++; break;
	case EXC_INACTIVE: exc->inactive++; break;
	}
}

/*
 * Local or routed: a packet is local when the routing table delivers its
 * destination (inbound) or source (outbound) address to this host, or when
 * the interface does not forward at all.
 */
static __always_inline __u32 is_local(void *ctx, const struct packet_info *pkt,
				      __u32 ifindex, __u32 inbound)
{
	struct bpf_fib_lookup fib = { .ifindex = ifindex };
	const __u8 *addr = inbound ? pkt->daddr : pkt->saddr;
	long rc;

	if (!(pkt->flags & PKT_ADDRS))
		return 1;
	if (pkt->version == 4) {
		fib.family = AF_INET;
		__builtin_memcpy(&fib.ipv4_dst, addr, 4);
	} else {
		fib.family = AF_INET6;
		__builtin_memcpy(fib.ipv6_dst, addr, 16);
	}
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	return rc == BPF_FIB_LKUP_RET_NOT_FWDED || rc == BPF_FIB_LKUP_RET_FWD_DISABLED;
}

/* Where the packet is and what the classifier found. */
struct judged {
	const struct packet_info *pkt;
	bool v4;		/* which version's table judged it */
	__u32 ifindex, inbound, local;
	int bit;		/* the first matching rule's bit, -1 for none */
	__u64 bytes;		/* frame length, for the rule's counter */
};

/* The record of a packet a rule with logging on decided. */
static __always_inline void log_as_rule(void *ctx, bool xdp, bool local_known,
					const struct judged *j, __u32 id,
					const struct ebfilt_rule *rule, enum ebfilt_action action)
{
	struct ebfilt_log_settings *set = logging_on();
	struct log_event ev;

	if (!set)
		return;
	ev = (struct log_event){ .pkt = j->pkt, .rule_id = id, .action = action,
				 .tunnel = rule->tunnel, .ifindex = j->ifindex,
				 .inbound = j->inbound, .local = j->local,
				 .rule_ack = rule->flags & EBFILT_RULE_TCP_ACK };
	/* The record says local or routed even when no rule needed to know. */
	if (!local_known)
		ev.local = is_local(ctx, j->pkt, j->ifindex, j->inbound);
	log_packet(ctx, xdp, &ev, set, TABLE_MAP(j->v4, log_drops), TABLE_MAP(j->v4, log_rate));
}

/*
 * A packet the filter cannot fully see never reaches the table, where a
 * rule that does not look at what is missing could let it through: it is
 * dropped and counted, and logged as the default rule when that logs.
 */
static __always_inline enum ebfilt_action drop_unseen(void *ctx, bool xdp,
						      const struct judged *j)
{
	struct ebfilt_rule *rule;
	__u32 zero = 0;

	count_exception(j->pkt->flags & PKT_BAD_FRAG ? EXC_BAD_FRAG : EXC_SHORT);
	rule = bpf_map_lookup_elem(TABLE_MAP(j->v4, rules), &zero);
	if (rule && (rule->flags & EBFILT_RULE_LOG))
		log_as_rule(ctx, xdp, false, j, 0, rule, EBFILT_DENY);
	return EBFILT_DENY;
}

/* EBFILT_PERMIT or EBFILT_DENY for a classified packet. */
static __always_inline enum ebfilt_action verdict(void *ctx, bool xdp,
						  const struct ebfilt_table *tbl,
						  const struct judged *j)
{
	__u32 id = j->bit < 0 ? 0 : (__u32)j->bit + 1;
	struct ebfilt_rule_count *count;
	struct ebfilt_rule *rule;

	count = bpf_map_lookup_elem(TABLE_MAP(j->v4, rule_counts), &id);
	if (count) {
		count->packets++;
		count->bytes += j->bytes;
	}
	rule = bpf_map_lookup_elem(TABLE_MAP(j->v4, rules), &id);
	if (!rule)
		return tbl->default_action;
	if (rule->flags & EBFILT_RULE_LOG)
		log_as_rule(ctx, xdp, tbl->flags & EBFILT_TABLE_NEED_SCOPE, j, id, rule, rule->action);
	return rule->action;
}

#endif
