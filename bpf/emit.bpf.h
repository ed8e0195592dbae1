/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emit stage: one struct ebfilt_log_record per logged packet, into the
 * ring buffer (reserve/submit) or, where the daemon asks for it, the perf
 * event array. A full buffer never waits: the record is dropped and
 * counted, per rule and per CPU, and in log_totals. An optional per-rule,
 * per-CPU rate limit drops (and counts) records beyond N per second.
 * The log maps outlive activations: each new program takes them over.
 */
#ifndef EBFILT_EMIT_BPF_H
#define EBFILT_EMIT_BPF_H

#include "maps.bpf.h"
#include "packet.bpf.h"

/* What the verdict knows about the packet, for its log record. */
struct log_event {
	const struct packet_info *pkt;
	__u32 rule_id, tunnel, ifindex, inbound, local;
	enum ebfilt_action action;
	bool rule_ack;		/* the rule matched on tcp/ack: the line says so */
	enum ebfilt_log_reason reason;
};

/* What became of a record the rule asked for. */
enum log_outcome { LOG_EMITTED, LOG_RING_FULL, LOG_RATE_LIMITED };

static __always_inline void log_count(enum log_outcome outcome, void *drops, __u32 id)
{
	struct ebfilt_log_totals *total;
	struct ebfilt_log_drops *lost;
	__u32 zero = 0;

	total = bpf_map_lookup_elem(&log_totals, &zero);
	if (outcome == LOG_EMITTED) {
		if (total)
			total->emitted++;
		return;
	}
	lost = bpf_map_lookup_elem(drops, &id);
	if (outcome == LOG_RING_FULL) {
		if (total)
			total->ring_full++;
		if (lost)
			lost->ring_full++;
	} else {
		if (total)
			total->rate_limited++;
		if (lost)
			lost->rate_limited++;
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
	struct hdr_cursor nh = { .end = (__u32)frame, .ctx = ctx, .xdp = xdp };

	rec->boot_ns = bpf_ktime_get_boot_ns();
	rec->rule_id = ev->rule_id;
	rec->ifindex = ev->ifindex;
	rec->tunnel = ev->tunnel;
	rec->ip_len = pkt->ip_len;
	rec->sport = pkt->sport;
	rec->dport = pkt->dport;
	rec->version = pkt->version;
	rec->action = ev->action;
	rec->inbound = (__u8)ev->inbound;
	rec->local = (__u8)ev->local;
	rec->frag = pkt->frag;
	rec->proto = pkt->proto;
	rec->flags = (pkt->flags & PKT_PORTS ? EBFILT_LOG_PORTS : 0) |
		     (pkt->flags & PKT_TCP_ACK ? EBFILT_LOG_TCP_ACK : 0) |
		     (pkt->flags & PKT_AH ? EBFILT_LOG_AH : 0) |
		     (pkt->flags & PKT_ESP ? EBFILT_LOG_ESP : 0) |
		     (pkt->flags & PKT_SHORT ? EBFILT_LOG_SHORT : 0) |
		     (pkt->flags & PKT_ADDRS ? EBFILT_LOG_ADDRS : 0) |
		     (ev->rule_ack ? EBFILT_LOG_RULE_ACK : 0) |
		     (pkt->flags & PKT_PROTO ? EBFILT_LOG_PROTO : 0);
	rec->reason = ev->reason;
	__builtin_memcpy(rec->saddr, pkt->saddr, 16);
	__builtin_memcpy(rec->daddr, pkt->daddr, 16);
	if (pkt->ip_len && cap > pkt->ip_len)
		cap = pkt->ip_len;	/* the IP packet's bytes, not the frame's padding */
	if (cap > EBFILT_LOG_CAPTURE)
		cap = EBFILT_LOG_CAPTURE;
	rec->cap_len = 0;
	if (cap >= 1 && cap <= EBFILT_LOG_CAPTURE &&
	    !load_bytes(&nh, pkt->l3_off, rec->headers, (__u32)cap))
		rec->cap_len = (__u16)cap;
}

/* The logging settings, when logging is started; NULL otherwise. */
static __always_inline struct ebfilt_log_settings *logging_on(void)
{
	struct ebfilt_log_settings *set;
	__u32 zero = 0;

	set = bpf_map_lookup_elem(&log_settings, &zero);
	return set && set->enabled ? set : NULL;
}

static __always_inline void log_packet(void *ctx, bool xdp, const struct log_event *ev,
				       const struct ebfilt_log_settings *set, void *drops,
				       void *rates)
{
	struct ebfilt_log_record *rec;
	__u32 zero = 0;

	if (!log_within_rate(rates, ev->rule_id, set->rate_limit)) {
		log_count(LOG_RATE_LIMITED, drops, ev->rule_id);
		return;
	}
	if (set->buffer == EBFILT_LOG_TO_PERF) {
		rec = bpf_map_lookup_elem(&log_rec_scratch, &zero);
		if (!rec)
			return;
		log_fill(ctx, xdp, ev, rec);
		if (bpf_perf_event_output(ctx, &log_perf_buf, BPF_F_CURRENT_CPU, rec, sizeof(*rec))) {
			log_count(LOG_RING_FULL, drops, ev->rule_id);
			return;
		}
	} else {
		rec = bpf_ringbuf_reserve(&log_ring, sizeof(*rec), 0);
		if (!rec) {
			log_count(LOG_RING_FULL, drops, ev->rule_id);
			return;
		}
		log_fill(ctx, xdp, ev, rec);
		bpf_ringbuf_submit(rec, 0);
	}
	log_count(LOG_EMITTED, drops, ev->rule_id);
}

#endif
