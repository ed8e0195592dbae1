/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet summary: what the parse stage (parse.bpf.h) learns of a frame,
 * and all the later stages (patterns, classify, state, verdict, emit) read.
 * Addresses are in network order, ports in host order; a field is valid
 * only when its PKT_* flag is set.
 */
#ifndef EBFILT_PACKET_BPF_H
#define EBFILT_PACKET_BPF_H

#include "vmlinux.h"

#define IPPROTO_ICMPV6	58	/* not in vmlinux.h: an in6.h define */

/* What parse_packet() learnt; fields are valid only when their flag is set. */
#define PKT_ADDRS	(1u << 0)	/* saddr, daddr */
#define PKT_PROTO	(1u << 1)	/* proto */
#define PKT_PORTS	(1u << 2)	/* sport, dport (or ICMP type, code) */
#define PKT_TCP_ACK	(1u << 3)
#define PKT_SRCROUTE	(1u << 4)
#define PKT_AH		(1u << 5)
#define PKT_ESP		(1u << 6)
#define PKT_SHORT	(1u << 7)	/* a header it should hold is cut or malformed */
#define PKT_BAD_FRAG	(1u << 8)	/* a later fragment overlapping the transport header */
#define PKT_DEEP_VLAN	(1u << 9)	/* more VLAN tags than VLAN_MAX_DEPTH */
#define PKT_UNSEEN	(PKT_SHORT | PKT_BAD_FRAG | PKT_DEEP_VLAN)

struct packet_info {
	__u8 saddr[16];		/* network order; IPv4 in the first 4 bytes */
	__u8 daddr[16];
	__u16 sport, dport;	/* host order */
	__u16 ip_len;		/* IP length from the header; 0: a jumbogram, 65535 at most */
	__u16 l3_off;		/* where the IP header starts in the frame */
	__u16 frag_off;		/* a fragment's offset, in 8-byte units */
	__u16 flags;		/* PKT_* */
	__u8 version;		/* 4 or 6; 0 = not IP */
	__u8 proto;		/* transport protocol, past IPv6 extensions and AH */
	enum ebfilt_frag_state frag;
	__u8 tcp_flags;		/* TCP: the header's flags byte (FIN 0x01 ... ACK 0x10) */
	__u16 payload_off;	/* where the transport payload starts in the frame */
	__u32 ip_end;		/* where the IP packet ends in the frame (never past it) */
	__u32 patterns;		/* the pattern sets found in it (pattern.bpf.h) */
	__u16 icmp_id;		/* ICMP and ICMPv6: bytes 4-5 of the header (echo's identifier) */
	__u16 pad;
};

#endif
