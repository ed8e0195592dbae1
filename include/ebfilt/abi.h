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
 * class (source and destination address by binary search of sorted
 * intervals; protocol, ports and the packet's path through arrays); each class owns a bitmap
 * with bit i set when rule i+1 accepts that field value. A packet's rule
 * is the lowest bit set in the AND of its classes' bitmaps; none set means
 * the default rule. A rule whose applicability depends on more than the
 * packet's fields (EBFILT_RULE_CHECK: an IF scope, an expiration, IF and
 * shun rules themselves) is tested when the scan reaches it; if it does
 * not apply, the scan goes on to the next set bit.
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

/* IF scopes nest this deep at most; ckfilt and mkfilt refuse deeper tables. */
#define EBFILT_SCOPE_DEPTH	8
#define EBFILT_SCOPE_ELSE	0x8000

/*
 * An IF condition (if_state, an LRU hash): which IF rule, for which pair
 * of hosts, in either direction (the lower address first, as memcmp
 * orders them). The value says when a packet last met it.
 */
struct ebfilt_if_key {
	__u16 if_rule;
	__u8 pad[2];
	__u8 a[16], b[16];
};

struct ebfilt_if_state {
	__u64 last_ns;		/* CLOCK_BOOTTIME of the last packet that met the IF rule */
	__u64 timeout_ns;	/* the condition holds this long after it */
};

/*
 * The shun list (shun_list, an LRU hash): a remote host, or a remote host
 * and port, that a shun rule denies for a while. The remote side is the
 * source of an inbound packet and the destination of an outbound one.
 */
EBFILT_PACKED_ENUM ebfilt_shun_kind { EBFILT_SHUN_KIND_HOST, EBFILT_SHUN_KIND_PORT };

struct ebfilt_shun_key {
	__u8 addr[16];
	__u16 port;		/* host order; 0 for a host */
	enum ebfilt_shun_kind kind;
	__u8 pad;
};

struct ebfilt_shun {
	__u64 made_ns;		/* CLOCK_BOOTTIME when the shun rule put it there */
	__u64 until_ns;		/* it ends then; 0: never (until flushed) */
	__u32 rule_id;		/* the shun rule that made it */
	__u8 log;		/* that rule logs: so are the packets it denies */
	__u8 pad[3];
};

/*
 * Patterns (genfilt -x, -X): one automaton per IP version over byte
 * classes (compile/patterns.h). pattern_dfa, an array, holds the next
 * state at [state * nclasses + class]: the state number, with
 * EBFILT_DFA_OUTPUT set when some pattern ends in that state; then
 * pattern_out[state] has bit N - 1 set for each rule whose pattern set N
 * (struct ebfilt_rule.pattern_set) has one that does. State 0 is the start.
 * The kernel examines the first EBFILT_PATTERN_SCAN bytes of an inbound
 * packet's payload.
 */
#define EBFILT_PATTERN_SETS	32
#define EBFILT_PATTERN_STATES	32767
#define EBFILT_DFA_OUTPUT	0x8000
#define EBFILT_DFA_PER_WORD	4	/* moves in one pattern_dfa entry, lowest first */
#define EBFILT_PATTERN_SCAN	1024

struct ebfilt_pattern_meta {
	__u8 classes[256];	/* byte -> class */
	__u32 nclasses;		/* 1 + the distinct bytes the patterns use */
	__u32 nstates;		/* 0: no patterns */
};

/* Per CPU: the stateful rules' counts (state_counts). */
struct ebfilt_state_counts {
	/*
	 * Entries made, each counted once (by the update that created it):
	 * made - held - flushed is what a full map evicted.
	 */
	__u64 if_made;		/* IF conditions made */
	__u64 shuns_made;	/* shun list entries made */
	__u64 shunned;		/* packets denied by the shun list */
};

/*
 * What interface class N stands for (iface_names[N], 1..EBFILT_MAX_IFACES - 1):
 * the interface's name, and the iface_class value its index gets (class |
 * tunnel ID << 8). Only userspace reads it: the loader, and ebfilt_watchd
 * when interfaces come, go or are renamed.
 */
struct ebfilt_iface_name {
	char name[16];		/* "" for an unused class */
	__u32 value;
};

/*
 * The address classes (src_class, dst_class): the address space cut into
 * intervals, each with one class, as an array sorted by first address.
 * Entry i covers [entry i, entry i + 1); entry 0 starts at 0. An address
 * is read as one 128-bit number, hi its most significant half, each half
 * in host order; an IPv4 address is the top 32 bits of hi. The kernel
 * finds a packet's interval by binary search: a look-up costs
 * log2(entries) loads, and a table whose rules name no address costs none.
 */
struct ebfilt_addr_bound {
	__u64 hi, lo;		/* the interval's first address */
	__u32 class;
	__u32 pad;
};

/* Each rule's prefix opens an interval and closes one: at most this many, and the steps to search them. */
#define EBFILT_MAX_BOUNDS	(2 * EBFILT_MAX_RULES + 1)
#define EBFILT_BOUND_STEPS	15	/* 2^15 >= EBFILT_MAX_BOUNDS */

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
	__u32 if_idle_s;	/* an IF condition's idle timeout when its rule has no -e */
	__u64 activated_ns;	/* CLOCK_BOOTTIME of the activation: expirations count from it */
	__u64 shuns_flushed;	/* entries rmfilt -d removed: only userspace writes it */
	__u32 src_bounds;	/* entries of src_class, at least 1 */
	__u32 dst_bounds;	/* entries of dst_class, at least 1 */
};

#define EBFILT_TABLE_NEED_SCOPE	(1u << 0)	/* some rule is local or routed only */
#define EBFILT_TABLE_CHECKS	(1u << 1)	/* some rule is EBFILT_RULE_CHECK */
#define EBFILT_TABLE_SHUN	(1u << 2)	/* some rule shuns: look at the shun list first */
#define EBFILT_TABLE_PATTERNS	(1u << 3)	/* some rule has patterns: scan inbound payloads */
#define EBFILT_TABLE_IFACES	(1u << 4)	/* rules or tunnels name interfaces: look the packet's up */
#define EBFILT_TABLE_SESSIONS	(1u << 5)	/* some rule logs sessions (-l S): track permitted packets */

/*
 * The order of the rules' bits (rule_order, one entry). Bit b of every
 * bitmap stands for rule bit_rule[b]. The compiler puts rules alike in
 * their addresses side by side, so that the bitmap words a packet can
 * match are few whatever the table's size; within a word bits ascend with
 * the rule ID. first_id[w] is the lowest rule ID in bitmap word w or any
 * later one: the scan stops once no word left can hold a rule before the
 * best match found. A table with rules that need a check keeps the
 * table's order (bit b is rule b + 1), which its walk relies on.
 */
#define EBFILT_NO_RULE	0xffff	/* first_id past the last rule */

struct ebfilt_rule_order {
	__u16 first_id[EBFILT_MAX_WORDS];
	__u16 bit_rule[EBFILT_MAX_RULES];
};

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
	__u8 pattern_set;	/* 1-EBFILT_PATTERN_SETS: the rule's patterns; 0: none */
	__u32 tunnel;
	/*
	 * Seconds (genfilt -e; 0: none). A permit or deny rule applies for
	 * that long after the activation; an IF rule's condition lasts that
	 * long after the last packet that met it; a shun rule shuns for that
	 * long (0: until the list is flushed or the filter deactivated).
	 */
	__u32 expire;
	char iface[16];		/* "all" or an interface name */
	/*
	 * The IF scopes the rule sits in, outermost first, 0 after the last:
	 * the IF rule's ID, | EBFILT_SCOPE_ELSE when in its ELSE branch.
	 */
	__u16 scopes[EBFILT_SCOPE_DEPTH];
	/*
	 * The rule's entry in log_drops and log_rate, which have one per rule
	 * that logs (and 0, the default rule's): a table that logs little
	 * allocates little per CPU.
	 */
	__u16 log_slot;
	__u8 pad[2];
};

#define EBFILT_RULE_TCP_ACK	(1u << 0)
#define EBFILT_RULE_LOG		(1u << 1)
#define EBFILT_RULE_SRCROUTE	(1u << 2)	/* -g Y */
#define EBFILT_RULE_CHECK	(1u << 3)	/* test it when the scan reaches it */
#define EBFILT_RULE_LOG_DETAIL	(1u << 4)	/* -l D: the log record carries payload */
#define EBFILT_RULE_SESSION	(1u << 5)	/* -l S: its permitted sessions are summarised */

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

/*
 * Each slot's tc programs in tc_progs, four per slot: inbound and outbound
 * for frames with an Ethernet header, then the same for frames that start
 * at the IP header (raw IP: interfaces without a link-layer header).
 */
#define EBFILT_TC_PROGS	4

static inline __u32 ebfilt_tc_prog_index(__u32 slot, __u32 inbound, _Bool raw_ip)
{
	return slot * EBFILT_TC_PROGS + (raw_ip ? 2 : 0) + (inbound ? 0 : 1);
}

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
_Static_assert(sizeof(struct ebfilt_addr_bound) == 24, "ebfilt_addr_bound layout");
_Static_assert((1u << EBFILT_BOUND_STEPS) >= EBFILT_MAX_BOUNDS, "bisection reaches every interval");
_Static_assert(sizeof(struct ebfilt_table) == 56, "ebfilt_table layout");
_Static_assert(sizeof(struct ebfilt_rule) == 92, "ebfilt_rule layout");
_Static_assert(sizeof(struct ebfilt_rule_order) == 2 * (EBFILT_MAX_WORDS + EBFILT_MAX_RULES),
	       "ebfilt_rule_order layout");
_Static_assert(EBFILT_MAX_RULES < EBFILT_NO_RULE, "rule IDs fit first_id");
_Static_assert(sizeof(struct ebfilt_if_key) == 36, "ebfilt_if_key layout");
_Static_assert(sizeof(struct ebfilt_if_state) == 16, "ebfilt_if_state layout");
_Static_assert(sizeof(struct ebfilt_shun_key) == 20, "ebfilt_shun_key layout");
_Static_assert(sizeof(struct ebfilt_shun) == 24, "ebfilt_shun layout");
_Static_assert(sizeof(struct ebfilt_state_counts) == 24, "ebfilt_state_counts layout");
_Static_assert(sizeof(struct ebfilt_pattern_meta) == 264, "ebfilt_pattern_meta layout");
_Static_assert(sizeof(struct ebfilt_iface_name) == 20, "ebfilt_iface_name layout");
_Static_assert(sizeof(struct ebfilt_rule_count) == 16, "ebfilt_rule_count layout");
_Static_assert(sizeof(struct ebfilt_pkt_exceptions) == 40, "ebfilt_pkt_exceptions layout");
_Static_assert(sizeof(struct ebfilt_active) == 4, "ebfilt_active layout");
#endif

#endif
