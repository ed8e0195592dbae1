/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pattern stage: an inbound packet's transport payload (everything
 * after the IP headers for other protocols and later fragments) walked
 * once through the table's automaton (compile/patterns.h), giving the set
 * of pattern sets found in it. Only the first EBFILT_PATTERN_SCAN bytes
 * are examined: a pattern that ends beyond them is not seen, nor is one
 * split across packets. The payload is copied 64 bytes at a time with
 * bpf_xdp_load_bytes or bpf_skb_load_bytes, so paged (non-linear) data is
 * read like the rest. Cost: two array look-ups per byte, whatever the
 * number of patterns.
 *
 * The verifier's work is kept small: 16 bytes are stepped by a global
 * function, checked once, called from a bpf_loop body; the chunk loop is
 * another bpf_loop.
 */
#ifndef EBFILT_PATTERN_BPF_H
#define EBFILT_PATTERN_BPF_H

#include "maps.bpf.h"
#include "packet.bpf.h"

#define PATTERN_CHUNK	64
#define PATTERN_CHUNKS	(EBFILT_PATTERN_SCAN / PATTERN_CHUNK)
#define PATTERN_STEP	16	/* bytes per call of pattern_step_v4/v6 */

/* What the automaton carries from byte to byte (all a global function may touch). */
struct pattern_state {
	__u32 state;
	__u32 found;		/* pattern sets found */
	__u32 len;		/* bytes in buf */
	__u8 buf[PATTERN_CHUNK];	/* the chunk being walked */
};

/* The walk (a bpf_loop context). */
struct pattern_walk {
	void *ctx;
	__u32 off, end;		/* the payload bytes left to examine, in the frame */
	struct pattern_state st;
};

/*
 * Bytes [index * PATTERN_STEP, + PATTERN_STEP) of the chunk through the
 * automaton; 1 once the chunk is done. No branch that goes on forks the
 * walk (those out of range end it), which keeps the check linear. The maps
 * are the version's own: constants, whose array look-ups the verifier
 * inlines.
 */
static __always_inline int pattern_bytes(struct pattern_state *st, __u32 index, void *meta_map,
					 void *dfa, void *out)
{
	struct ebfilt_pattern_meta *meta;
	__u32 i, at, move, word, *sets, zero = 0;
	__u64 *moves;
	__u16 next;

	meta = bpf_map_lookup_elem(meta_map, &zero);
	if (!meta)
		return 1;
#pragma unroll
	for (i = 0; i < PATTERN_STEP; i++) {
		at = index * PATTERN_STEP + i;
		if (at >= st->len || at >= PATTERN_CHUNK)
			return 1;
		move = st->state * meta->nclasses + meta->classes[st->buf[at]];
		word = move / EBFILT_DFA_PER_WORD;
		moves = bpf_map_lookup_elem(dfa, &word);
		if (!moves)
			return 1;
		next = (__u16)(*moves >> (16 * (move % EBFILT_DFA_PER_WORD)));
		st->state = next & ~EBFILT_DFA_OUTPUT;
		sets = bpf_map_lookup_elem(out, &st->state);
		if (!sets)
			return 1;
		st->found |= *sets;
	}
	return 0;
}

/* The next chunk of payload through the automaton; 1 stops the walk. */
static __always_inline long pattern_chunk(struct pattern_walk *w, bool xdp, void *step_fn)
{
	__u32 len;
	long err;

	if (w->off >= w->end)
		return 1;
	len = w->end - w->off;
	if (len > PATTERN_CHUNK)
		len = PATTERN_CHUNK;
	/*
	 * Bounded again where the verifier sees it: clang would hand the
	 * helper a 64-bit copy whose bounds the verifier lost.
	 */
	asm volatile("" : "+r"(len));
	len = ((len - 1) & (PATTERN_CHUNK - 1)) + 1;
	err = xdp ? bpf_xdp_load_bytes(w->ctx, w->off, w->st.buf, len)
		  : bpf_skb_load_bytes(w->ctx, w->off, w->st.buf, len);
	if (err)
		return 1;
	w->st.len = len;
	bpf_loop((len + PATTERN_STEP - 1) / PATTERN_STEP, step_fn, &w->st, 0);
	w->off += len;
	return 0;
}

/* Per IP version (its maps): the step, and the loop bodies per program type. */
#define PATTERN_BODIES(v)								\
__noinline int pattern_step_##v(struct pattern_state *st, __u32 index)		\
{											\
	return st ? pattern_bytes(st, index, &v##_pattern_meta, &v##_pattern_dfa,	\
				  &v##_pattern_out) : 1;				\
}											\
static long pattern_step_loop_##v(__u32 index, void *st)				\
{											\
	return pattern_step_##v(st, index) ? 1 : 0;					\
}											\
static long pattern_chunk_xdp_##v(__u32 index, void *w)				\
{											\
	return pattern_chunk(w, true, pattern_step_loop_##v);				\
}											\
static long pattern_chunk_skb_##v(__u32 index, void *w)				\
{											\
	return pattern_chunk(w, false, pattern_step_loop_##v);				\
}

PATTERN_BODIES(v4)
PATTERN_BODIES(v6)

/*
 * The global functions, per program type and IP version: the pattern sets
 * found in the payload of pkt, a packet of frame_len bytes.
 */
#define PATTERN_SCAN(kind, ctx_type, v)							\
__noinline __u32 pattern_scan_##kind##_##v(ctx_type *ctx, const struct packet_info *pkt,	\
					   __u32 frame_len)				\
{											\
	struct pattern_walk w = { .ctx = ctx };						\
	struct ebfilt_pattern_meta *meta;						\
	__u32 zero = 0;									\
											\
	meta = bpf_map_lookup_elem(&v##_pattern_meta, &zero);				\
	if (!pkt || !meta || !meta->nstates)						\
		return 0;								\
	w.off = pkt->payload_off;							\
	w.end = pkt->ip_end < frame_len ? pkt->ip_end : frame_len;			\
	if (w.end > w.off + EBFILT_PATTERN_SCAN)					\
		w.end = w.off + EBFILT_PATTERN_SCAN;					\
	bpf_loop(PATTERN_CHUNKS, pattern_chunk_##kind##_##v, &w, 0);			\
	return w.st.found;								\
}

PATTERN_SCAN(xdp, struct xdp_md, v4)
PATTERN_SCAN(xdp, struct xdp_md, v6)
PATTERN_SCAN(skb, struct __sk_buff, v4)
PATTERN_SCAN(skb, struct __sk_buff, v6)

/* The pattern sets found in an inbound packet, for a table with patterns. */
static __always_inline __u32 pattern_scan(void *ctx, bool xdp, bool v4,
					  const struct packet_info *pkt, __u32 frame_len)
{
	if (xdp)
		return v4 ? pattern_scan_xdp_v4(ctx, pkt, frame_len)
			  : pattern_scan_xdp_v6(ctx, pkt, frame_len);
	return v4 ? pattern_scan_skb_v4(ctx, pkt, frame_len)
		  : pattern_scan_skb_v6(ctx, pkt, frame_len);
}

#endif
