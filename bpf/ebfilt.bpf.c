// SPDX-License-Identifier: GPL-2.0
/*
 * The ebfilt filter: XDP for inbound traffic, tc for outbound traffic and,
 * where XDP is not wanted, inbound. The dispatcher (dispatch.bpf.c) is
 * what is attached; it tail-calls these programs, of the generation in
 * force. Each packet goes through the stages in the order of their headers:
 *   parse.bpf.h     the frame summarised into struct packet_info
 *   pattern.bpf.h   its payload scanned, when the table has patterns
 *   classify.bpf.h  its first matching rule in its IP version's table
 *   verdict.bpf.h   counted, and the rule's action (or the default) taken
 *   emit.bpf.h      a log record, for rules with logging on
 *   session.bpf.h   counted in its session, for tables with -l S rules
 * The maps are in maps.bpf.h. Every activation loads a new copy of this
 * object with maps sized for the new table, so a packet is judged entirely
 * by one table.
 *
 * tests/progs/ebfilt_linear.bpf.c builds the same programs around another
 * classifier (EBFILT_CLASSIFY): the baseline of make bench and a second
 * implementation for the differential test.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "classify.bpf.h"
#include "entry.bpf.h"
#include "maps.bpf.h"
#include "parse.bpf.h"
#include "pattern.bpf.h"
#include "verdict.bpf.h"

#ifndef EBFILT_CLASSIFY
#define EBFILT_CLASSIFY classify
#endif

/* A permitted packet goes on to the other tc programs and filters, if any. */
#define TC_ACT_UNSPEC	(-1)
#define TC_ACT_SHOT	2

/*
 * Global (non-static, noinline) functions are verified once, on their own,
 * instead of once for every path that reaches them: the parsers (one per
 * program type) and the classifiers (one per IP version). pkt is never NULL,
 * but the verifier does not know that of a global function's argument.
 */
__noinline int parse_xdp(struct xdp_md *ctx, struct packet_info *pkt)
{
	if (!pkt)
		return -1;
	return parse_packet(ctx, true, (void *)(long)ctx->data, (void *)(long)ctx->data_end,
			    (__u32)bpf_xdp_get_buff_len(ctx), -1, pkt);
}

__noinline int parse_skb(struct __sk_buff *skb, struct packet_info *pkt)
{
	if (!pkt)
		return -1;
	return parse_packet(skb, false, (void *)(long)skb->data, (void *)(long)skb->data_end,
			    skb->len, -1, pkt);
}

/*
 * A frame that starts at the IP header: the protocol is the one the kernel
 * itself goes by (skb->protocol), not a guess from the first byte.
 */
__noinline int parse_skb_ip(struct __sk_buff *skb, struct packet_info *pkt)
{
	if (!pkt)
		return -1;
	return parse_packet(skb, false, (void *)(long)skb->data, (void *)(long)skb->data_end,
			    skb->len, bpf_ntohs(skb->protocol), pkt);
}

#define CLASSIFIER(v)								\
__noinline int classify_##v(const struct packet_info *pkt, __u32 ifindex,		\
			    __u32 inbound, __u32 local)				\
{										\
	const struct table_maps maps = TABLE_MAPS_OF(v);			\
	struct ebfilt_table *tbl;						\
	__u32 zero = 0;								\
										\
	tbl = bpf_map_lookup_elem(&v##_table, &zero);				\
	if (!pkt || !tbl)							\
		return -1;							\
	return EBFILT_CLASSIFY(&maps, tbl, pkt, ifindex, inbound, local);	\
}

CLASSIFIER(v4)
CLASSIFIER(v6)

/* The verdict for a parsed packet: EBFILT_PERMIT or EBFILT_DENY. */
static __always_inline enum ebfilt_action filter(void *ctx, bool xdp, struct packet_info *pkt,
						 int parsed, __u32 ifindex, __u32 inbound,
						 __u64 bytes)
{
	struct judged j = { .pkt = pkt, .v4 = pkt->version == 4, .ifindex = ifindex,
			    .inbound = inbound, .bytes = bytes };
	struct ebfilt_table *tbl;
	__u32 zero = 0;

	if (parsed < 0) {
		count_exception(EXC_NOT_IP);
		return EBFILT_PERMIT;
	}
	/* Behind too many VLAN tags even the IP version is unknown. */
	if (pkt->flags & PKT_DEEP_VLAN) {
		count_exception(EXC_SHORT);
		return EBFILT_DENY;
	}
	tbl = bpf_map_lookup_elem(TABLE_MAP(j.v4, table), &zero);
	if (!tbl || !tbl->active) {
		count_exception(EXC_INACTIVE);
		return EBFILT_PERMIT;
	}
	if (pkt->flags & PKT_UNSEEN)
		return drop_unseen(ctx, xdp, &j);
	if (shun_check(ctx, xdp, tbl, &j))
		return EBFILT_DENY;
	if (tbl->flags & EBFILT_TABLE_NEED_SCOPE)
		j.local = is_local(ctx, pkt, ifindex, inbound);
	/* Patterns are looked for inbound only (as on AIX); outbound none is found. */
	if (FEATURE(tbl, EBFILT_TABLE_PATTERNS) && inbound)
		pkt->patterns = pattern_scan(ctx, xdp, j.v4, pkt,
					     xdp ? (__u32)bpf_xdp_get_buff_len(ctx)
						 : ((struct __sk_buff *)ctx)->len);
	j.bit = j.v4 ? classify_v4(pkt, ifindex, inbound, j.local)
		     : classify_v6(pkt, ifindex, inbound, j.local);
	return verdict(ctx, xdp, tbl, &j);
}

SEC("xdp")
int filter_xdp_in(struct xdp_md *ctx)
{
	struct packet_info pkt = {};
	int parsed = parse_xdp(ctx, &pkt);

	return filter(ctx, true, &pkt, parsed, ctx->ingress_ifindex, 1,
		      ctx->data_end - ctx->data) ==
	       EBFILT_PERMIT ? XDP_PASS : XDP_DROP;
}

/* tc programs: make sure the fixed-offset headers are in the linear area. */
static __always_inline int tc_filter(struct __sk_buff *skb, __u32 inbound, bool raw_ip)
{
	struct packet_info pkt = {};
	int parsed;

	bpf_skb_pull_data(skb, skb->len < 64 ? skb->len : 64);
	parsed = raw_ip ? parse_skb_ip(skb, &pkt) : parse_skb(skb, &pkt);
	return filter(skb, false, &pkt, parsed, skb->ifindex, inbound, skb->len) == EBFILT_PERMIT
		       ? TC_ACT_UNSPEC : TC_ACT_SHOT;
}

/*
 * Outbound on every interface; inbound where ebfilt.conf says "inbound
 * IFACE tc". The filter_ip_* pair serves interfaces without an Ethernet
 * header, in both directions; the loader loads it only when some
 * interface may need it.
 */
TC_ENTRY_POINTS(filter_tc_in, filter_tc_out, tc_filter, false)
TC_ENTRY_POINTS(filter_ip_in, filter_ip_out, tc_filter, true)

/*
 * The session sweep, run with BPF_PROG_TEST_RUN (user/datapath/sessions.c):
 * by ipsec_logd each second for idle sessions, by mkfilt for the sessions
 * of a table it replaces or deactivates. A program of this object, so it
 * reaches this generation's session maps, and its records go the way
 * every record goes.
 */
SEC("syscall")
int session_sweep(struct ebfilt_session_sweep *args)
{
	return sweep_sessions(args);
}

char LICENSE[] SEC("license") = "GPL";
