/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state stage: what decides whether a candidate rule applies beyond
 * the packet's own fields, and the shun list. The classifier hands each
 * candidate flagged EBFILT_RULE_CHECK to rule_applies(), in table order:
 *  - a permit or deny rule with an expiration applies until that many
 *    seconds after the activation;
 *  - a rule with patterns applies only when the packet's payload holds one
 *    of them (pkt->patterns, from pattern.bpf.h);
 *  - a rule inside IF scopes applies only when each enclosing condition
 *    holds for the packet's pair of hosts (IF branch) or does not (ELSE);
 *  - an IF rule never decides: it makes (or refreshes) its condition for
 *    the pair, and the scan goes on;
 *  - a shun rule decides like a deny, and shun_note() puts the remote host
 *    (or host and port) on the shun list, which shun_found() consults
 *    before the table.
 * Times are CLOCK_BOOTTIME.
 *
 * The work is in global functions, one per IP version: the verifier checks
 * a global function once, however many paths reach it, which keeps the
 * load of the filter (and so each activation) about as fast as without
 * these rules. They take only the packet's summary and numbers.
 */
#ifndef EBFILT_STATE_BPF_H
#define EBFILT_STATE_BPF_H

#include <bpf/bpf_endian.h>

#include "maps.bpf.h"
#include "packet.bpf.h"

#define NSEC_PER_SEC 1000000000ULL

/*
 * One version's maps the state stage uses, as macro arguments (map
 * pointers must be constants where they are used; a struct of them on the
 * stack would cost the global functions' frames).
 */
#define STATE_MAPS(v) &v##_table, &v##_rules, &v##_if_state, &v##_shun_list, &v##_state_counts

static __always_inline struct ebfilt_state_counts *state_counts(void *counts)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(counts, &zero);
}

/* Whether address a sorts after b (as memcmp orders network-order bytes). */
static __always_inline bool addr_after(const __u8 *a, const __u8 *b)
{
	__u32 x, y;
	int i;

#pragma unroll
	for (i = 0; i < 16; i += 4) {
		x = bpf_ntohl(*(const __u32 *)(a + i));
		y = bpf_ntohl(*(const __u32 *)(b + i));
		if (x != y)
			return x > y;
	}
	return false;
}

/* The key of IF rule if_rule's condition for the packet's pair of hosts, the same both ways. */
static __always_inline void if_key(struct ebfilt_if_key *key, __u32 if_rule,
				   const struct packet_info *pkt)
{
	bool swap = addr_after(pkt->saddr, pkt->daddr);

	key->if_rule = (__u16)if_rule;
	key->pad[0] = key->pad[1] = 0;
	__builtin_memcpy(key->a, swap ? pkt->daddr : pkt->saddr, 16);
	__builtin_memcpy(key->b, swap ? pkt->saddr : pkt->daddr, 16);
}

/* Whether the condition of key (its IF rule and pair of hosts) holds at now. */
static __always_inline bool condition_holds(void *if_state, const struct ebfilt_if_key *key,
					    __u64 now)
{
	struct ebfilt_if_state *st = bpf_map_lookup_elem(if_state, key);

	/* last_ns may be a moment ahead of our now: another CPU met it since. */
	return st && (now < st->last_ns || now - st->last_ns <= st->timeout_ns);
}

/*
 * Every enclosing scope's condition is as the rule's branch wants it; key
 * holds the packet's pair. Unrolled: this runs in a global function, which
 * the verifier checks once.
 */
static __always_inline bool scopes_hold(void *if_state, const struct ebfilt_rule *r,
					struct ebfilt_if_key *key, __u64 now)
{
	__u16 s;
	int i;

#pragma unroll
	for (i = 0; i < EBFILT_SCOPE_DEPTH; i++) {
		s = r->scopes[i];
		if (!s)
			break;
		key->if_rule = s & ~EBFILT_SCOPE_ELSE;
		if (condition_holds(if_state, key, now) == !!(s & EBFILT_SCOPE_ELSE))
			return false;
	}
	return true;
}

/* Count one entry made (the update that made it, never a refresh). */
static __always_inline void count_made(void *counts_map, bool condition)
{
	struct ebfilt_state_counts *counts = state_counts(counts_map);

	if (counts && condition)
		counts->if_made++;	/* per CPU: no atomics */
	else if (counts)
		counts->shuns_made++;
}

/*
 * Put val at key: refreshed in place when present, else made and counted.
 * BPF_NOEXIST tells exactly which CPU made it when two race.
 */
static __always_inline void state_put(void *map, void *counts_map, const void *key,
				      const void *val, __u32 size, bool condition)
{
	void *old = bpf_map_lookup_elem(map, key);

	if (old) {
		__builtin_memcpy(old, val, size);
		return;
	}
	if (!bpf_map_update_elem(map, key, val, BPF_NOEXIST))
		count_made(counts_map, condition);
	else
		bpf_map_update_elem(map, key, val, BPF_ANY);
}

/* A packet met IF rule id (r): its condition holds for the pair (in key) from now. */
static __always_inline void condition_meet(void *if_state, void *counts_map,
					   const struct ebfilt_table *tbl, __u32 id,
					   const struct ebfilt_rule *r, struct ebfilt_if_key *key,
					   __u64 now)
{
	struct ebfilt_if_state st = { .last_ns = now };

	st.timeout_ns = (__u64)(r->expire ? r->expire : tbl->if_idle_s) * NSEC_PER_SEC;
	key->if_rule = (__u16)id;
	state_put(if_state, counts_map, key, &st, sizeof(st), true);
}

/*
 * Whether candidate rule id applies to the packet (1) or not (0). An IF
 * rule whose scopes hold meets its condition and does not apply: the scan
 * goes on.
 */
static __always_inline int state_applies(void *table, void *rules, void *if_state,
					 void *shun_list, void *counts, __u32 id,
					 const struct packet_info *pkt)
{
	struct ebfilt_if_key key;
	struct ebfilt_table *tbl;
	struct ebfilt_rule *r;
	__u32 zero = 0;
	__u64 now;

	tbl = bpf_map_lookup_elem(table, &zero);
	r = bpf_map_lookup_elem(rules, &id);
	if (!tbl || !r)
		return 1;
	now = bpf_ktime_get_boot_ns();
	if (r->expire && (r->action == EBFILT_PERMIT || r->action == EBFILT_DENY) &&
	    now - tbl->activated_ns >= (__u64)r->expire * NSEC_PER_SEC)
		return 0;
	if (r->pattern_set && !(pkt->patterns & (1u << ((r->pattern_set - 1) & 31))))
		return 0;
	if (!r->scopes[0] && r->action != EBFILT_IF)
		return 1;
	if_key(&key, 0, pkt);
	if (!scopes_hold(if_state, r, &key, now))
		return 0;
	if (r->action == EBFILT_IF) {
		condition_meet(if_state, counts, tbl, id, r, &key, now);
		return 0;
	}
	return 1;
}

/* Ports a shun can name: TCP's and UDP's, not ICMP's type and code. */
static __always_inline bool shun_ports(const struct packet_info *pkt)
{
	return (pkt->flags & PKT_PORTS) && (pkt->proto == IPPROTO_TCP || pkt->proto == IPPROTO_UDP);
}

/* The remote side of the packet: the source inbound, the destination outbound. */
static __always_inline void shun_key(struct ebfilt_shun_key *key, const struct packet_info *pkt,
				     __u32 inbound, enum ebfilt_shun_kind kind)
{
	__builtin_memcpy(key->addr, inbound ? pkt->saddr : pkt->daddr, 16);
	key->kind = kind;
	key->port = kind == EBFILT_SHUN_KIND_PORT ? (inbound ? pkt->sport : pkt->dport) : 0;
	key->pad = 0;
}

/*
 * The shun list's entry for the packet's remote host, or host and port,
 * while in force: (the shun rule's ID << 1 | whether it logs), counted as
 * a packet shunned; 0 when there is none.
 */
static __always_inline int shun_found(void *table, void *rules, void *if_state,
				      void *shun_list, void *counts_map,
				      const struct packet_info *pkt, __u32 inbound)
{
	struct ebfilt_state_counts *counts;
	struct ebfilt_shun_key key;
	struct ebfilt_shun *e;

	__u64 now = bpf_ktime_get_boot_ns();

	shun_key(&key, pkt, inbound, EBFILT_SHUN_KIND_HOST);
	e = bpf_map_lookup_elem(shun_list, &key);
	if (e && e->until_ns && now >= e->until_ns)
		e = NULL;	/* over; the LRU reclaims it in time */
	if (!e && shun_ports(pkt)) {
		shun_key(&key, pkt, inbound, EBFILT_SHUN_KIND_PORT);
		e = bpf_map_lookup_elem(shun_list, &key);
		if (e && e->until_ns && now >= e->until_ns)
			e = NULL;
	}
	if (!e)
		return 0;
	counts = state_counts(counts_map);
	if (counts)
		counts->shunned++;
	return (int)(e->rule_id << 1 | !!e->log);
}

/*
 * Shun rule id decided the packet: its remote host, or host and port, goes
 * on the shun list for the rule's -e seconds (0: until flushed). A
 * SHUN_PORT rule meeting a packet without TCP or UDP ports shuns nothing.
 */
static __always_inline int shun_note(void *table, void *rules, void *if_state,
				     void *shun_list, void *counts_map,
				     const struct packet_info *pkt, __u32 inbound, __u32 id)
{
	struct ebfilt_shun val = { .made_ns = bpf_ktime_get_boot_ns(), .rule_id = id };
	struct ebfilt_shun_key key;
	enum ebfilt_shun_kind kind;
	struct ebfilt_rule *r;

	r = bpf_map_lookup_elem(rules, &id);
	if (!r)
		return 0;
	kind = r->action == EBFILT_SHUN_PORT ? EBFILT_SHUN_KIND_PORT : EBFILT_SHUN_KIND_HOST;
	if (kind == EBFILT_SHUN_KIND_PORT && !shun_ports(pkt))
		return 0;
	val.log = !!(r->flags & EBFILT_RULE_LOG);
	if (r->expire)
		val.until_ns = val.made_ns + (__u64)r->expire * NSEC_PER_SEC;
	shun_key(&key, pkt, inbound, kind);
	state_put(shun_list, counts_map, &key, &val, sizeof(val), false);
	return 0;
}

/* The global functions, per IP version; pkt is never NULL, but the verifier must be told. */
#define STATE_FUNCS(v)									\
__noinline int state_applies_##v(__u32 id, const struct packet_info *pkt)		\
{											\
	return pkt ? state_applies(STATE_MAPS(v), id, pkt) : 1;			\
}											\
__noinline int shun_found_##v(const struct packet_info *pkt, __u32 inbound)		\
{											\
	return pkt ? shun_found(STATE_MAPS(v), pkt, inbound) : 0;			\
}											\
__noinline int shun_note_##v(const struct packet_info *pkt, __u32 inbound, __u32 id)	\
{											\
	return pkt ? shun_note(STATE_MAPS(v), pkt, inbound, id) : 0;			\
}

STATE_FUNCS(v4)
STATE_FUNCS(v6)

/* Whether candidate rule id (r) of the version's table applies to the packet. */
static __always_inline bool rule_applies(bool v4, __u32 id, const struct ebfilt_rule *r,
					 const struct packet_info *pkt)
{
	if (!(cfg_features & EBFILT_TABLE_CHECKS) || !(r->flags & EBFILT_RULE_CHECK))
		return true;
	return v4 ? state_applies_v4(id, pkt) : state_applies_v6(id, pkt);
}

#endif
