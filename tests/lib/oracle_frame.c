// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include "oracle_frame.h"

struct frame {
	const uint8_t *b;
	size_t len;
};

/* Whether n bytes from off are all in the frame. */
static bool has(const struct frame *f, size_t off, size_t n)
{
	return off <= f->len && n <= f->len - off;
}

static unsigned int be16(const struct frame *f, size_t off)
{
	return (unsigned int)f->b[off] << 8 | f->b[off + 1];
}

/*
 * Where a later fragment may start without overlapping header bytes rules
 * read: IPv4 by its protocol (64 behind AH, whose length it cannot tell);
 * IPv6 at 64 whatever its Next Header claims.
 */
static size_t later_min(const struct test_packet *p)
{
	if (p->version == 6)
		return 64;
	switch (p->proto) {
	case IPPROTO_TCP:  return 20;	/* ports, and the flags at byte 13 */
	case IPPROTO_UDP:  return 8;
	case IPPROTO_ICMP: return 8;
	case IPPROTO_AH:   return 64;
	default:           return 0;
	}
}

/* From here on, only the IP packet's own bytes: not the frame's padding. */
static void end_at(struct frame *f, size_t end)
{
	if (end < f->len)
		f->len = end;
}

/* The transport header at off, or the overlap check of a later fragment. */
static enum frame_kind transport(const struct frame *f, size_t off, unsigned int frag_units,
				 struct test_packet *p)
{
	if (p->frag == EBFILT_FRAG_LATER)
		return frag_units * 8 < later_min(p) ? FRAME_UNSEEN : FRAME_IP;
	switch (p->proto) {
	case IPPROTO_TCP:
		if (!has(f, off, 20))
			return FRAME_UNSEEN;
		p->sport = (uint16_t)be16(f, off);
		p->dport = (uint16_t)be16(f, off + 2);
		p->tcp_ack = f->b[off + 13] & 0x10;
		return FRAME_IP;
	case IPPROTO_UDP:
		if (!has(f, off, 8))
			return FRAME_UNSEEN;
		p->sport = (uint16_t)be16(f, off);
		p->dport = (uint16_t)be16(f, off + 2);
		return FRAME_IP;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (!has(f, off, 8))
			return FRAME_UNSEEN;
		p->sport = f->b[off];		/* type */
		p->dport = f->b[off + 1];	/* code */
		return FRAME_IP;
	default:
		return FRAME_IP;
	}
}

/* IPv4 options: a loose or strict source route before the end of the list. */
static bool source_routed(const uint8_t *opt, size_t n)
{
	size_t pos = 0;

	while (pos < n) {
		if (opt[pos] == 0)			/* end of list */
			return false;
		if (opt[pos] == 131 || opt[pos] == 137)	/* LSRR, SSRR */
			return true;
		if (opt[pos] == 1) {			/* no-op */
			pos++;
			continue;
		}
		if (pos + 1 >= n || opt[pos + 1] < 2)	/* no sane length: stop looking */
			return false;
		pos += opt[pos + 1];
	}
	return false;
}

static enum frame_kind ipv4(struct frame *f, size_t off, struct test_packet *p)
{
	size_t hlen, total;
	unsigned int fo;

	p->version = 4;
	if (!has(f, off, 20) || f->b[off] >> 4 != 4 || (f->b[off] & 15) < 5)
		return FRAME_UNSEEN;
	hlen = (size_t)(f->b[off] & 15) * 4;
	total = be16(f, off + 2);
	if (total && total < hlen)
		return FRAME_UNSEEN;
	if (total)	/* 0: over 64 KiB, as long as the frame */
		end_at(f, off + total);
	if (!has(f, off, hlen))
		return FRAME_UNSEEN;	/* options cut short */
	memcpy(p->saddr, f->b + off + 12, 4);
	memcpy(p->daddr, f->b + off + 16, 4);
	p->proto = f->b[off + 9];
	fo = be16(f, off + 6);
	if (fo & 0x1fff)
		p->frag = EBFILT_FRAG_LATER;
	else if (fo & 0x2000)
		p->frag = EBFILT_FRAG_FIRST;
	p->srcroute = source_routed(f->b + off + 20, hlen - 20);
	off += hlen;
	if (p->proto == IPPROTO_AH && p->frag != EBFILT_FRAG_LATER) {
		size_t ahlen;

		if (!has(f, off, 8))
			return FRAME_UNSEEN;
		ahlen = ((size_t)f->b[off + 1] + 2) * 4;
		if (!has(f, off, ahlen))
			return FRAME_UNSEEN;
		p->ah = true;
		p->proto = f->b[off];
		off += ahlen;
	}
	return transport(f, off, fo & 0x1fff, p);
}

static bool ipv6_ext(unsigned int next)
{
	return next == 0 || next == 43 || next == 44 || next == 51 || next == 60;
}

#define IPV6_EXT_WALKED 8	/* extension headers the filter walks (mkfilt(8)) */

static enum frame_kind ipv6(struct frame *f, size_t off, struct test_packet *p)
{
	unsigned int next, units = 0;
	size_t hlen;
	int n;

	p->version = 6;
	if (!has(f, off, 40) || f->b[off] >> 4 != 6)
		return FRAME_UNSEEN;
	if (be16(f, off + 4))	/* 0: a jumbogram, as long as the frame */
		end_at(f, off + 40 + be16(f, off + 4));
	memcpy(p->saddr, f->b + off + 8, 16);
	memcpy(p->daddr, f->b + off + 24, 16);
	next = f->b[off + 6];
	off += 40;
	for (n = 0; n < IPV6_EXT_WALKED && ipv6_ext(next) && p->frag != EBFILT_FRAG_LATER; n++) {
		if (!has(f, off, 8))
			return FRAME_UNSEEN;
		switch (next) {
		case 44:	/* fragment */
			hlen = 8;
			units = be16(f, off + 2) >> 3;
			if (units)
				p->frag = EBFILT_FRAG_LATER;
			else if (f->b[off + 3] & 1)
				p->frag = EBFILT_FRAG_FIRST;
			break;
		case 51:	/* AH */
			hlen = ((size_t)f->b[off + 1] + 2) * 4;
			p->ah = true;
			break;
		case 43:	/* routing: segments left means source routed */
			if (f->b[off + 3])
				p->srcroute = true;
			/* fallthrough */
		default:
			hlen = ((size_t)f->b[off + 1] + 1) * 8;
		}
		if (!has(f, off, hlen))
			return FRAME_UNSEEN;
		next = f->b[off];
		off += hlen;
	}
	if (ipv6_ext(next) && p->frag != EBFILT_FRAG_LATER)
		return FRAME_UNSEEN;	/* more extension headers than walked */
	p->proto = (uint8_t)next;
	return transport(f, off, units, p);
}

enum frame_kind oracle_frame(const uint8_t *bytes, size_t len, struct test_packet *p)
{
	struct frame f = { bytes, len };
	unsigned int type;
	size_t off = 14;
	int tags = 0;

	memset(p, 0, sizeof(*p));
	if (!has(&f, 0, 14))
		return FRAME_NOT_IP;
	type = be16(&f, 12);
	while (type == 0x8100 || type == 0x88a8) {	/* VLAN tags: two are walked */
		if (tags == 2 || !has(&f, off, 4))
			return FRAME_UNSEEN;
		type = be16(&f, off + 2);
		off += 4;
		tags++;
	}
	if (type == 0x0800)
		return ipv4(&f, off, p);
	if (type == 0x86dd)
		return ipv6(&f, off, p);
	return FRAME_NOT_IP;
}
