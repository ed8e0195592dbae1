/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet logging, shared by the BPF programs (which write one record per
 * logged packet into the log ring buffer or the perf event array),
 * ipsec_logd (which formats it and keeps it in the store) and ipsec_log
 * (which reads the store): the record, the logging settings the programs
 * read, and the counters of what became of the records.
 *
 * Fixed-width fields; addresses and the captured headers are in network
 * byte order, every other field in host byte order.
 */
#ifndef EBFILT_RECORD_H
#define EBFILT_RECORD_H

#include "ebfilt/abi.h"

/*
 * Every record, in the log ring and in the store (ipsec_log(8)), starts
 * with this header. A reader skips, by len, the types and versions it does
 * not know. Records are laid out so that each one's length is a multiple
 * of 8 bytes.
 */
EBFILT_PACKED_ENUM ebfilt_rec_type {
	EBFILT_REC_PACKET = 1,	/* struct ebfilt_log_record */
	EBFILT_REC_SESSION = 2,	/* reserved: session summaries */
	EBFILT_REC_EVENT = 3,	/* reserved: extended events */
};

struct ebfilt_rec_hdr {
	__u16 len;		/* bytes of the whole record, this header included */
	enum ebfilt_rec_type type;
	__u8 version;		/* of the type's layout */
	__u32 reserved;		/* 0 */
	__u64 time_ns;		/* in the ring: CLOCK_BOOTTIME (bpf_ktime_get_boot_ns);
				 * in the store: CLOCK_REALTIME, set by ipsec_logd */
};

#define EBFILT_REC_PACKET_VERSION	1

/*
 * Bytes captured from the start of the IP header: with -l Y the headers
 * (IP with options or extension headers, then the transport header) as far
 * as EBFILT_LOG_CAPTURE goes; with -l D (detail) the same and then up to
 * the snap length (ebfilt.conf log_snap, at most EBFILT_LOG_SNAP_MAX) of
 * payload. Never more than the IP packet holds.
 */
#define EBFILT_LOG_CAPTURE	128
#define EBFILT_LOG_SNAP_MAX	1024
#define EBFILT_LOG_SNAP_DEFAULT	128
#define EBFILT_LOG_CAPTURE_MAX	(EBFILT_LOG_CAPTURE + EBFILT_LOG_SNAP_MAX)

/* Why the packet got its verdict. */
EBFILT_PACKED_ENUM ebfilt_log_reason {
	EBFILT_REASON_RULE,	/* the rule (rule_id; 0 = the default rule) decided */
	EBFILT_REASON_SHUNNED,	/* the shun list denied it; rule_id is the shun rule that put it there */
	EBFILT_REASON_UNSEEN,	/* dropped before the table: a packet the filter cannot
				 * fully see (mkfilt(8)); logged as the default rule */
};

/*
 * A packet record (type EBFILT_REC_PACKET, version 1). On the wire, in
 * the ring and in the store, it ends after cap_len bytes of headers[]:
 * hdr.len is ebfilt_log_record_len(cap_len). Readers copy it into a whole
 * struct, zero-filled.
 */
struct ebfilt_log_record {
	struct ebfilt_rec_hdr hdr;
	__u32 rule_id;		/* 0 = the default rule */
	__u32 ifindex;		/* interface the packet crossed */
	__u32 tunnel;		/* tunnel ID of the interface (0: none) */
	__u16 ip_len;		/* IP length from the header (0 if unknown) */
	__u16 cap_len;		/* valid bytes in headers[] */
	__u16 sport, dport;	/* ports, or ICMP type and code (flags say which) */
	__u8 version;		/* 4 or 6 */
	enum ebfilt_action action;	/* EBFILT_PERMIT or EBFILT_DENY */
	__u8 inbound;		/* 1 inbound, 0 outbound */
	__u8 local;		/* 1 local, 0 routed */
	enum ebfilt_frag_state frag;
	__u8 proto;		/* transport protocol */
	__u8 flags;		/* EBFILT_LOG_* */
	enum ebfilt_log_reason reason;
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 payload_off;	/* where the transport payload starts in headers[]
				 * (0: not known) */
	__u8 detail;		/* 1: the rule logs with detail (-l D) */
	__u8 pad;
	__u8 headers[EBFILT_LOG_CAPTURE_MAX];
};

#define EBFILT_LOG_RECORD_FIXED	80	/* bytes before headers[] */

static inline __u32 ebfilt_log_record_len(__u32 cap_len)
{
	return (EBFILT_LOG_RECORD_FIXED + cap_len + 7) & ~7u;
}

#define EBFILT_LOG_PORTS	(1u << 0)	/* sport/dport are valid */
#define EBFILT_LOG_TCP_ACK	(1u << 1)
#define EBFILT_LOG_AH		(1u << 2)
#define EBFILT_LOG_ESP		(1u << 3)
#define EBFILT_LOG_SHORT	(1u << 4)
#define EBFILT_LOG_ADDRS	(1u << 5)	/* saddr/daddr are valid */
#define EBFILT_LOG_RULE_ACK	(1u << 6)	/* the rule matched on tcp/ack */
#define EBFILT_LOG_PROTO	(1u << 7)	/* proto is valid */

/* Which buffer the programs write records to (ipsec_logd chooses). */
EBFILT_PACKED_ENUM ebfilt_log_buffer { EBFILT_LOG_TO_RING, EBFILT_LOG_TO_PERF };

/* The logging settings (a one-element array the programs read per record). */
struct ebfilt_log_settings {
	__u32 enabled;		/* mkfilt -g start / stop */
	__u32 rate_limit;	/* records per second per rule and CPU, 0 = no limit */
	enum ebfilt_log_buffer buffer;
	__u8 pad[7];
};

/* Per CPU: what became of the records the rules asked for. */
struct ebfilt_log_totals {
	__u64 emitted;		/* handed to the ring or perf array */
	__u64 ring_full;	/* dropped: no room (counted, never waited for) */
	__u64 rate_limited;	/* dropped by the per-rule rate limit */
};

/* Per rule and CPU: the records it lost. */
struct ebfilt_log_drops {
	__u64 ring_full;
	__u64 rate_limited;
};

#ifndef __bpf__
_Static_assert(sizeof(struct ebfilt_rec_hdr) == 16, "ebfilt_rec_hdr layout");
_Static_assert(__builtin_offsetof(struct ebfilt_log_record, headers) == EBFILT_LOG_RECORD_FIXED,
	       "ebfilt_log_record layout");
_Static_assert(sizeof(struct ebfilt_log_record) ==
	       EBFILT_LOG_RECORD_FIXED + EBFILT_LOG_CAPTURE_MAX, "ebfilt_log_record size");
_Static_assert(sizeof(struct ebfilt_log_settings) == 16, "ebfilt_log_settings layout");
_Static_assert(sizeof(struct ebfilt_log_totals) == 24, "ebfilt_log_totals layout");
_Static_assert(sizeof(struct ebfilt_log_drops) == 16, "ebfilt_log_drops layout");
#endif

#endif
