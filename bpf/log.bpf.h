/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet logging: one struct ebfilt_log_record per logged packet, into the
 * ring buffer (reserve/submit) or, where the daemon asks for it, the perf
 * event array. A full buffer never waits: the record is dropped and counted,
 * per rule and per CPU, and in the global log_stats. An optional per-rule,
 * per-CPU rate limit drops (and counts) records beyond N per second.
 * The log maps outlive activations: each new program takes them over.
 */
#ifndef EBFILT_LOG_BPF_H
#define EBFILT_LOG_BPF_H

#include "log_record.h"
#include "parse.bpf.h"

struct log_rate {
	__u64 window_ns;	/* start of the current one-second window */
	__u32 count;		/* records in it */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);	/* resized by the loader */
} log_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} log_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_log_ctl);
} log_ctl SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EBFILT_LOG_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} log_stats SEC(".maps");

/* Where a record is assembled for the perf event array (too big for the stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_log_record);
} log_scratch SEC(".maps");

/* What the verdict knows about the packet, for its log record. */
struct log_event {
	const struct packet_info *pkt;
	__u32 rule_id, action, tunnel, ifindex, inbound, local;
};

static __always_inline void log_count(__u32 stat, void *drops, __u32 id, bool ring_full)
{
	struct ebfilt_log_drops *per_rule;
	__u64 *total = bpf_map_lookup_elem(&log_stats, &stat);

	if (total)
		*total += 1;
	if (stat == EBFILT_LOG_EMITTED)
		return;
	per_rule = bpf_map_lookup_elem(drops, &id);
	if (per_rule) {
		if (ring_full)
			per_rule->ring_full++;
		else
			per_rule->rate_limited++;
	}
}

/* Whether this rule may log one more record in the current second on this CPU. */
static __always_inline bool log_within_rate(void *rates, __u32 id, __u32 limit)
{
	struct log_rate *rate = bpf_map_lookup_elem(rates, &id);
	__u64 now;

	if (!limit || !rate)
		return true;
	now = bpf_ktime_get_ns();
	if (now - rate->window_ns >= 1000000000ULL) {
		rate->window_ns = now;
		rate->count = 0;
	}
	if (rate->count >= limit)
		return false;
	rate->count++;
	return true;
}

static __always_inline void log_fill(void *ctx, bool xdp, const struct log_event *ev,
				     struct ebfilt_log_record *rec)
{
	const struct packet_info *pkt = ev->pkt;
	__u64 frame = xdp ? ((struct xdp_md *)ctx)->data_end - ((struct xdp_md *)ctx)->data
			  : ((struct __sk_buff *)ctx)->len;
	__u64 cap = frame > pkt->l3_off ? frame - pkt->l3_off : 0;
	struct hdr_cursor nh = { .ctx = ctx, .xdp = xdp };

	rec->boot_ns = bpf_ktime_get_boot_ns();
	rec->rule_id = ev->rule_id;
	rec->ifindex = ev->ifindex;
	rec->tunnel = ev->tunnel;
	rec->ip_len = pkt->ip_len;
	rec->sport = pkt->sport;
	rec->dport = pkt->dport;
	rec->version = pkt->version;
	rec->action = (__u8)ev->action;
	rec->inbound = (__u8)ev->inbound;
	rec->local = (__u8)ev->local;
	rec->frag = pkt->frag;
	rec->proto = pkt->proto;
	rec->flags = (pkt->flags & PKT_PORTS ? EBFILT_LOG_PORTS : 0) |
		     (pkt->flags & PKT_TCP_ACK ? EBFILT_LOG_TCP_ACK : 0) |
		     (pkt->flags & PKT_AH ? EBFILT_LOG_AH : 0) |
		     (pkt->flags & PKT_ESP ? EBFILT_LOG_ESP : 0) |
		     (pkt->flags & PKT_SHORT ? EBFILT_LOG_SHORT : 0) |
		     (pkt->flags & PKT_ADDRS ? EBFILT_LOG_ADDRS : 0);
	rec->pad = 0;
	__builtin_memcpy(rec->saddr, pkt->saddr, 16);
	__builtin_memcpy(rec->daddr, pkt->daddr, 16);
	if (cap > EBFILT_LOG_CAPTURE)
		cap = EBFILT_LOG_CAPTURE;
	rec->cap_len = 0;
	if (cap >= 1 && cap <= EBFILT_LOG_CAPTURE &&
	    !load_bytes(&nh, pkt->l3_off, rec->headers, (__u32)cap))
		rec->cap_len = (__u16)cap;
}

/* The logging settings, when logging is started; NULL otherwise. */
static __always_inline struct ebfilt_log_ctl *logging_on(void)
{
	struct ebfilt_log_ctl *ctl;
	__u32 zero = 0;

	ctl = bpf_map_lookup_elem(&log_ctl, &zero);
	return ctl && ctl->enabled ? ctl : NULL;
}

static __always_inline void log_packet(void *ctx, bool xdp, const struct log_event *ev,
				       const struct ebfilt_log_ctl *ctl, void *drops, void *rates)
{
	struct ebfilt_log_record *rec;
	__u32 zero = 0;

	if (!log_within_rate(rates, ev->rule_id, ctl->rate_limit)) {
		log_count(EBFILT_LOG_RATE_LIMITED, drops, ev->rule_id, false);
		return;
	}
	if (ctl->use_perf) {
		rec = bpf_map_lookup_elem(&log_scratch, &zero);
		if (!rec)
			return;
		log_fill(ctx, xdp, ev, rec);
		if (bpf_perf_event_output(ctx, &log_events, BPF_F_CURRENT_CPU, rec, sizeof(*rec))) {
			log_count(EBFILT_LOG_RING_FULL, drops, ev->rule_id, true);
			return;
		}
	} else {
		rec = bpf_ringbuf_reserve(&log_ring, sizeof(*rec), 0);
		if (!rec) {
			log_count(EBFILT_LOG_RING_FULL, drops, ev->rule_id, true);
			return;
		}
		log_fill(ctx, xdp, ev, rec);
		bpf_ringbuf_submit(rec, 0);
	}
	log_count(EBFILT_LOG_EMITTED, drops, ev->rule_id, false);
}

#endif
