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
#include "packet.bpf.h"
#include "session.bpf.h"
#include "state.bpf.h"

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
static __noinline __u32 is_local(void *ctx, const struct packet_info *pkt, __u32 ifindex,
				 __u32 inbound)
{
	struct bpf_fib_lookup fib = { .ifindex = ifindex };
	const __u8 *addr = inbound ? pkt->daddr : pkt->saddr;
	long rc;

	if (!pkt || !(pkt->flags & PKT_ADDRS))
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

/* How a packet was decided, for its log record (log_as_rule's last argument). */
#define LOG_HOW(action, reason, xdp, local_known)					\
	((__u32)(action) | (__u32)(reason) << 8 | (xdp) << 16 | (local_known) << 17)

/* The tunnel ID of the interface the packet crossed (iface_class: class | ID << 8). */
static __always_inline __u32 packet_tunnel(const struct judged *j)
{
	__u32 ifindex = j->ifindex, *v;

	if (j->v4)
		v = bpf_map_lookup_elem(&v4_iface_class, &ifindex);
	else
		v = bpf_map_lookup_elem(&v6_iface_class, &ifindex);
	return v ? *v >> 8 : 0;
}

/*
 * The record of a packet a rule with logging on decided (or its shun, for
 * reason; rule NULL when the table no longer has it). Not inlined: its frame is never on the stack together with the
 * classifier's, which keeps the deepest call chain within 512 bytes.
 */
static __noinline void log_as_rule(void *ctx, const struct judged *j, __u32 id,
				   const struct ebfilt_rule *rule, __u32 how)
{
	struct ebfilt_log_settings *set = logging_on();
	bool xdp = how & (1u << 16);
	struct log_event ev;

	if (!set || !j)
		return;
	ev = (struct log_event){ .pkt = j->pkt, .rule_id = id, .log_slot = rule ? rule->log_slot : 0,
				 .action = (enum ebfilt_action)(how & 0xff),
				 .reason = (enum ebfilt_log_reason)((how >> 8) & 0xff),
				 .tunnel = packet_tunnel(j), .ifindex = j->ifindex,
				 .inbound = j->inbound, .local = j->local,
				 .rule_ack = rule && (rule->flags & EBFILT_RULE_TCP_ACK),
				 .detail = rule && (rule->flags & EBFILT_RULE_LOG_DETAIL) };
	/* The record says local or routed even when no rule needed to know. */
	if (!(how & (1u << 17)))
		ev.local = is_local(ctx, j->pkt, j->ifindex, j->inbound);
	if (j->v4)
		log_packet(ctx, xdp, &ev, set, &v4_log_drops, &v4_log_rate);
	else
		log_packet(ctx, xdp, &ev, set, &v6_log_drops, &v6_log_rate);
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
		log_as_rule(ctx, j, 0, rule, LOG_HOW(EBFILT_DENY, EBFILT_REASON_UNSEEN, xdp, false));
	return EBFILT_DENY;
}

static __always_inline void count_rule(const struct judged *j, __u32 id)
{
	struct ebfilt_rule_count *count = bpf_map_lookup_elem(TABLE_MAP(j->v4, rule_counts), &id);

	if (count) {
		count->packets++;
		count->bytes += j->bytes;
	}
}

/*
 * Before the table: a packet from (or to) a shunned host or port is
 * denied, counted against the shun rule that shunned it, and logged as
 * that rule's, reason "shunned", when the rule logs. Returns whether it
 * was.
 */
static __always_inline bool shun_check(void *ctx, bool xdp, const struct ebfilt_table *tbl,
				       const struct judged *j)
{
	struct ebfilt_rule *rule;
	int found;
	__u32 id;

	if (!FEATURE(tbl, EBFILT_TABLE_SHUN))
		return false;
	found = j->v4 ? shun_found_v4(j->pkt, j->inbound) : shun_found_v6(j->pkt, j->inbound);
	if (!found)
		return false;
	id = (__u32)found >> 1;
	count_rule(j, id);
	if (found & 1) {
		rule = bpf_map_lookup_elem(TABLE_MAP(j->v4, rules), &id);
		log_as_rule(ctx, j, id, rule, LOG_HOW(EBFILT_DENY, EBFILT_REASON_SHUNNED, xdp, false));
	}
	return true;
}

/*
 * EBFILT_PERMIT or EBFILT_DENY for a classified packet. A shun rule denies,
 * and shuns. A permitted packet of a table with -l S rules is counted in
 * its session (session.bpf.h).
 */
static __always_inline enum ebfilt_action verdict(void *ctx, bool xdp,
						  const struct ebfilt_table *tbl,
						  const struct judged *j)
{
	__u32 id = j->bit < 0 ? 0 : (__u32)j->bit + 1;
	enum ebfilt_action action;
	struct ebfilt_rule *rule;

	count_rule(j, id);
	rule = bpf_map_lookup_elem(TABLE_MAP(j->v4, rules), &id);
	if (!rule)
		return tbl->default_action;
	action = rule->action == EBFILT_PERMIT ? EBFILT_PERMIT : EBFILT_DENY;
	if ((cfg_features & EBFILT_TABLE_SHUN) &&
	    (rule->action == EBFILT_SHUN_HOST || rule->action == EBFILT_SHUN_PORT)) {
		if (j->v4)
			shun_note_v4(j->pkt, j->inbound, id);
		else
			shun_note_v6(j->pkt, j->inbound, id);
	}
	if (rule->flags & EBFILT_RULE_LOG)
		log_as_rule(ctx, j, id, rule,
			    LOG_HOW(action, EBFILT_REASON_RULE, xdp,
				    !!(tbl->flags & EBFILT_TABLE_NEED_SCOPE)));
	if (action == EBFILT_PERMIT && FEATURE(tbl, EBFILT_TABLE_SESSIONS)) {
		if (j->v4)
			session_see_v4(j->pkt, j->inbound, id, j->ifindex,
				       rule->flags & EBFILT_RULE_SESSION);
		else
			session_see_v6(j->pkt, j->inbound, id, j->ifindex,
				       rule->flags & EBFILT_RULE_SESSION);
	}
	return action;
}

#endif
