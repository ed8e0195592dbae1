/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session stage: the sessions of rules with -l S (genfilt(8)). After
 * the verdict, a permitted packet of a table that has such rules is
 * counted in its session (include/ebfilt/session.h), whichever permit rule
 * took it; only a packet an S rule permitted makes a new one, and for TCP
 * only a SYN without ACK, so that the last ACK after both FINs opens
 * nothing. Both hooks count: inbound as "in", outbound as "out".
 *
 * A session ends on a RST, or on its second direction's FIN: whoever
 * deletes its entry (one CPU, whatever the race) writes its record
 * (struct ebfilt_session_record) to the log ring. Idle sessions, and all
 * of a table that goes, are ended by the sweep program (sweep_sessions,
 * run by ipsec_logd each second and by mkfilt), through the same
 * session_end(). A full map evicts silently: session_totals counts what is
 * made and ended, so that what went is known.
 *
 * Not counted: later fragments of TCP and UDP (no ports: no session to
 * tell), ICMP errors (they belong to another packet's session), and
 * packets without addresses.
 */
#ifndef EBFILT_SESSION_BPF_H
#define EBFILT_SESSION_BPF_H

#include "emit.bpf.h"
#include "maps.bpf.h"
#include "packet.bpf.h"
#include "state.bpf.h"

#define TCP_FIN	0x01
#define TCP_SYN	0x02
#define TCP_RST	0x04
#define TCP_ACK	0x10

static __always_inline struct ebfilt_session_totals *session_totals_here(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&session_totals, &zero);
}

/* ICMP errors carry part of another packet: its session's business, not one of their own. */
static __always_inline bool icmp_error(__u8 version, __u16 type)
{
	if (version == 6)
		return type < 128;
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static __always_inline bool icmp_echo(__u8 version, __u16 type)
{
	return version == 6 ? type == 128 || type == 129 : type == 8 || type == 0;
}

/* -1, 0, 1 as memcmp orders two addresses. */
static __always_inline int addr_cmp(const __u8 *a, const __u8 *b)
{
	if (addr_after(a, b))
		return 1;
	return addr_after(b, a) ? -1 : 0;
}

/*
 * The packet's session key, the same both ways; *src_is_b: its source is
 * the key's second end. False for a packet that is no session's.
 */
static __always_inline bool session_key(const struct packet_info *pkt,
					struct ebfilt_session_key *key, bool *src_is_b)
{
	__u16 sport = 0, dport = 0;
	int order;

	if ((pkt->flags & (PKT_ADDRS | PKT_PROTO)) != (PKT_ADDRS | PKT_PROTO))
		return false;
	switch (pkt->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (!(pkt->flags & PKT_PORTS))
			return false;
		sport = pkt->sport;
		dport = pkt->dport;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (!(pkt->flags & PKT_PORTS) || icmp_error(pkt->version, pkt->sport))
			return false;
		if (icmp_echo(pkt->version, pkt->sport))
			sport = dport = pkt->icmp_id;
		break;
	}
	order = addr_cmp(pkt->saddr, pkt->daddr);
	*src_is_b = order > 0 || (order == 0 && sport > dport);
	__builtin_memcpy(key->a, *src_is_b ? pkt->daddr : pkt->saddr, 16);
	__builtin_memcpy(key->b, *src_is_b ? pkt->saddr : pkt->daddr, 16);
	key->aport = *src_is_b ? dport : sport;
	key->bport = *src_is_b ? sport : dport;
	key->version = pkt->version;
	key->proto = pkt->proto;
	key->pad[0] = key->pad[1] = 0;
	return true;
}

/* The record of a session that ends at now, in its initiator's direction. */
static __always_inline void session_fill(struct ebfilt_session_record *rec,
					 const struct ebfilt_session_key *key,
					 const struct ebfilt_session *s, enum ebfilt_session_end end,
					 __u64 now)
{
	bool b = s->init_is_b;

	rec->hdr.len = sizeof(*rec);
	rec->hdr.type = EBFILT_REC_SESSION;
	rec->hdr.version = EBFILT_REC_SESSION_VERSION;
	rec->hdr.reserved = 0;
	rec->hdr.time_ns = now;
	/* Another CPU may have stamped a packet a moment after our now. */
	rec->first_ago_ns = now > s->first_ns ? now - s->first_ns : 0;
	rec->last_ago_ns = now > s->last_ns ? now - s->last_ns : 0;
	rec->packets_in = s->packets[EBFILT_SESSION_IN];
	rec->packets_out = s->packets[EBFILT_SESSION_OUT];
	rec->bytes_in = s->bytes[EBFILT_SESSION_IN];
	rec->bytes_out = s->bytes[EBFILT_SESSION_OUT];
	rec->rule_id = s->rule_id;
	rec->ifindex = s->ifindex;
	rec->tunnel = s->tunnel;
	rec->sport = b ? key->bport : key->aport;
	rec->dport = b ? key->aport : key->bport;
	__builtin_memcpy(rec->saddr, b ? key->b : key->a, 16);
	__builtin_memcpy(rec->daddr, b ? key->a : key->b, 16);
	rec->version = key->version;
	rec->proto = key->proto;
	rec->end = end;
	rec->inbound = s->init_inbound;
	rec->tcp_flags_in = s->tcp_flags[EBFILT_SESSION_IN];
	rec->tcp_flags_out = s->tcp_flags[EBFILT_SESSION_OUT];
	rec->pad[0] = rec->pad[1] = 0;
}

/*
 * End the session at key (s, its entry): delete it and, when this call
 * was the one that deleted it, count it and write its record. Returns
 * whether it was. The record goes only to the ring: with the perf event
 * array (ipsec_logd -p), and with no room, it is counted lost, in
 * session_totals and with the log buffer full in log_totals (the loss
 * line's count); a record written counts as emitted there too.
 */
static __always_inline bool session_end(void *sessions, const struct ebfilt_session_key *key,
					const struct ebfilt_session *s,
					enum ebfilt_session_end end, __u64 now)
{
	struct ebfilt_session_totals *t = session_totals_here();
	struct ebfilt_log_settings *set = logging_on();
	struct ebfilt_session_record *rec = NULL;
	struct ebfilt_log_totals *total;
	__u32 zero = 0;

	if (set && set->buffer == EBFILT_LOG_TO_RING)
		rec = bpf_ringbuf_reserve(&log_ring, sizeof(*rec), 0);
	/* Filled before the delete: the entry's memory may be reused after it. */
	if (rec)
		session_fill(rec, key, s, end, now);
	if (bpf_map_delete_elem(sessions, key)) {
		if (rec)
			bpf_ringbuf_discard(rec, 0);
		return false;
	}
	total = bpf_map_lookup_elem(&log_totals, &zero);
	if (rec) {
		bpf_ringbuf_submit(rec, 0);
		if (t)
			t->records++;
		if (total)
			total->emitted++;
	} else if (set) {
		if (t)
			t->lost++;
		if (total)
			total->ring_full++;
	}
	if (t)
		t->ended++;
	return true;
}

/* A new session, made by this packet (or by another CPU a moment before). */
static __always_inline struct ebfilt_session *
session_make(void *sessions, void *iface_class, const struct ebfilt_session_key *key,
	     bool src_is_b, __u32 inbound, __u32 rule_id, __u32 ifindex, __u64 now)
{
	struct ebfilt_session fresh = { .first_ns = now, .last_ns = now, .rule_id = rule_id,
					.ifindex = ifindex, .init_is_b = src_is_b,
					.init_inbound = (__u8)inbound };
	struct ebfilt_session_totals *t;
	__u32 *class = bpf_map_lookup_elem(iface_class, &ifindex);
	struct ebfilt_session *s;
	long err;

	fresh.tunnel = class ? *class >> 8 : 0;
	/* BPF_NOEXIST: of two CPUs that race, exactly one counts it made. */
	err = bpf_map_update_elem(sessions, key, &fresh, BPF_NOEXIST);
	t = session_totals_here();
	if (!err && t)
		t->made++;
	s = bpf_map_lookup_elem(sessions, key);
	/*
	 * Neither made here nor by another CPU: an LRU map can fail to find a
	 * free entry when other CPUs hold them. Counted, never silent.
	 */
	if (!s && err && t)
		t->untracked++;
	return s;
}

/* Count a permitted packet in its session; create: an S rule permitted it. */
static __always_inline int session_see(void *sessions, void *iface_class,
				       const struct packet_info *pkt, __u32 inbound,
				       __u32 rule_id, __u32 ifindex, bool create)
{
	struct ebfilt_session_key key;
	struct ebfilt_session *s;
	__u8 fl;
	__u64 now, bytes;
	bool src_is_b;
	int dir = inbound ? EBFILT_SESSION_IN : EBFILT_SESSION_OUT;

	if (!session_key(pkt, &key, &src_is_b))
		return 0;
	fl = pkt->proto == IPPROTO_TCP ? pkt->tcp_flags : 0;
	now = bpf_ktime_get_boot_ns();
	s = bpf_map_lookup_elem(sessions, &key);
	if (!s) {
		if (!create || (pkt->proto == IPPROTO_TCP &&
				(fl & (TCP_SYN | TCP_ACK | TCP_RST | TCP_FIN)) != TCP_SYN))
			return 0;
		s = session_make(sessions, iface_class, &key, src_is_b, inbound, rule_id, ifindex,
				 now);
		if (!s)
			return 0;
	}
	/* IP bytes; a jumbogram's header says 0: what the frame holds of it. */
	bytes = pkt->ip_len ? pkt->ip_len : pkt->ip_end - pkt->l3_off;
	if (dir == EBFILT_SESSION_IN) {
		__sync_fetch_and_add(&s->packets[EBFILT_SESSION_IN], 1);
		__sync_fetch_and_add(&s->bytes[EBFILT_SESSION_IN], bytes);
	} else {
		__sync_fetch_and_add(&s->packets[EBFILT_SESSION_OUT], 1);
		__sync_fetch_and_add(&s->bytes[EBFILT_SESSION_OUT], bytes);
	}
	if (now > s->last_ns)
		s->last_ns = now;
	if (!fl)
		return 0;
	/* One byte per direction: the two hooks never write the same one. */
	if (dir == EBFILT_SESSION_IN)
		s->tcp_flags[EBFILT_SESSION_IN] |= fl;
	else
		s->tcp_flags[EBFILT_SESSION_OUT] |= fl;
	if (fl & TCP_RST)
		session_end(sessions, &key, s, EBFILT_SESSION_RST, now);
	else if ((fl & TCP_FIN) &&
		 (s->tcp_flags[EBFILT_SESSION_IN] & s->tcp_flags[EBFILT_SESSION_OUT] & TCP_FIN))
		session_end(sessions, &key, s, EBFILT_SESSION_FIN, now);
	return 0;
}

/*
 * One per IP version: global functions, each verified once, taking only
 * the packet's summary and numbers (as the state stage's do).
 */
#define SESSION_SEE(v)									\
__noinline int session_see_##v(const struct packet_info *pkt, __u32 inbound, __u32 rule_id,	\
			       __u32 ifindex, __u32 create)					\
{											\
	if (!pkt)									\
		return 0;								\
	return session_see(&v##_sessions, &v##_iface_class, pkt, inbound, rule_id, ifindex,	\
			   create != 0);						\
}

SESSION_SEE(v4)
SESSION_SEE(v6)

/* ---- the sweep ---- */

struct sweep_state {
	__u64 now;
	__u64 idle_ns[EBFILT_SESSION_CLASSES];	/* 0: never idle */
	__u32 end_all;		/* this map's sessions all end: deactivated */
	__u32 open, ended;
};

static __always_inline __u64 idle_limit(const struct sweep_state *st, __u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:    return st->idle_ns[EBFILT_SESSION_TCP];
	case IPPROTO_UDP:    return st->idle_ns[EBFILT_SESSION_UDP];
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: return st->idle_ns[EBFILT_SESSION_ICMP];
	default:	     return st->idle_ns[EBFILT_SESSION_OTHER];
	}
}

static long sweep_one(void *map, struct ebfilt_session_key *key, struct ebfilt_session *s,
		      struct sweep_state *st)
{
	__u64 idle = idle_limit(st, key->proto);
	bool idle_out = idle && st->now > s->last_ns && st->now - s->last_ns >= idle;

	if ((st->end_all || idle_out) &&
	    session_end(map, key, s, st->end_all ? EBFILT_SESSION_DEACTIVATED : EBFILT_SESSION_IDLE,
			st->now))
		st->ended++;
	else if (!st->end_all && !idle_out)
		st->open++;
	return 0;
}

/* The sweep (include/ebfilt/session.h: struct ebfilt_session_sweep). */
static __always_inline int sweep_sessions(struct ebfilt_session_sweep *args)
{
	struct sweep_state st = { .now = bpf_ktime_get_boot_ns() };

	st.idle_ns[EBFILT_SESSION_TCP] = (__u64)args->idle_s[EBFILT_SESSION_TCP] * NSEC_PER_SEC;
	st.idle_ns[EBFILT_SESSION_UDP] = (__u64)args->idle_s[EBFILT_SESSION_UDP] * NSEC_PER_SEC;
	st.idle_ns[EBFILT_SESSION_ICMP] = (__u64)args->idle_s[EBFILT_SESSION_ICMP] * NSEC_PER_SEC;
	st.idle_ns[EBFILT_SESSION_OTHER] = (__u64)args->idle_s[EBFILT_SESSION_OTHER] * NSEC_PER_SEC;
	st.end_all = args->end_versions & 1;
	bpf_for_each_map_elem(&v4_sessions, sweep_one, &st, 0);
	st.end_all = (args->end_versions >> 1) & 1;
	bpf_for_each_map_elem(&v6_sessions, sweep_one, &st, 0);
	args->open = st.open;
	args->ended = st.ended;
	return 0;
}

#endif
