/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule table as the kernel holds it, shared by the BPF programs (bpf/)
 * and user space (user/): limits, the classifier's keys and values, the
 * rule record and the counters. Map names are in maps.h, log records in
 * record.h.
 *
 * Fixed-width types only. Addresses are in network byte order; every other
 * multi-byte field is in host byte order. Enums that struct fields hold are
 * packed to one byte and named, so that bpftool prints a value's name.
 *
 * The classifier: for one IP version, each packet field is mapped to a
 * class (source and destination address through LPM tries; protocol,
 * ports and the packet's path through arrays); each class owns a bitmap
 * with bit i set when rule i+1 accepts that field value. A packet's rule
 * is the lowest bit set in the AND of its classes' bitmaps; none set means
 * the default rule.
 */
#ifndef EBFILT_ABI_H
#define EBFILT_ABI_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#define EBFILT_PACKED_ENUM enum __attribute__((packed))

#define EBFILT_MAX_RULES	10240
#define EBFILT_MAX_WORDS	(EBFILT_MAX_RULES / 64)		/* 160 */
#define EBFILT_MAX_SUMMARY	((EBFILT_MAX_WORDS + 63) / 64)	/* 3 */
/*
 * A bitmap value: EBFILT_MAX_SUMMARY summary words (bit w set when bitmap
 * word w is not zero), then the EBFILT_MAX_WORDS bitmap words.
 */
#define EBFILT_BITMAP_WORDS	(EBFILT_MAX_SUMMARY + EBFILT_MAX_WORDS)

/* Port-class index for a packet without ports (or ICMP type and code). */
#define EBFILT_PORT_ABSENT	65536
#define EBFILT_PORT_KEYS	65537

/* Protocol-class key: proto | tcp_ack << 8 | has_ah << 9; absent = 1024. */
#define EBFILT_PROTO_ACK	(1u << 8)
#define EBFILT_PROTO_AH		(1u << 9)
#define EBFILT_PROTO_ABSENT	1024
#define EBFILT_PROTO_KEYS	1025

/*
 * Meta-class key, built from attributes of the packet's path rather than
 * its headers: ((((iface * 2 + inbound) * 2 + local) * 3 + frag) * 2 + srcroute).
 */
#define EBFILT_MAX_IFACES	16	/* interface classes; 0 = not named by any rule */
#define EBFILT_META_KEYS	(EBFILT_MAX_IFACES * 2 * 2 * 3 * 2)

/* What a rule does with the packets it matches (genfilt -a). */
EBFILT_PACKED_ENUM ebfilt_action {
	EBFILT_DENY,
	EBFILT_PERMIT,
	EBFILT_IF,
	EBFILT_ELSE,
	EBFILT_ENDIF,
	EBFILT_SHUN_HOST,
	EBFILT_SHUN_PORT,
};

/* Local traffic (to or from this host) or routed traffic (genfilt -r). */
EBFILT_PACKED_ENUM ebfilt_scope { EBFILT_SCOPE_BOTH, EBFILT_SCOPE_LOCAL, EBFILT_SCOPE_ROUTE };

/* genfilt -w. */
EBFILT_PACKED_ENUM ebfilt_dir { EBFILT_DIR_BOTH, EBFILT_DIR_INBOUND, EBFILT_DIR_OUTBOUND };

/* Which packets a rule takes by fragment state (genfilt -f Y, N, O, H). */
EBFILT_PACKED_ENUM ebfilt_frag_ctl {
	EBFILT_FRAGCTL_ALL,	/* Y: every packet */
	EBFILT_FRAGCTL_NONE,	/* N: unfragmented packets only */
	EBFILT_FRAGCTL_ONLY,	/* O: fragments and fragment headers only */
	EBFILT_FRAGCTL_HEADERS,	/* H: fragment headers and unfragmented packets */
};

/* Port (or ICMP type and code) comparison (genfilt -o, -O). */
EBFILT_PACKED_ENUM ebfilt_port_op {
	EBFILT_OP_ANY, EBFILT_OP_EQ, EBFILT_OP_NEQ, EBFILT_OP_LT, EBFILT_OP_LE, EBFILT_OP_GT,
	EBFILT_OP_GE
};

/* A packet's fragment state, as the parser found it. */
EBFILT_PACKED_ENUM ebfilt_frag_state {
	EBFILT_FRAG_NONE,	/* not fragmented */
	EBFILT_FRAG_FIRST,	/* first fragment: carries the transport header */
	EBFILT_FRAG_LATER,	/* later fragment: no transport header */
};

static inline __u32 ebfilt_meta_key(__u32 iface, __u32 inbound, __u32 local, __u32 frag,
				    __u32 srcroute)
{
	return (((iface * 2 + inbound) * 2 + local) * 3 + frag) * 2 + srcroute;
}

/* Key of the address tries. */
struct ebfilt_lpm_key {
	__u32 prefixlen;
	__u8 addr[16];		/* IPv4 in the first 4 bytes, the rest zero */
};

/* The head of one IP version's active table (a one-element array). */
struct ebfilt_table {
	__u32 active;		/* 0: the version is not filtered */
	__u32 nrules;		/* rules 1..nrules, bits 0..nrules-1 */
	__u32 nsummary;		/* summary words in use */
	__u32 flags;		/* EBFILT_TABLE_* */
	__u32 src_any_class;	/* classes for a packet too short to have addresses */
	__u32 dst_any_class;
	enum ebfilt_action default_action;	/* EBFILT_PERMIT or EBFILT_DENY */
	__u8 pad[3];
};

#define EBFILT_TABLE_NEED_SCOPE	(1u << 0)	/* some rule is local or routed only */

/* A rule as the kernel holds it (rules map, key = rule ID, 0 = default). */
struct ebfilt_rule {
	__u8 saddr[16];
	__u8 daddr[16];
	__u8 sprefix, dprefix;
	enum ebfilt_action action;
	__u8 proto;		/* 0 = all */
	__u8 flags;		/* EBFILT_RULE_* */
	enum ebfilt_scope scope;
	enum ebfilt_dir dir;
	enum ebfilt_frag_ctl frag;
	enum ebfilt_port_op sport_op, dport_op;
	__u16 sport, dport;
	__u8 iface_class;	/* 0 = all, else the class in the iface map */
	__u8 reserved;
	__u32 tunnel;
	__u32 expire;
	char iface[16];		/* "all" or an interface name */
};

#define EBFILT_RULE_TCP_ACK	(1u << 0)
#define EBFILT_RULE_LOG		(1u << 1)
#define EBFILT_RULE_SRCROUTE	(1u << 2)	/* -g Y */

/* Per rule and CPU: what the rule matched. */
struct ebfilt_rule_count {
	__u64 packets;
	__u64 bytes;		/* frame bytes (from the link-layer header) */
};

/*
 * The generation in force. Each activation loads the filter into the slot
 * not in force, then switches every hook on every interface to it with
 * one update of this value (bpf/dispatch.bpf.c).
 */
EBFILT_PACKED_ENUM ebfilt_slot { EBFILT_SLOT_0, EBFILT_SLOT_1, EBFILT_SLOT_NONE };
#define EBFILT_SLOTS	2

struct ebfilt_active {
	enum ebfilt_slot slot;	/* EBFILT_SLOT_NONE: deactivated, everything passes */
	__u8 pad[3];
};

/* Per CPU: packets the filter did not judge by the table (mkfilt(8)). */
struct ebfilt_pkt_exceptions {
	__u64 short_pkts;	/* dropped: a header cut or malformed, too many
				 * extension headers or VLAN tags */
	__u64 bad_frags;	/* dropped: a later fragment overlapping the
				 * transport header */
	__u64 not_ip;		/* passed unfiltered: not IPv4 or IPv6 */
	__u64 inactive;		/* passed unfiltered: that IP version is not active */
	__u64 no_program;	/* dropped: the generation in force has no program */
};

#ifndef __bpf__
_Static_assert(sizeof(enum ebfilt_action) == 1, "packed enums");
_Static_assert(sizeof(struct ebfilt_lpm_key) == 20, "ebfilt_lpm_key layout");
_Static_assert(sizeof(struct ebfilt_table) == 28, "ebfilt_table layout");
_Static_assert(sizeof(struct ebfilt_rule) == 72, "ebfilt_rule layout");
_Static_assert(sizeof(struct ebfilt_rule_count) == 16, "ebfilt_rule_count layout");
_Static_assert(sizeof(struct ebfilt_pkt_exceptions) == 40, "ebfilt_pkt_exceptions layout");
_Static_assert(sizeof(struct ebfilt_active) == 4, "ebfilt_active layout");
#endif

#endif
