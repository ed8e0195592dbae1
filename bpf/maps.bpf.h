/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every map of the datapath, under the names include/ebfilt/maps.h lists.
 * The per-version table maps are declared with one entry; the loader sizes
 * them for each new table before loading. Keys and values are the structs
 * and enums of include/ebfilt/, so bpftool prints them field by field.
 */
#ifndef EBFILT_MAPS_BPF_H
#define EBFILT_MAPS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "ebfilt/abi.h"
#include "ebfilt/maps.h"
#include "ebfilt/record.h"

/* The per-rule, per-CPU window of the log rate limit (kernel only). */
struct log_rate {
	__u64 window_ns;	/* start of the current one-second window */
	__u32 count;		/* records in it */
	__u32 pad;
};

/* One IP version's table maps (maps.h: EBFILT_TABLE_MAPS). */
#define DECLARE_TABLE_MAPS(v)							\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, 1);							\
	__type(key, __u32);							\
	__type(value, struct ebfilt_table);					\
} v##_table SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);					\
	__uint(max_entries, 1);							\
	__uint(map_flags, BPF_F_NO_PREALLOC);					\
	__type(key, struct ebfilt_lpm_key);					\
	__type(value, __u32);							\
} v##_src_class SEC(".maps"), v##_dst_class SEC(".maps");			\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, EBFILT_PROTO_KEYS);					\
	__type(key, __u32);							\
	__type(value, __u32);							\
} v##_proto_class SEC(".maps");						\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, EBFILT_PORT_KEYS);					\
	__type(key, __u32);							\
	__type(value, __u32);							\
} v##_sport_class SEC(".maps"), v##_dport_class SEC(".maps");			\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, EBFILT_META_KEYS);					\
	__type(key, __u32);							\
	__type(value, __u32);							\
} v##_meta_class SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_HASH);					\
	__uint(max_entries, EBFILT_MAX_IFACES);					\
	__type(key, __u32);		/* ifindex */				\
	__type(value, __u32);		/* interface class */			\
} v##_iface_class SEC(".maps");						\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* class */				\
	__type(value, __u64[EBFILT_BITMAP_WORDS]);				\
} v##_rule_bitmaps SEC(".maps");						\
struct {									\
	__uint(type, BPF_MAP_TYPE_ARRAY);					\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID, 0 = default rule */		\
	__type(value, struct ebfilt_rule);					\
} v##_rules SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);				\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID, 0 = default rule */		\
	__type(value, struct ebfilt_rule_count);				\
} v##_rule_counts SEC(".maps");						\
struct {									\
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);				\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID */				\
	__type(value, struct ebfilt_log_drops);					\
} v##_log_drops SEC(".maps");							\
struct {									\
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);				\
	__uint(max_entries, 1);							\
	__type(key, __u32);		/* rule ID */				\
	__type(value, struct log_rate);						\
} v##_log_rate SEC(".maps");

DECLARE_TABLE_MAPS(v4)
DECLARE_TABLE_MAPS(v6)

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_pkt_exceptions);
} pkt_exceptions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);	/* resized by the loader */
} log_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} log_perf_buf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_log_settings);
} log_settings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_log_totals);
} log_totals SEC(".maps");

/* Where a record is assembled for the perf event array (too big for the stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_log_record);
} log_rec_scratch SEC(".maps");

/* Every name maps.h lists must be declared above: this fails to build if one is not. */
#define NAMED_IN_MAPS_H(stem)	(void)&v4_##stem; (void)&v6_##stem;
#define GLOBAL_IN_MAPS_H(name)	(void)&name;
static __always_inline void maps_h_names_exist(void)
{
	EBFILT_TABLE_MAPS(NAMED_IN_MAPS_H)
	EBFILT_LOG_MAPS(GLOBAL_IN_MAPS_H)
	EBFILT_DATAPATH_MAPS(GLOBAL_IN_MAPS_H)
}

/* The map named stem of the IPv4 or the IPv6 table. */
#define TABLE_MAP(is_v4, stem)	((is_v4) ? (void *)&v4_##stem : (void *)&v6_##stem)

/* The maps one IP version's classifier reads. */
struct table_maps {
	void *src, *dst, *proto, *sport, *dport, *meta, *iface, *bitmaps, *rules;
};

#define TABLE_MAPS_OF(v) {							\
	&v##_src_class, &v##_dst_class, &v##_proto_class, &v##_sport_class,	\
	&v##_dport_class, &v##_meta_class, &v##_iface_class, &v##_rule_bitmaps,	\
	&v##_rules }

#endif
