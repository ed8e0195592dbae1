/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layouts shared by the BPF filter (bpf/) and user space (user/): map keys
 * and values of the compiled classifier, the active-rule records, counters.
 * Fixed-width types only. Addresses are in network byte order; every other
 * multi-byte field is in host byte order.
 *
 * The classifier: for one IP version, each packet field is mapped to a
 * class (src/dst address through an LPM trie, protocol, ports and "meta"
 * through arrays); each class owns a bitmap with bit i set when rule i+1
 * accepts that field value. A packet's rule is the lowest bit set in the
 * AND of its classes' bitmaps; none set means the default rule.
 */
#ifndef EBFILT_SHARED_H
#define EBFILT_SHARED_H

#ifndef __bpf__
#include <linux/types.h>
#endif

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

enum ebfilt_frag_state {
	EBFILT_FRAG_NONE,	/* not fragmented */
	EBFILT_FRAG_FIRST,	/* first fragment: carries the transport header */
	EBFILT_FRAG_LATER,	/* later fragment: no transport header */
};

static inline __u32 ebfilt_meta_key(__u32 iface, __u32 inbound, __u32 local, __u32 frag,
				    __u32 srcroute)
{
	return (((iface * 2 + inbound) * 2 + local) * 3 + frag) * 2 + srcroute;
}

struct ebfilt_lpm_key {
	__u32 prefixlen;
	__u8 addr[16];		/* IPv4 in the first 4 bytes, the rest zero */
};

/* Per-version settings of the active table (one-element array map). */
struct ebfilt_config {
	__u32 active;		/* 0: the version is not filtered */
	__u32 nrules;		/* rules 1..nrules, bits 0..nrules-1 */
	__u32 nwords;		/* bitmap words in use */
	__u32 nsummary;		/* summary words in use */
	__u32 default_action;	/* EBFILT_PERMIT or EBFILT_DENY */
	__u32 flags;		/* EBFILT_CFG_* */
	__u32 src_any_class;	/* classes for a packet too short to have addresses */
	__u32 dst_any_class;
};

#define EBFILT_CFG_NEED_SCOPE	(1u << 0)	/* some rule is local or routed only */
#define EBFILT_CFG_DEFAULT_LOG	(1u << 1)

enum ebfilt_action { EBFILT_DENY = 0, EBFILT_PERMIT = 1 };

enum ebfilt_scope { EBFILT_SCOPE_BOTH, EBFILT_SCOPE_LOCAL, EBFILT_SCOPE_ROUTE };
enum ebfilt_dir { EBFILT_DIR_BOTH, EBFILT_DIR_INBOUND, EBFILT_DIR_OUTBOUND };
/* Which packets a rule takes by fragment state (genfilt -f Y, N, O, H). */
enum ebfilt_frag_ctl {
	EBFILT_FRAGCTL_ALL, EBFILT_FRAGCTL_NONE, EBFILT_FRAGCTL_ONLY, EBFILT_FRAGCTL_HEADERS
};
enum ebfilt_port_op {
	EBFILT_OP_ANY, EBFILT_OP_EQ, EBFILT_OP_NEQ, EBFILT_OP_LT, EBFILT_OP_LE, EBFILT_OP_GT,
	EBFILT_OP_GE
};

/* A rule as the kernel holds it (rules map, key = rule ID, 0 = default). */
struct ebfilt_rule {
	__u8 saddr[16];
	__u8 daddr[16];
	__u8 sprefix, dprefix;
	__u8 action;		/* enum ebfilt_action */
	__u8 proto;		/* 0 = all */
	__u8 flags;		/* EBFILT_RULE_* */
	__u8 scope;		/* enum ebfilt_scope */
	__u8 dir;		/* enum ebfilt_dir */
	__u8 frag;		/* enum ebfilt_frag_ctl */
	__u8 sport_op, dport_op;	/* enum ebfilt_port_op */
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

struct ebfilt_counter {
	__u64 packets;
	__u64 bytes;
};

/* Global per-CPU statistics (stats map). */
enum ebfilt_stat {
	EBFILT_STAT_SHORT,	/* truncated or malformed IP packets */
	EBFILT_STAT_NOT_IP,	/* passed unfiltered: not IPv4 or IPv6 */
	EBFILT_STAT_INACTIVE,	/* passed unfiltered: that IP version is not active */
	EBFILT_STAT_COUNT,
};

#ifndef __bpf__
_Static_assert(sizeof(struct ebfilt_lpm_key) == 20, "ebfilt_lpm_key layout");
_Static_assert(sizeof(struct ebfilt_config) == 32, "ebfilt_config layout");
_Static_assert(sizeof(struct ebfilt_rule) == 72, "ebfilt_rule layout");
_Static_assert(sizeof(struct ebfilt_counter) == 16, "ebfilt_counter layout");
#endif

#endif
