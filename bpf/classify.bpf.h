/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The classify stage: first match of a parsed packet in one IP version's
 * compiled table (see include/ebfilt/abi.h): six class look-ups (two
 * binary searches, four array or hash look-ups), then an AND of
 * their bitmaps guided by the summary words, so only bitmap words that can
 * hold a match are read. A candidate that needs more than its classes (an
 * IF scope, an expiration; state.bpf.h) is tested, and the scan goes on
 * from the next bit when it does not apply. Returns the matching rule's
 * ID - 1, or -1 when no rule matches and the default rule applies.
 */
#ifndef EBFILT_CLASSIFY_BPF_H
#define EBFILT_CLASSIFY_BPF_H

#include <bpf/bpf_endian.h>

#include "maps.bpf.h"
#include "packet.bpf.h"
#include "state.bpf.h"

#define FIELDS 6	/* src, dst, protocol, source port, destination port, meta */

/*
 * De Bruijn sequence table: branch-free lowest-bit search keeps the verifier
 * linear. Global, so every build of ebfilt.bpf.c (the linear one too) has
 * the same .rodata map and can be opened through the same skeleton.
 */
const __u8 debruijn_index[64] = {
	0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
	62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
	63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
	46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
};

/* Index of the lowest set bit; x must not be 0. */
static __always_inline __u32 lowest_bit(__u64 x)
{
	return debruijn_index[((x & -x) * 0x03f79d71b4cb0a89ULL) >> 58];
}

static __always_inline __u32 lookup_class(void *map, const void *key)
{
	__u32 *class = bpf_map_lookup_elem(map, key);

	return class ? *class : 0;
}

/*
 * The class of an address: the interval of bounds (n entries, sorted) it
 * falls in, by bisection in steps steps (rodata: cfg_bound_steps). Each
 * step halves what is left.
 */
static __always_inline __u32 addr_class(void *bounds, __u32 n, __u32 steps, const __u8 *addr,
					__u32 any_class, bool known)
{
	struct ebfilt_addr_bound *b;
	__u64 hi, lo;
	__u32 base = 0, half, step;

	if (!known)
		return any_class;
	__builtin_memcpy(&hi, addr, 8);
	__builtin_memcpy(&lo, addr + 8, 8);
	hi = bpf_be64_to_cpu(hi);
	lo = bpf_be64_to_cpu(lo);
	for (step = 0; step < EBFILT_BOUND_STEPS; step++) {
		if (step >= steps)
			break;
		half = n / 2;
		b = bpf_map_lookup_elem(bounds, &(__u32){ base + half });
		if (!b)
			return any_class;
		if (b->hi < hi || (b->hi == hi && b->lo <= lo))
			base += half;
		n -= half;
	}
	b = bpf_map_lookup_elem(bounds, &base);
	return b ? b->class : any_class;
}

static __always_inline __u32 proto_key(const struct packet_info *pkt)
{
	if (!(pkt->flags & PKT_PROTO))
		return EBFILT_PROTO_ABSENT;
	return pkt->proto | (pkt->flags & PKT_TCP_ACK ? EBFILT_PROTO_ACK : 0) |
	       (pkt->flags & PKT_AH ? EBFILT_PROTO_AH : 0);
}

/* AND of the candidate fields' words at index w. */
/* 64-bit index: a 32-bit one gets zero-extended into a copy the verifier cannot tie to the check. */
static __always_inline __u64 and_words(__u64 **bm, __u64 w)
{
	__u64 x = ~0ULL;
	int f;

	if (w >= EBFILT_BITMAP_WORDS)
		return 0;
#pragma unroll
	for (f = 0; f < FIELDS; f++)
		x &= bm[f][w];
	return x;
}

/* State of the scan over one summary word's candidate bitmap words. */
struct scan_state {
	__u64 **bm;		/* the caller's FIELDS bitmaps */
	const struct ebfilt_rule_order *order;
	__u64 candidates;	/* bitmap words still to look at */
	__u64 base;		/* index of the first word this summary word covers */
	__u32 best;		/* the lowest rule ID matched so far, or EBFILT_NO_RULE */
	int bit;		/* its bit, or -1 */
	bool done;		/* no word left can hold a rule before best */
};

/*
 * bpf_loop body: test the lowest candidate word; 1 stops the loop. The
 * lowest bit of a word is its lowest rule ID, but a later word may hold a
 * lower one (rule_order): the scan goes on while one can.
 */
static long scan_candidate(__u32 index, void *ctx)
{
	struct scan_state *st = ctx;
	__u64 word, hits, bit;
	__u32 id;

	if (!st->candidates)
		return 1;
	word = st->base + lowest_bit(st->candidates);
	st->candidates &= st->candidates - 1;
	if (word >= EBFILT_MAX_WORDS || st->order->first_id[word] >= st->best) {
		st->done = true;
		return 1;
	}
	hits = and_words(st->bm, EBFILT_MAX_SUMMARY + word);
	if (!hits)
		return 0;
	bit = word * 64 + lowest_bit(hits);
	if (bit >= EBFILT_MAX_RULES)
		return 1;	/* never: and it tells the verifier the index's bound */
	id = st->order->bit_rule[bit];
	if (id < st->best) {
		st->best = id;
		st->bit = (int)bit;
	}
	return 0;
}

/*
 * The bit of the lowest rule ID set in every bitmap, or -1. The candidate
 * words are scanned with bpf_loop so the verifier checks the body once,
 * not once per iteration of two nested loops.
 */
static __always_inline int first_match(__u64 **bm, const struct ebfilt_rule_order *order,
				       const struct ebfilt_table *tbl)
{
	struct scan_state st = { .bm = bm, .order = order, .best = EBFILT_NO_RULE, .bit = -1 };
	__u64 s;

	for (s = 0; s < EBFILT_MAX_SUMMARY && s < tbl->nsummary; s++) {
		st.candidates = and_words(bm, s);
		st.base = s * 64;
		bpf_loop(64, scan_candidate, &st, 0);
		if (st.done)
			break;
	}
	return st.bit;
}

/*
 * The walk over the candidates from the first match on, in table order,
 * for a table with rules that need a check (state.bpf.h): a cursor over
 * the summary words, the bitmap words they mark, and the rule bits set in
 * every field's bitmap. Each bpf_loop step takes the next rule bit and
 * tests it, or ANDs the next candidate word, or reads the next summary
 * word: one flat loop, which the verifier checks once.
 */
struct walk_state {
	__u64 **bm;		/* the caller's FIELDS bitmaps */
	const struct ebfilt_table *tbl;
	const struct packet_info *pkt;
	void *rules;
	__u64 summary;		/* the next summary word to read */
	__u64 candidates;	/* bitmap words still to AND, of the last summary word */
	__u64 base;		/* index of that summary word's first bitmap word */
	__u64 word;		/* the bitmap word hits came from */
	__u64 hits;		/* rule bits still to take from it */
	int bit;		/* the result once stopped: a rule bit, or -1 */
	bool v4;
};

static long walk_step(__u32 index, void *ctx)
{
	struct walk_state *w = ctx;
	struct ebfilt_rule *r;
	__u32 id;
	int bit;

	if (w->hits) {
		bit = (int)(w->word * 64 + lowest_bit(w->hits));
		w->hits &= w->hits - 1;
		id = (__u32)bit + 1;
		r = bpf_map_lookup_elem(w->rules, &id);
		if (r && !rule_applies(w->v4, id, r, w->pkt))
			return 0;
		w->bit = bit;
		return 1;
	}
	if (w->candidates) {
		w->word = w->base + lowest_bit(w->candidates);
		w->candidates &= w->candidates - 1;
		w->hits = and_words(w->bm, EBFILT_MAX_SUMMARY + w->word);
		return 0;
	}
	if (w->summary >= EBFILT_MAX_SUMMARY || w->summary >= w->tbl->nsummary)
		return 1;	/* no rule left: the default rule */
	w->candidates = and_words(w->bm, w->summary);
	w->base = w->summary * 64;
	w->summary++;
	return 0;
}

#define WALK_STEPS (EBFILT_MAX_SUMMARY + EBFILT_MAX_WORDS + EBFILT_MAX_RULES + 1)

/*
 * The first candidate that applies, or -1. A table with no rule that needs
 * a check stops at the first match, as fast as before such rules existed.
 */
static __always_inline int first_applying(__u64 **bm, const struct table_maps *maps,
					  const struct ebfilt_rule_order *order,
					  const struct ebfilt_table *tbl,
					  const struct packet_info *pkt)
{
	int first = first_match(bm, order, tbl);
	struct walk_state w = { .bm = bm, .tbl = tbl, .pkt = pkt, .rules = maps->rules,
				.v4 = maps->v4, .bit = -1 };
	__u64 word, shift;

	if (first < 0 || !FEATURE(tbl, EBFILT_TABLE_CHECKS))
		return first;
	/* The cursor at the first match: its word from that bit, its summary word after it. */
	word = (__u64)first / 64;
	if (word >= EBFILT_MAX_WORDS)
		return first;	/* never: and it tells the verifier the word's bound */
	w.word = word;
	w.hits = and_words(bm, EBFILT_MAX_SUMMARY + word) &
		 (~0ULL << (first % 64));
	w.base = word & ~63ULL;
	shift = word % 64;
	w.candidates = shift == 63 ? 0 : and_words(bm, word / 64) & (~0ULL << (shift + 1));
	w.summary = word / 64 + 1;
	bpf_loop(WALK_STEPS, walk_step, &w, 0);
	return w.bit;
}

/*
 * meta describes the path: interface, direction, local or routed, fragment
 * state and source routing, packed by ebfilt_meta_key() minus the interface.
 */
static __always_inline int classify(const struct table_maps *maps,
				    const struct ebfilt_table *tbl,
				    const struct packet_info *pkt, __u32 ifindex, __u32 inbound,
				    __u32 local)
{
	__u32 class[FIELDS], iface, key, f, idx, zero = 0;
	const struct ebfilt_rule_order *order;
	__u64 *bm[FIELDS];
	int bit;
	bool addrs = pkt->flags & PKT_ADDRS, ports = pkt->flags & PKT_PORTS;

	class[0] = addr_class(maps->src, tbl->src_bounds, cfg_bound_steps[!maps->v4][0],
			      pkt->saddr, tbl->src_any_class, addrs);
	class[1] = addr_class(maps->dst, tbl->dst_bounds, cfg_bound_steps[!maps->v4][1],
			      pkt->daddr, tbl->dst_any_class, addrs);
	key = proto_key(pkt);
	class[2] = lookup_class(maps->proto, &key);
	key = ports ? pkt->sport : EBFILT_PORT_ABSENT;
	class[3] = lookup_class(maps->sport, &key);
	key = ports ? pkt->dport : EBFILT_PORT_ABSENT;
	class[4] = lookup_class(maps->dport, &key);
	/* Interface class 0 when no rule names one: no look-up. */
	iface = tbl->flags & EBFILT_TABLE_IFACES ? lookup_class(maps->iface, &ifindex) : 0;
	key = ebfilt_meta_key(iface % EBFILT_MAX_IFACES, inbound, local, pkt->frag % 3,
			      !!(pkt->flags & PKT_SRCROUTE));
	class[5] = lookup_class(maps->meta, &key);
#pragma unroll
	for (f = 0; f < FIELDS; f++) {
		bm[f] = bpf_map_lookup_elem(maps->bitmaps, &class[f]);
		if (!bm[f])
			return -1;
	}
	order = bpf_map_lookup_elem(maps->order, &zero);
	if (!order)
		return -1;
	bit = first_applying(bm, maps, order, tbl, pkt);
	if (bit < 0)
		return -1;
	idx = (__u32)bit;
	if (idx >= EBFILT_MAX_RULES)
		return -1;	/* never */
	return (int)order->bit_rule[idx] - 1;
}

#endif
