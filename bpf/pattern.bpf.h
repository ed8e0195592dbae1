/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pattern stage: an inbound packet's transport payload (everything
 * after the IP headers for other protocols and later fragments) walked
 * once through the table's automaton (compile/patterns.h), giving the set
 * of pattern sets found in it. Only the first EBFILT_PATTERN_SCAN bytes
 * are examined: a pattern that ends beyond them is not seen, nor is one
 * split across packets. The payload is copied 64 bytes at a time with
 * bpf_xdp_load_bytes or bpf_skb_load_bytes, so paged (non-linear) data is
 * read like the rest. Cost: one array lookup per byte, whatever the number
 * of patterns.
 */
#ifndef EBFILT_PATTERN_BPF_H
#define EBFILT_PATTERN_BPF_H

#include "maps.bpf.h"
#include "parse.bpf.h"

#define PATTERN_CHUNK	64
#define PATTERN_CHUNKS	(EBFILT_PATTERN_SCAN / PATTERN_CHUNK)

/* The walk (a bpf_loop context). */
struct pattern_walk {
	void *ctx;
	const struct ebfilt_pattern_meta *meta;
	void *dfa, *out;	/* the version's pattern_dfa and pattern_out */
	__u32 off, end;		/* the payload bytes left to examine, in the frame */
	__u32 state;
	__u32 found;		/* pattern sets found */
	__u8 buf[PATTERN_CHUNK];	/* the chunk being walked */
};

/*
 * One byte through the automaton (a bpf_loop body of its own, so that the
 * verifier checks it once rather than once per byte of a chunk).
 */
static long pattern_byte(__u32 index, void *ctx)
{
	struct pattern_walk *w = ctx;
	__u32 move, word, *sets;
	__u64 *moves;
	__u16 next;

	move = w->state * w->meta->nclasses + w->meta->classes[w->buf[index & (PATTERN_CHUNK - 1)]];
	word = move / EBFILT_DFA_PER_WORD;
	moves = bpf_map_lookup_elem(w->dfa, &word);
	if (!moves)
		return 1;
	next = (__u16)(*moves >> (16 * (move % EBFILT_DFA_PER_WORD)));
	w->state = next & ~EBFILT_DFA_OUTPUT;
	if (next & EBFILT_DFA_OUTPUT) {
		sets = bpf_map_lookup_elem(w->out, &w->state);
		if (sets)
			w->found |= *sets;
	}
	return 0;
}

/* The next chunk of payload through the automaton; 1 stops the walk. */
static __always_inline long pattern_chunk(struct pattern_walk *w, bool xdp)
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
	err = xdp ? bpf_xdp_load_bytes(w->ctx, w->off, w->buf, len)
		  : bpf_skb_load_bytes(w->ctx, w->off, w->buf, len);
	if (err)
		return 1;
	bpf_loop(len, pattern_byte, w, 0);
	w->off += len;
	return 0;
}

static long pattern_chunk_xdp(__u32 index, void *w)
{
	return pattern_chunk(w, true);
}

static long pattern_chunk_skb(__u32 index, void *w)
{
	return pattern_chunk(w, false);
}

/*
 * The global functions, per program type and IP version: the pattern sets
 * found in the payload of pkt, a packet of frame_len bytes.
 */
#define PATTERN_SCAN(kind, ctx_type, v)							\
__noinline __u32 pattern_scan_##kind##_##v(ctx_type *ctx, const struct packet_info *pkt,	\
					   __u32 frame_len)				\
{											\
	struct pattern_walk w = { .ctx = ctx, .dfa = &v##_pattern_dfa,			\
				  .out = &v##_pattern_out };				\
	__u32 zero = 0;									\
											\
	w.meta = bpf_map_lookup_elem(&v##_pattern_meta, &zero);			\
	if (!pkt || !w.meta || !w.meta->nstates)					\
		return 0;								\
	w.off = pkt->payload_off;							\
	w.end = pkt->ip_end < frame_len ? pkt->ip_end : frame_len;			\
	if (w.end > w.off + EBFILT_PATTERN_SCAN)					\
		w.end = w.off + EBFILT_PATTERN_SCAN;					\
	bpf_loop(PATTERN_CHUNKS, pattern_chunk_##kind, &w, 0);				\
	return w.found;									\
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
