/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Session tracking, shared by the BPF programs (bpf/session.bpf.h, which
 * keep the sessions of -l S rules in each IP version's "sessions" map, an
 * LRU hash) and user space (user/datapath/sessions.c, which runs the sweep
 * and reads the open sessions). The summary a session leaves when it ends
 * is struct ebfilt_session_record, in record.h.
 *
 * Fixed-width fields; addresses in network byte order, every other field
 * in host byte order.
 */
#ifndef EBFILT_SESSION_H
#define EBFILT_SESSION_H

#include "ebfilt/abi.h"

/*
 * A session's key, the same for both directions: the two ends ordered
 * (the lower address first, as memcmp orders them, and with equal
 * addresses the lower port first). Ports for TCP and UDP; for ICMP and
 * ICMPv6 echo the identifier in both; 0 for every other protocol, whose
 * sessions are a pair of hosts and a protocol (ended only by idle time).
 */
struct ebfilt_session_key {
	__u8 a[16], b[16];
	__u16 aport, bport;
	__u8 version;
	__u8 proto;
	__u8 pad[2];
};

/* Directions of a session's counters: what crossed an inbound hook, an outbound one. */
#define EBFILT_SESSION_IN	0
#define EBFILT_SESSION_OUT	1

/* An open session. Counters are added to atomically: both hooks, any CPU. */
struct ebfilt_session {
	__u64 first_ns, last_ns;	/* CLOCK_BOOTTIME of its first and last packet */
	__u64 packets[2];		/* [EBFILT_SESSION_IN], [EBFILT_SESSION_OUT] */
	__u64 bytes[2];			/* IP bytes (record.h) */
	__u32 rule_id;			/* the rule that made it */
	__u32 ifindex;			/* the interface of its first packet */
	__u32 tunnel;			/* that interface's tunnel ID */
	__u8 tcp_flags[2];		/* TCP flags seen each way */
	__u8 init_is_b;			/* the initiator is key.b (else key.a) */
	__u8 init_inbound;		/* the first packet came in */
};

/*
 * The sweep's argument and results (the context of the session_sweep
 * program). It ends the sessions idle longer than their protocol's
 * timeout, and every session of the versions in end_versions, with reason
 * deactivated; each leaves its record in the log ring.
 */
enum ebfilt_session_class {
	EBFILT_SESSION_TCP, EBFILT_SESSION_UDP, EBFILT_SESSION_ICMP, EBFILT_SESSION_OTHER,
	EBFILT_SESSION_CLASSES
};

struct ebfilt_session_sweep {
	__u32 idle_s[EBFILT_SESSION_CLASSES];	/* in: seconds; 0: never idle */
	__u32 end_versions;	/* in: bit 0 IPv4, bit 1 IPv6: end them all */
	__u32 open;		/* out: sessions left open */
	__u32 ended;		/* out: sessions this run ended */
	__u32 pad;
};

#ifndef __bpf__
_Static_assert(sizeof(struct ebfilt_session_key) == 40, "ebfilt_session_key layout");
_Static_assert(sizeof(struct ebfilt_session) == 64, "ebfilt_session layout");
_Static_assert(sizeof(struct ebfilt_session_sweep) == 32, "ebfilt_session_sweep layout");
#endif

#endif
