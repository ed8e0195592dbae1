/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emit stage: one struct ebfilt_log_record per logged packet, into the
 * ring buffer or, where the daemon asks for it, the perf event array. A
 * record is assembled in a per-CPU scratch area and copied out at its own
 * length (the header, then only the bytes captured), so a short packet
 * takes little room in the ring. A full buffer never waits: the record is dropped and
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
	__u32 log_slot;		/* the rule's entry in log_drops and log_rate */
	enum ebfilt_action action;
	bool rule_ack;		/* the rule matched on tcp/ack: the line says so */
	bool detail;		/* the rule logs with detail: capture payload too */
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

/*
 * Bytes to capture from the IP header: the headers up to EBFILT_LOG_CAPTURE,
 * with detail the payload after them up to cfg_log_snap, never beyond the
 * IP packet (the frame's padding is not its bytes).
 */
static __always_inline __u64 capture_len(const struct packet_info *pkt, __u64 frame,
					 bool detail)
{
	__u64 cap = frame > pkt->l3_off ? frame - pkt->l3_off : 0;
	__u64 want = EBFILT_LOG_CAPTURE;

	if (pkt->ip_len && cap > pkt->ip_len)
		cap = pkt->ip_len;
	if (detail && pkt->payload_off > pkt->l3_off) {
		want = pkt->payload_off - pkt->l3_off;
		if (want > EBFILT_LOG_CAPTURE)
			want = EBFILT_LOG_CAPTURE;
		want += cfg_log_snap <= EBFILT_LOG_SNAP_MAX ? cfg_log_snap : EBFILT_LOG_SNAP_MAX;
	}
	return cap < want ? cap : want;
}

/* Fill rec; returns the record's length. */
static __always_inline __u32 log_fill(void *ctx, bool xdp, const struct log_event *ev,
				      struct ebfilt_log_record *rec)
{
	const struct packet_info *pkt = ev->pkt;
	__u64 frame = xdp ? ((struct xdp_md *)ctx)->data_end - ((struct xdp_md *)ctx)->data
			  : ((struct __sk_buff *)ctx)->len;
	__u64 cap = capture_len(pkt, frame, ev->detail);
	long err;

	rec->hdr.type = EBFILT_REC_PACKET;
	rec->hdr.version = EBFILT_REC_PACKET_VERSION;
	rec->hdr.reserved = 0;
	rec->hdr.time_ns = bpf_ktime_get_boot_ns();
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
	rec->payload_off = pkt->payload_off > pkt->l3_off ? pkt->payload_off - pkt->l3_off : 0;
	rec->detail = ev->detail;
	rec->pad = 0;
	rec->cap_len = 0;
	/*
	 * 64 bits, and the two bounds checked apart: a 32-bit length, or both
	 * bounds in one test, makes the compiler check a copy of it, and the
	 * verifier loses the bounds of the one passed on. capture_len() kept
	 * it within the packet.
	 */
	if (cap > EBFILT_LOG_CAPTURE_MAX)
		cap = 0;
	asm volatile("" : "+r"(cap));
	if (!cap)
		return rec->hdr.len = (__u16)ebfilt_log_record_len(0);
	err = xdp ? bpf_xdp_load_bytes(ctx, pkt->l3_off, rec->headers, cap)
		  : bpf_skb_load_bytes(ctx, pkt->l3_off, rec->headers, cap);
	if (!err)
		rec->cap_len = (__u16)cap;
	rec->hdr.len = (__u16)ebfilt_log_record_len(rec->cap_len);
	return rec->hdr.len;
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
	__u32 zero = 0, len;
	long err;

	if (!log_within_rate(rates, ev->log_slot, set->rate_limit)) {
		log_count(LOG_RATE_LIMITED, drops, ev->log_slot);
		return;
	}
	rec = bpf_map_lookup_elem(&log_rec_scratch, &zero);
	if (!rec)
		return;
	len = log_fill(ctx, xdp, ev, rec);
	if (len > sizeof(*rec))		/* never: for the verifier */
		return;
	if (set->buffer == EBFILT_LOG_TO_PERF)
		err = bpf_perf_event_output(ctx, &log_perf_buf, BPF_F_CURRENT_CPU, rec, len);
	else
		err = bpf_ringbuf_output(&log_ring, rec, len, 0);
	log_count(err ? LOG_RING_FULL : LOG_EMITTED, drops, ev->log_slot);
}

#endif
