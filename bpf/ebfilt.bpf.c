// SPDX-License-Identifier: GPL-2.0
/*
 * The ebfilt datapath: XDP for inbound traffic, tc (clsact) for outbound
 * traffic and, where XDP is not wanted, inbound. Each packet is parsed
 * (parse.bpf.h), matched against the active table of its IP version
 * (classify.bpf.h), counted, and passed or dropped.
 *
 * Every activation loads a new copy of this object with maps sized for
 * the new table, so a packet is judged entirely by one table.
 *
 * Built with -DEBFILT_LINEAR, the same programs evaluate the rules one by
 * one instead (classify_linear.bpf.h): the baseline of make bench and a
 * second implementation for the differential test.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#ifdef EBFILT_LINEAR
#include "classify_linear.bpf.h"
#define CLASSIFY classify_linear
#else
#include "classify.bpf.h"
#define CLASSIFY classify
#endif
#include "log.bpf.h"

#define AF_INET		2
#define AF_INET6	10
#define TC_ACT_OK	0
#define TC_ACT_SHOT	2

/* One IP version's maps; sizes are set by the loader before loading. */
#define CLASSIFIER_MAPS(v)							\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, 1);							\
	__type(key, __u32);							\
	__type(value, struct ebfilt_config);					\
} v##_config SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);					\
	__uint(max_entries, 1);							\
	__uint(map_flags, BPF_F_NO_PREALLOC);					\
	__type(key, struct ebfilt_lpm_key);					\
	__type(value, __u32);							\
} v##_src SEC(".maps"), v##_dst SEC(".maps");					\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, EBFILT_PROTO_KEYS);					\
	__type(key, __u32);							\
	__type(value, __u32);							\
} v##_proto SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, EBFILT_PORT_KEYS);					\
	__type(key, __u32);							\
	__type(value, __u32);							\
} v##_sport SEC(".maps"), v##_dport SEC(".maps");				\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, EBFILT_META_KEYS);					\
	__type(key, __u32);							\
	__type(value, __u32);							\
} v##_meta SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_HASH);					\
	__uint(max_entries, EBFILT_MAX_IFACES);					\
	__type(key, __u32);		/* ifindex */				\
	__type(value, __u32);		/* interface class */			\
} v##_iface SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, 1);							\
	__type(key, __u32);							\
	__type(value, __u64[EBFILT_BITMAP_WORDS]);				\
} v##_bitmaps SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID, 0 = default rule */		\
	__type(value, struct ebfilt_rule);					\
} v##_rules SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);				\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID, 0 = default rule */		\
	__type(value, struct ebfilt_counter);					\
} v##_counters SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);				\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID */				\
	__type(value, struct ebfilt_log_drops);					\
} v##_log_drops SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);				\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID */				\
	__type(value, struct log_rate);						\
} v##_log_rate SEC(".maps");

CLASSIFIER_MAPS(v4)
CLASSIFIER_MAPS(v6)

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EBFILT_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void count_stat(__u32 stat)
{
	__u64 *value = bpf_map_lookup_elem(&stats, &stat);

	if (value)
		*value += 1;
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

static __always_inline void count_rule(void *counters, __u32 id, __u64 bytes)
{
	struct ebfilt_counter *c = bpf_map_lookup_elem(counters, &id);

	if (c) {
		c->packets++;
		c->bytes += bytes;
	}
}

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
	return parse_packet(ctx, true, (void *)(long)ctx->data, (void *)(long)ctx->data_end, pkt);
}

__noinline int parse_skb(struct __sk_buff *skb, struct packet_info *pkt)
{
	if (!pkt)
		return -1;
	return parse_packet(skb, false, (void *)(long)skb->data, (void *)(long)skb->data_end, pkt);
}

#define CLASSIFIER(v)								\
__noinline int classify_##v(const struct packet_info *pkt, __u32 ifindex,		\
			    __u32 inbound, __u32 local)				\
{										\
	const struct classifier_maps maps = { &v##_config, &v##_src, &v##_dst,	\
		&v##_proto, &v##_sport, &v##_dport, &v##_meta, &v##_iface,		\
		&v##_bitmaps, &v##_rules };						\
	struct ebfilt_config *cfg;						\
	__u32 zero = 0;								\
										\
	cfg = bpf_map_lookup_elem(&v##_config, &zero);				\
	if (!pkt || !cfg)							\
		return -1;							\
	return CLASSIFY(&maps, cfg, pkt, ifindex, inbound, local);		\
}

CLASSIFIER(v4)
CLASSIFIER(v6)

/* The verdict for a parsed packet: EBFILT_PERMIT or EBFILT_DENY. */
static __always_inline int filter(void *ctx, bool xdp, struct packet_info *pkt, int parsed,
				  __u32 ifindex, __u32 inbound, __u64 bytes)
{
	bool v4 = pkt->version == 4;
	struct ebfilt_config *cfg;
	struct ebfilt_rule *rule;
	__u32 zero = 0, local = 0, id;
	int bit, action;

	if (parsed < 0) {
		count_stat(EBFILT_STAT_NOT_IP);
		return EBFILT_PERMIT;
	}
	cfg = bpf_map_lookup_elem(v4 ? (void *)&v4_config : (void *)&v6_config, &zero);
	if (!cfg || !cfg->active) {
		count_stat(EBFILT_STAT_INACTIVE);
		return EBFILT_PERMIT;
	}
	if (pkt->flags & PKT_SHORT)
		count_stat(EBFILT_STAT_SHORT);
	if (cfg->flags & EBFILT_CFG_NEED_SCOPE)
		local = is_local(ctx, pkt, ifindex, inbound);
	bit = v4 ? classify_v4(pkt, ifindex, inbound, local)
		 : classify_v6(pkt, ifindex, inbound, local);
	id = bit < 0 ? 0 : (__u32)bit + 1;
	count_rule(v4 ? (void *)&v4_counters : (void *)&v6_counters, id, bytes);
	rule = bpf_map_lookup_elem(v4 ? (void *)&v4_rules : (void *)&v6_rules, &id);
	if (!rule)
		return cfg->default_action;
	action = rule->action;
	if (rule->flags & EBFILT_RULE_LOG) {
		struct ebfilt_log_ctl *ctl = logging_on();
		struct log_event ev = { .pkt = pkt, .rule_id = id, .action = action,
					.tunnel = rule->tunnel, .ifindex = ifindex,
					.inbound = inbound, .local = local };

		if (!ctl)
			return action;
		/* The record says local or routed even when no rule needed to know. */
		if (!(cfg->flags & EBFILT_CFG_NEED_SCOPE))
			ev.local = is_local(ctx, pkt, ifindex, inbound);
		log_packet(ctx, xdp, &ev, ctl, v4 ? (void *)&v4_log_drops : (void *)&v6_log_drops,
			   v4 ? (void *)&v4_log_rate : (void *)&v6_log_rate);
	}
	return action;
}

SEC("xdp")
int ebfilt_xdp_in(struct xdp_md *ctx)
{
	struct packet_info pkt = {};
	int parsed = parse_xdp(ctx, &pkt);

	return filter(ctx, true, &pkt, parsed, ctx->ingress_ifindex, 1,
		      ctx->data_end - ctx->data) ==
	       EBFILT_PERMIT ? XDP_PASS : XDP_DROP;
}

/* tc programs: make sure the fixed-offset headers are in the linear area. */
static __always_inline int tc_filter(struct __sk_buff *skb, __u32 inbound)
{
	struct packet_info pkt = {};
	int parsed;

	bpf_skb_pull_data(skb, skb->len < 64 ? skb->len : 64);
	parsed = parse_skb(skb, &pkt);
	return filter(skb, false, &pkt, parsed, skb->ifindex, inbound, skb->len) == EBFILT_PERMIT
		       ? TC_ACT_OK : TC_ACT_SHOT;
}

SEC("tc")
int ebfilt_tc_out(struct __sk_buff *skb)
{
	return tc_filter(skb, 0);
}

SEC("tc")
int ebfilt_tc_in(struct __sk_buff *skb)
{
	return tc_filter(skb, 1);
}

char LICENSE[] SEC("license") = "GPL";
