/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every map of the datapath, under the names include/ebfilt/maps.h lists.
 * The per-version table maps are declared with one entry where their size
 * depends on the table; the loader sizes them before loading. Keys and values are the structs
 * and enums of include/ebfilt/, so bpftool prints them field by field.
 */
#ifndef EBFILT_MAPS_BPF_H
#define EBFILT_MAPS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "ebfilt/abi.h"
#include "ebfilt/maps.h"
#include "ebfilt/record.h"
#include "ebfilt/session.h"

/* The per-rule, per-CPU window of the log rate limit (kernel only). */
struct log_rate {
	__u64 window_ns;	/* start of the current one-second window */
	__u32 count;		/* records in it */
	__u32 pad;
};

/*
 * Configuration (rodata, set by the loader before the load): the table
 * features (EBFILT_TABLE_CHECKS, _SHUN, _PATTERNS) some loaded table uses.
 * Code for a feature no table uses is then dead to the verifier, which
 * skips it: a table without stateful rules loads as fast as before them.
 * All on unless the loader says otherwise.
 */
const volatile __u32 cfg_features = ~0u;
/* Payload bytes a -l D record carries (ebfilt.conf log_snap). */
const volatile __u32 cfg_log_snap = EBFILT_LOG_SNAP_DEFAULT;
/*
 * Bisection steps of the address classes, [0 IPv4, 1 IPv6][0 source,
 * 1 destination]: ceil(log2 entries) of the table in force. A constant to
 * the verifier, which then checks that many steps and no more; a table
 * that names no address has none. (More steps than needed are harmless.)
 */
const volatile __u8 cfg_bound_steps[2][2] = {
	{ EBFILT_BOUND_STEPS, EBFILT_BOUND_STEPS }, { EBFILT_BOUND_STEPS, EBFILT_BOUND_STEPS } };

#define FEATURE(tbl, flag)	((cfg_features & (flag)) && ((tbl)->flags & (flag)))

/* A map of type, entries, key and value: one line per map below. */
#define MAP(type_, entries, key_, value_)						\
	struct {									\
		__uint(type, BPF_MAP_TYPE_##type_);					\
		__uint(max_entries, entries);						\
		__type(key, key_);							\
		__type(value, value_);							\
	}

/*
 * An array the loader fills through mmap (user/datapath/load.c): a table's
 * arrays hold up to megabytes, which a batch update copies element by
 * element (17 ms for a port array), a memcpy in no time.
 */
#define FILLED_ARRAY(entries, value_)							\
	struct {									\
		__uint(type, BPF_MAP_TYPE_ARRAY);					\
		__uint(max_entries, entries);						\
		__uint(map_flags, BPF_F_MMAPABLE);					\
		__type(key, __u32);							\
		__type(value, value_);							\
	}

/*
 * One IP version's table (maps.h: EBFILT_TABLE_MAPS). Keyed by rule ID
 * (0: the default rule): rules, rule_counts; by the rule's log slot:
 * log_drops, log_rate; by class: rule_bitmaps; the *_class maps give a
 * packet field's class; sessions, sized by ebfilt.conf session_max when
 * the table has -l S rules.
 */
#define DECLARE_TABLE_MAPS(v)								\
MAP(ARRAY, 1, __u32, struct ebfilt_table) v##_table SEC(".maps");			\
FILLED_ARRAY(1, struct ebfilt_addr_bound) v##_src_class SEC(".maps"),		\
	v##_dst_class SEC(".maps");							\
FILLED_ARRAY(EBFILT_PROTO_KEYS, __u32) v##_proto_class SEC(".maps");		\
FILLED_ARRAY(EBFILT_PORT_KEYS, __u32) v##_sport_class SEC(".maps"),		\
	v##_dport_class SEC(".maps");							\
FILLED_ARRAY(EBFILT_META_KEYS, __u32) v##_meta_class SEC(".maps");			\
MAP(HASH, EBFILT_MAX_IFACES, __u32, __u32) v##_iface_class SEC(".maps");		\
MAP(ARRAY, EBFILT_MAX_IFACES, __u32, struct ebfilt_iface_name) v##_iface_names SEC(".maps");	\
FILLED_ARRAY(1, __u64[EBFILT_BITMAP_WORDS]) v##_rule_bitmaps SEC(".maps");		\
FILLED_ARRAY(1, struct ebfilt_rule_order) v##_rule_order SEC(".maps");		\
FILLED_ARRAY(1, struct ebfilt_rule) v##_rules SEC(".maps");			\
MAP(PERCPU_ARRAY, 1, __u32, struct ebfilt_rule_count) v##_rule_counts SEC(".maps");	\
MAP(PERCPU_ARRAY, 1, __u32, struct ebfilt_log_drops) v##_log_drops SEC(".maps");	\
MAP(PERCPU_ARRAY, 1, __u32, struct log_rate) v##_log_rate SEC(".maps");		\
MAP(LRU_HASH, 1, struct ebfilt_if_key, struct ebfilt_if_state) v##_if_state SEC(".maps");	\
MAP(LRU_HASH, 1, struct ebfilt_shun_key, struct ebfilt_shun) v##_shun_list SEC(".maps");	\
MAP(PERCPU_ARRAY, 1, __u32, struct ebfilt_state_counts) v##_state_counts SEC(".maps");	\
MAP(ARRAY, 1, __u32, struct ebfilt_pattern_meta) v##_pattern_meta SEC(".maps");	\
FILLED_ARRAY(1, __u64) v##_pattern_dfa SEC(".maps");				\
FILLED_ARRAY(1, __u32) v##_pattern_out SEC(".maps");				\
MAP(LRU_HASH, 1, struct ebfilt_session_key, struct ebfilt_session) v##_sessions SEC(".maps");

DECLARE_TABLE_MAPS(v4)
DECLARE_TABLE_MAPS(v6)

MAP(PERCPU_ARRAY, 1, __u32, struct ebfilt_pkt_exceptions) pkt_exceptions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);	/* resized by the loader */
} log_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} log_perf_buf SEC(".maps");

MAP(ARRAY, 1, __u32, struct ebfilt_log_settings) log_settings SEC(".maps");
MAP(PERCPU_ARRAY, 1, __u32, struct ebfilt_log_totals) log_totals SEC(".maps");
MAP(PERCPU_ARRAY, 1, __u32, struct ebfilt_session_totals) session_totals SEC(".maps");
/* Where a record is assembled (too big for the stack), then copied out at its length. */
MAP(PERCPU_ARRAY, 1, __u32, struct ebfilt_log_record) log_rec_scratch SEC(".maps");

/* Every name maps.h lists must be declared above: this fails to build if one is not. */
#define NAMED_IN_MAPS_H(stem)	(void)&v4_##stem; (void)&v6_##stem;
#define GLOBAL_IN_MAPS_H(name)	(void)&name;
static __always_inline void maps_h_names_exist(void)
{
	EBFILT_TABLE_MAPS(NAMED_IN_MAPS_H)
	EBFILT_LOG_MAPS(GLOBAL_IN_MAPS_H)
	EBFILT_SHARED_MAPS(GLOBAL_IN_MAPS_H)
}

/* The map named stem of the IPv4 or the IPv6 table. */
#define TABLE_MAP(is_v4, stem)	((is_v4) ? (void *)&v4_##stem : (void *)&v6_##stem)

/* The maps one IP version's classifier reads. */
struct table_maps {
	void *src, *dst, *proto, *sport, *dport, *meta, *iface, *bitmaps, *order, *rules;
	bool v4;
};

#define TABLE_MAPS_OF(v) {								\
	&v##_src_class, &v##_dst_class, &v##_proto_class, &v##_sport_class,		\
	&v##_dport_class, &v##_meta_class, &v##_iface_class, &v##_rule_bitmaps,		\
	&v##_rule_order, &v##_rules, IS_##v }
#define IS_v4	true
#define IS_v6	false

#endif
