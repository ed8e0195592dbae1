/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet log record, shared by the BPF filter (which writes one per
 * logged packet into the log ring buffer or perf event array) and
 * ipsec_logd (which formats it). Fixed-width fields; addresses and the
 * captured headers are in network byte order, every other field in host
 * byte order. Also the log control and statistics maps' layouts.
 */
#ifndef EBFILT_LOG_RECORD_H
#define EBFILT_LOG_RECORD_H

#ifndef __bpf__
#include <linux/types.h>
#endif

/* Bytes captured from the start of the IP header: IP header with options
 * or extension headers, then the transport header, as far as they go. */
#define EBFILT_LOG_CAPTURE	128

struct ebfilt_log_record {
	__u64 boot_ns;		/* bpf_ktime_get_boot_ns() when the packet was judged */
	__u32 rule_id;		/* 0 = the default rule */
	__u32 ifindex;		/* interface the packet crossed */
	__u32 tunnel;		/* tunnel ID of the rule (0: none) */
	__u16 ip_len;		/* IP length from the header (0 if unknown) */
	__u16 cap_len;		/* valid bytes in headers[] */
	__u16 sport, dport;	/* ports, or ICMP type and code (flags say which) */
	__u8 version;		/* 4 or 6 */
	__u8 action;		/* enum ebfilt_action */
	__u8 inbound;		/* 1 inbound, 0 outbound */
	__u8 local;		/* 1 local, 0 routed */
	__u8 frag;		/* enum ebfilt_frag_state */
	__u8 proto;		/* transport protocol */
	__u8 flags;		/* EBFILT_LOG_* */
	__u8 pad;
	__u8 saddr[16];
	__u8 daddr[16];
	__u8 headers[EBFILT_LOG_CAPTURE];
};

#define EBFILT_LOG_PORTS	(1u << 0)	/* sport/dport are valid */
#define EBFILT_LOG_TCP_ACK	(1u << 1)
#define EBFILT_LOG_AH		(1u << 2)
#define EBFILT_LOG_ESP		(1u << 3)
#define EBFILT_LOG_SHORT	(1u << 4)
#define EBFILT_LOG_ADDRS	(1u << 5)	/* saddr/daddr are valid */

/* log_ctl map (one element): what the datapath does about logging. */
struct ebfilt_log_ctl {
	__u32 enabled;		/* mkfilt -g start / stop */
	__u32 use_perf;		/* 1: perf event array instead of the ring buffer */
	__u32 rate_limit;	/* records per second per rule and CPU, 0 = no limit */
	__u32 pad;
};

/* log_stats map (per CPU), and the per-rule log_drops counters. */
enum ebfilt_log_stat {
	EBFILT_LOG_EMITTED,	/* records handed to the ring or perf array */
	EBFILT_LOG_RING_FULL,	/* dropped: no room (counted, never waited for) */
	EBFILT_LOG_RATE_LIMITED,/* dropped by the per-rule rate limit */
	EBFILT_LOG_STAT_COUNT,
};

struct ebfilt_log_drops {
	__u64 ring_full;
	__u64 rate_limited;
};

#ifndef __bpf__
_Static_assert(sizeof(struct ebfilt_log_record) == 200, "ebfilt_log_record layout");
_Static_assert(sizeof(struct ebfilt_log_ctl) == 16, "ebfilt_log_ctl layout");
_Static_assert(sizeof(struct ebfilt_log_drops) == 16, "ebfilt_log_drops layout");
#endif

#endif
