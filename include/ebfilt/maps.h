/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of the maps and programs, for both sides: the BPF object
 * declares its maps under these names (bpf/maps.bpf.h checks at build time
 * that every name listed here exists), and user space finds them in the
 * object and in the pins by the same names. Layouts are in abi.h and
 * record.h. Everything is pinned under EBFILT_PINDIR (see mkfilt(8)).
 */
#ifndef EBFILT_MAPS_H
#define EBFILT_MAPS_H

#define EBFILT_STR(x)	EBFILT_STR_(x)
#define EBFILT_STR_(x)	#x

/*
 * One IP version's table: named "v4_<stem>" and "v6_<stem>" in the object,
 * pinned as "v4/<stem>" and "v6/<stem>". A new table gets new maps; a
 * version an activation leaves alone keeps its maps (and counters).
 */
#define EBFILT_TABLE_MAPS(X)								\
	X(table)		/* struct ebfilt_table: active, size, default */	\
	X(src_class)		/* sorted address intervals, each a class */			\
	X(dst_class)		/* the same for destination addresses */		\
	X(proto_class)		/* protocol key -> class */				\
	X(sport_class)		/* source port or ICMP type -> class */			\
	X(dport_class)		/* destination port or ICMP code -> class */		\
	X(meta_class)		/* path key (ebfilt_meta_key) -> class */		\
	X(iface_class)		/* ifindex -> class | tunnel ID << 8 */			\
	X(iface_names)		/* class -> its interface name, to follow renames */	\
	X(rule_bitmaps)		/* class -> bitmap of the rules it admits */		\
	X(rule_order)		/* the rule of each bitmap bit (abi.h) */		\
	X(rules)		/* rule ID -> struct ebfilt_rule */			\
	X(rule_counts)		/* rule ID -> per-CPU packets and bytes */		\
	X(log_drops)		/* log slot -> per-CPU log records lost */		\
	X(log_rate)		/* log slot -> per-CPU rate-limit window */		\
	X(if_state)		/* LRU: IF condition -> when last met */		\
	X(shun_list)		/* LRU: shunned host or port -> until when */		\
	X(state_counts)		/* per-CPU struct ebfilt_state_counts */		\
	X(pattern_meta)		/* the pattern automaton's byte classes and size */	\
	X(pattern_dfa)		/* its moves, four __u16 to a __u64 */			\
	X(pattern_out)		/* state -> the pattern sets that end there */	\
	X(sessions)		/* LRU: open sessions of -l S rules (session.h) */

/* Logging: pinned once, taken over by every later activation. */
#define EBFILT_LOG_MAPS(X)								\
	X(log_ring)		/* ring buffer of struct ebfilt_log_record */		\
	X(log_perf_buf)		/* perf event array, the alternative */			\
	X(log_settings)		/* struct ebfilt_log_settings */			\
	X(log_totals)		/* per-CPU struct ebfilt_log_totals */			\
	X(session_totals)	/* per-CPU struct ebfilt_session_totals */

/*
 * The dispatcher (bpf/dispatch.bpf.c), loaded at the first activation and
 * kept until the last deactivation: the programs attached to the hooks
 * send each packet on to the filter of the generation in force.
 */
#define EBFILT_DISPATCH_MAPS(X)								\
	X(active_slot)		/* struct ebfilt_active: the generation in force */	\
	X(xdp_progs)		/* slot -> the filter's XDP program */			\
	X(tc_progs)		/* ebfilt_tc_prog_index() -> its tc programs */

/* Declared by both objects: the dispatcher's, taken over by every filter. */
#define EBFILT_SHARED_MAPS(X)								\
	X(pkt_exceptions)	/* per-CPU struct ebfilt_pkt_exceptions */

/*
 * The dispatcher's programs, attached to the hooks and pinned under these
 * names; each generation's filter has filter_xdp_in, filter_tc_in,
 * filter_tc_out, and where an interface needs them filter_ip_in and
 * filter_ip_out, which they tail-call. The ebfilt_ip_* pair goes on the tc
 * hooks of interfaces without an Ethernet header. Names stay within the
 * 15 characters the kernel keeps of a program's name.
 */
#define EBFILT_PROG_XDP_IN	"ebfilt_xdp_in"
#define EBFILT_PROG_TC_IN	"ebfilt_tc_in"
#define EBFILT_PROG_TC_OUT	"ebfilt_tc_out"
#define EBFILT_PROG_IP_IN	"ebfilt_ip_in"
#define EBFILT_PROG_IP_OUT	"ebfilt_ip_out"
#define EBFILT_PIN_XDP_IN	"prog_xdp_in"
#define EBFILT_PIN_TC_IN	"prog_tc_in"
#define EBFILT_PIN_TC_OUT	"prog_tc_out"
#define EBFILT_PIN_IP_IN	"prog_ip_in"
#define EBFILT_PIN_IP_OUT	"prog_ip_out"
/*
 * Each generation's session sweep (a BPF_PROG_TYPE_SYSCALL program, run
 * with BPF_PROG_TEST_RUN): pinned as gen<N>/session_sweep, reached by
 * ipsec_logd through current/session_sweep.
 */
#define EBFILT_PIN_SESSION_SWEEP	"session_sweep"

#endif
