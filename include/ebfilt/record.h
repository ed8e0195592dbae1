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
	EBFILT_REC_SESSION = 2,	/* struct ebfilt_session_record */
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

/*
 * A session summary (type EBFILT_REC_SESSION, version 1): one per session
 * of a rule with -l S (genfilt(8)), written when it ends. The session is
 * told in its initiator's direction: saddr and sport are the side that
 * sent its first packet. Bytes are IP bytes: each packet's total length
 * from its IP header (IPv6: the payload length plus the 40-byte header),
 * not the frame's. "in" counts what crossed an inbound hook, "out" an
 * outbound one. Times are relative to hdr.time_ns (when it ended), so
 * that they survive ipsec_logd's restamping of the header.
 */
#define EBFILT_REC_SESSION_VERSION	1

/* How a session ended. */
EBFILT_PACKED_ENUM ebfilt_session_end {
	EBFILT_SESSION_FIN = 1,		/* TCP: a FIN from each side */
	EBFILT_SESSION_RST = 2,		/* TCP: a RST from either side */
	EBFILT_SESSION_IDLE = 3,	/* no packet for its protocol's idle timeout */
	EBFILT_SESSION_DEACTIVATED = 4,	/* its table was replaced or deactivated */
};

struct ebfilt_session_record {
	struct ebfilt_rec_hdr hdr;	/* time_ns: when the session ended */
	__u64 first_ago_ns;	/* its first packet: this long before hdr.time_ns */
	__u64 last_ago_ns;	/* its last packet: this long before hdr.time_ns */
	__u64 packets_in, packets_out;
	__u64 bytes_in, bytes_out;	/* IP bytes */
	__u32 rule_id;		/* the rule whose -l S made it */
	__u32 ifindex;		/* the interface its first packet crossed */
	__u32 tunnel;		/* that interface's tunnel ID (0: none) */
	__u16 sport, dport;	/* the initiator's ports; ICMP echo: the identifier
				 * in both; 0 for other protocols */
	__u8 saddr[16];		/* the initiator */
	__u8 daddr[16];		/* its peer */
	__u8 version;		/* 4 or 6 */
	__u8 proto;
	enum ebfilt_session_end end;
	__u8 inbound;		/* 1: the first packet came in; 0: it went out */
	__u8 tcp_flags_in;	/* TCP flags seen inbound (FIN 0x01 ... ACK 0x10) */
	__u8 tcp_flags_out;	/* and outbound */
	__u8 pad[2];
};

/*
 * Per CPU, kept with the logging maps (session_totals): sessions made and
 * ended by the programs (the packet path and the sweep program, which
 * ends the idle ones and those of a table that goes). A full session map
 * evicts its least recently used entry without a word: evicted = made -
 * ended - open, and ipsec_logd says it (ipsec_logd(8)). A session the map
 * could not take at all is counted untracked.
 */
struct ebfilt_session_totals {
	__u64 made;
	__u64 ended;		/* each of them once, by whoever deleted it */
	__u64 records;		/* SESSION records handed to the log ring */
	__u64 lost;		/* SESSION records of ended sessions the ring had no room for */
	__u64 untracked;	/* sessions that could not be made: the LRU map found no
				 * entry to give (every free one held by other CPUs) */
};

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
_Static_assert(sizeof(struct ebfilt_session_record) == 120, "ebfilt_session_record layout");
_Static_assert(sizeof(struct ebfilt_session_record) % 8 == 0, "records are 8-byte multiples");
_Static_assert(sizeof(struct ebfilt_session_totals) == 40, "ebfilt_session_totals layout");
#endif

#endif
