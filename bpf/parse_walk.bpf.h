/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parse stage's cursor (parse.bpf.h), and its walks over the headers
 * of variable length between the IP header and the transport header: IPv4
 * options (for a source route) and IPv6 extension headers (for fragments,
 * AH and a source route). Both copy what they read with the program
 * type's load_bytes helper and run in bpf_loop, so the verifier checks
 * one step, not every path through the walk (parse.bpf.h says why).
 */
#ifndef EBFILT_PARSE_WALK_BPF_H
#define EBFILT_PARSE_WALK_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "ebfilt/abi.h"
#include "packet.bpf.h"

#define IPV6_EXT_MAX	8	/* extension headers walked before giving up */
#define IPV4_OPT_MAX	40	/* bytes of IPv4 options */

#define NEXTHDR_HOP	0
#define NEXTHDR_ROUTING	43
#define NEXTHDR_FRAGMENT 44
#define NEXTHDR_AH	51
#define NEXTHDR_DEST	60
#define IPOPT_END	0
#define IPOPT_NOOP	1
#define IPOPT_LSRR	131
#define IPOPT_SSRR	137

/* Where the parse stands in a frame. */
struct hdr_cursor {
	void *pos;		/* fixed-offset headers: a pointer into the packet */
	void *l4;		/* the transport header right after a bare IP header, or NULL */
	void *data_end;		/* of the linear part */
	__u32 off;		/* variable-offset headers: an offset from the start */
	__u32 end;		/* where the IP packet ends (its length field says) */
	void *ctx;		/* struct xdp_md or struct __sk_buff */
	bool xdp;
};

/*
 * Copy len bytes at off; 0, or negative when they are not all in the IP
 * packet (within its length field, and within the frame).
 */
static __always_inline long load_bytes(const struct hdr_cursor *nh, __u32 off, void *to,
				       __u32 len)
{
	if (off > nh->end || len > nh->end - off)
		return -1;
	if (nh->xdp)
		return bpf_xdp_load_bytes(nh->ctx, off, to, len);
	return bpf_skb_load_bytes(nh->ctx, off, to, len);
}

/* Whether the len bytes of a header at off are all in the packet. */
static __always_inline bool header_whole(const struct hdr_cursor *nh, __u32 off, __u32 len)
{
	__u8 last;

	return len && !load_bytes(nh, off + len - 1, &last, 1);
}

/* State of the walk over a copy of the IPv4 options (a bpf_loop context). */
struct opt_walk {
	__u8 buf[64];		/* indexed with & 63: in bounds whatever the verifier knows */
	__u32 pos, len;
	bool source_routed;
};

/* One option; returns 1 to stop. */
static long walk_ipv4_opt(__u32 index, void *data)
{
	struct opt_walk *w = data;
	__u8 type, len;

	if (w->pos >= w->len)
		return 1;
	type = w->buf[w->pos & 63];
	if (type == IPOPT_END)
		return 1;
	if (type == IPOPT_LSRR || type == IPOPT_SSRR) {
		w->source_routed = true;
		return 1;
	}
	if (type == IPOPT_NOOP) {
		w->pos++;
		return 0;
	}
	if (w->pos + 1 >= w->len)
		return 1;
	len = w->buf[(w->pos + 1) & 63];
	if (len < 2)
		return 1;
	w->pos += len;
	return 0;
}

/*
 * Whether the IPv4 options at off carry a loose or strict source route:
 * 1 or 0, or -1 when they are not all in the packet.
 */
static __always_inline int ipv4_source_routed(const struct hdr_cursor *nh, __u32 off,
					      __u32 optlen)
{
	struct opt_walk w = { .len = optlen & 63 };

	if (w.len == 0 || w.len > IPV4_OPT_MAX || w.len != optlen ||
	    load_bytes(nh, off, w.buf, w.len))
		return -1;
	bpf_loop(IPV4_OPT_MAX, walk_ipv4_opt, &w, 0);
	return w.source_routed;
}

static __always_inline bool ipv6_is_ext(int nexthdr)
{
	return nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING ||
	       nexthdr == NEXTHDR_FRAGMENT || nexthdr == NEXTHDR_DEST || nexthdr == NEXTHDR_AH;
}

/* State of the walk over IPv6 extension headers (a bpf_loop context). */
struct ext_walk {
	void *ctx;
	__u32 off;		/* of the next header to read */
	__u32 end;		/* of the IP packet */
	int nexthdr;		/* its type; -1 after a header that was cut short */
	__u16 frag_off;
	__u8 frag;
	__u8 flags;
};

/* One extension header (or AH); returns 1 to stop at the transport header. */
static __always_inline long walk_ipv6_ext(struct ext_walk *w, bool xdp)
{
	struct hdr_cursor nh = { .ctx = w->ctx, .end = w->end, .xdp = xdp };
	__u8 hdr[8];
	__u32 len;

	if (!ipv6_is_ext(w->nexthdr) || w->frag == EBFILT_FRAG_LATER)
		return 1;
	if (load_bytes(&nh, w->off, hdr, sizeof(hdr))) {
		w->nexthdr = -1;
		return 1;
	}
	switch (w->nexthdr) {
	case NEXTHDR_FRAGMENT:
		len = 8;
		w->frag_off = (__u16)(hdr[2] << 8 | hdr[3]) >> 3;
		if (w->frag_off)
			w->frag = EBFILT_FRAG_LATER;
		else if (hdr[3] & 1)
			w->frag = EBFILT_FRAG_FIRST;
		break;
	case NEXTHDR_AH:
		len = (hdr[1] + 2) * 4;
		w->flags |= PKT_AH;
		break;
	case NEXTHDR_ROUTING:
		if (hdr[3])	/* segments left: the packet is source routed */
			w->flags |= PKT_SRCROUTE;
		/* fallthrough */
	default:
		len = (hdr[1] + 1) * 8;
		break;
	}
	if (!header_whole(&nh, w->off, len)) {
		w->nexthdr = -1;
		return 1;
	}
	w->off += len;
	w->nexthdr = hdr[0];
	return 0;
}

/* bpf_loop bodies, one per program type so each uses only its own helper. */
static long walk_ipv6_ext_xdp(__u32 index, void *w)
{
	return walk_ipv6_ext(w, true);
}

static long walk_ipv6_ext_skb(__u32 index, void *w)
{
	return walk_ipv6_ext(w, false);
}

#endif
