/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parse stage, in the style of xdp-tools' cursor helpers:
 * each parse_* reads one header at the cursor, checks it lies inside the
 * packet, advances the cursor and returns the next protocol, or -1 when the
 * header is missing or malformed. Nothing is read outside the packet.
 *
 * Headers at fixed offsets (Ethernet, VLAN tags, the fixed IPv4 and IPv6
 * headers, and a transport header right after one of them) are read in
 * place. Headers at variable offsets (IPv4 options,
 * IPv6 extension headers, AH, the transport header) are copied with the
 * program type's load_bytes helper, which checks the bounds itself: a
 * variable-offset packet pointer would give each path through a header walk
 * its own packet range, and the verifier would check the rest of the
 * program once per path. The IPv6 walk runs in bpf_loop for the same reason.
 * The cursor and the walks over IPv4 options and IPv6 extension headers
 * are in parse_walk.bpf.h.
 *
 * parse_packet() summarises a frame into struct packet_info, and marks
 * PKT_UNSEEN what the filter cannot fully see, which the verdict stage
 * drops before the table (mkfilt(8)): a cut or malformed IP header (its
 * options, extension headers and AH included), an IPv6 extension-header
 * chain longer than the walk, a transport header
 * cut short in a packet that should hold it (RFC 1858's tiny first
 * fragment among them), a later fragment that would overwrite the
 * transport header (RFC 1858, 3128), and more VLAN tags than are walked.
 * A header counts as there only within the IP packet's own length: the
 * bytes that pad a frame to Ethernet's minimum are not a header.
 */
#ifndef EBFILT_PARSE_BPF_H
#define EBFILT_PARSE_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "ebfilt/abi.h"
#include "packet.bpf.h"
#include "parse_walk.bpf.h"

#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88A8
#define VLAN_MAX_DEPTH	2

#define IP_MF		0x2000
#define IP_OFFSET	0x1fff

static __always_inline int parse_ethhdr(struct hdr_cursor *nh, void *data_end)
{
	struct ethhdr *eth = nh->pos;
	struct vlan_hdr *vlh;
	__u16 h_proto;
	int i;

	if ((void *)(eth + 1) > data_end)
		return -1;
	nh->pos = eth + 1;
	h_proto = eth->h_proto;
#pragma unroll
	for (i = 0; i < VLAN_MAX_DEPTH; i++) {
		if (h_proto != bpf_htons(ETH_P_8021Q) && h_proto != bpf_htons(ETH_P_8021AD))
			break;
		vlh = nh->pos;
		if ((void *)(vlh + 1) > data_end)
			return -2;	/* a tag cut short: what it hides is not seen */
		h_proto = vlh->h_vlan_encapsulated_proto;
		nh->pos = vlh + 1;
	}
	if (h_proto == bpf_htons(ETH_P_8021Q) || h_proto == bpf_htons(ETH_P_8021AD))
		return -2;	/* more tags than walked: what they hide is not seen */
	return bpf_ntohs(h_proto);
}

/*
 * The transport header at nh->off: read in place when it follows an IP
 * header without options or extension headers at a fixed distance (the
 * common case: a pointer the verifier follows without new paths), else
 * copied like the headers before it. len is a constant at each use.
 */
static __always_inline long load_transport(const struct hdr_cursor *nh, void *to, __u32 len)
{
	if (nh->off > nh->end || len > nh->end - nh->off)
		return -1;
	if (nh->l4 && nh->l4 + len <= nh->data_end) {
		__builtin_memcpy(to, nh->l4, len);
		return 0;
	}
	return load_bytes(nh, nh->off, to, len);
}

/* IPv4 header; nh->off ends at what follows the options. */
static __always_inline int parse_ipv4(struct hdr_cursor *nh, void *data_end,
				      struct packet_info *pkt)
{
	struct iphdr *iph = nh->pos;
	__u32 hlen, len;
	__u16 frag_off;

	pkt->version = 4;
	if ((void *)(iph + 1) > data_end)
		return -1;
	hlen = iph->ihl * 4;
	len = bpf_ntohs(iph->tot_len);
	if (iph->version != 4 || hlen < sizeof(*iph) || (len && len < hlen))
		return -1;
	/* 0: a packet over 64 KiB (BIG TCP) ends where the frame does. */
	if (len)
		nh->end = nh->off + len;
	__builtin_memcpy(pkt->saddr, &iph->saddr, 4);
	__builtin_memcpy(pkt->daddr, &iph->daddr, 4);
	pkt->ip_len = len;
	pkt->proto = iph->protocol;
	pkt->flags |= PKT_ADDRS | PKT_PROTO;
	frag_off = bpf_ntohs(iph->frag_off);
	pkt->frag_off = frag_off & IP_OFFSET;
	if (frag_off & IP_OFFSET)
		pkt->frag = EBFILT_FRAG_LATER;
	else if (frag_off & IP_MF)
		pkt->frag = EBFILT_FRAG_FIRST;
	nh->off += sizeof(*iph);
	if (hlen == sizeof(*iph))
		nh->l4 = iph + 1;
	if (hlen > sizeof(*iph)) {
		switch (ipv4_source_routed(nh, nh->off, hlen - sizeof(*iph))) {
		case 1:
			pkt->flags |= PKT_SRCROUTE;
			break;
		case -1:
			return -1;
		}
	}
	nh->off += hlen - sizeof(*iph);
	return iph->protocol;
}

/* IPv6 header and its extension headers; nh->off ends at the transport header. */
static __always_inline int parse_ipv6(struct hdr_cursor *nh, void *data_end,
				      struct packet_info *pkt)
{
	struct ipv6hdr *ip6h = nh->pos;
	struct ext_walk w = { .ctx = nh->ctx };
	__u32 len;

	pkt->version = 6;
	if ((void *)(ip6h + 1) > data_end)
		return -1;
	if (ip6h->version != 6)
		return -1;
	__builtin_memcpy(pkt->saddr, &ip6h->saddr, 16);
	__builtin_memcpy(pkt->daddr, &ip6h->daddr, 16);
	len = bpf_ntohs(ip6h->payload_len);
	/* 40 + a payload over 65495 bytes does not fit the record's 16 bits. */
	pkt->ip_len = !len ? 0 : len > 0xffff - sizeof(*ip6h) ? 0xffff : len + sizeof(*ip6h);
	pkt->flags |= PKT_ADDRS;
	/* 0: a jumbogram (or BIG TCP) ends where the frame does. */
	if (len)
		nh->end = nh->off + sizeof(*ip6h) + len;
	w.end = nh->end;
	w.off = nh->off + sizeof(*ip6h);
	w.nexthdr = ip6h->nexthdr;
	/* Most packets have none: the walk is not even started for them. */
	if (ipv6_is_ext(w.nexthdr))
		bpf_loop(IPV6_EXT_MAX, nh->xdp ? walk_ipv6_ext_xdp : walk_ipv6_ext_skb, &w, 0);
	pkt->frag = w.frag;
	pkt->frag_off = w.frag_off;
	pkt->flags |= w.flags;
	nh->off = w.off;
	/* Cut short, or more extension headers than we walk. */
	if (w.nexthdr < 0 || (ipv6_is_ext(w.nexthdr) && w.frag != EBFILT_FRAG_LATER))
		return -1;
	pkt->proto = w.nexthdr;
	pkt->flags |= PKT_PROTO;
	if (!ipv6_is_ext(ip6h->nexthdr))
		nh->l4 = ip6h + 1;
	return w.nexthdr;
}

/* IPv4 AH: note it and step to the protocol it protects. */
static __always_inline int parse_ipv4_ah(struct hdr_cursor *nh, struct packet_info *pkt)
{
	__u8 ah[8];

	if (load_bytes(nh, nh->off, ah, sizeof(ah)) || !header_whole(nh, nh->off, (ah[1] + 2) * 4))
		return -1;
	pkt->flags |= PKT_AH;
	pkt->proto = ah[0];
	nh->off += (ah[1] + 2) * 4;
	nh->l4 = NULL;	/* behind AH: read from its offset */
	return ah[0];
}

/* Ports, ICMP type/code and the TCP ACK flag, when the header is complete. */
static __always_inline int parse_transport(struct hdr_cursor *nh, struct packet_info *pkt)
{
	__u8 l4[20];

	switch (pkt->proto) {
	case IPPROTO_TCP:
		if (load_transport(nh, l4, sizeof(struct tcphdr)))
			return -1;
		if (l4[13] & 0x10)
			pkt->flags |= PKT_TCP_ACK;
		pkt->tcp_flags = l4[13];
		/* Options too: a data offset past the packet leaves no payload. */
		pkt->payload_off = (__u16)(nh->off + ((l4[12] >> 4) > 5 ? (l4[12] >> 4) * 4 : 20));
		break;
	case IPPROTO_UDP:
		if (load_transport(nh, l4, sizeof(struct udphdr)))
			return -1;
		pkt->payload_off = (__u16)(nh->off + sizeof(struct udphdr));
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (load_transport(nh, l4, 8))
			return -1;
		pkt->sport = l4[0];	/* type */
		pkt->dport = l4[1];	/* code */
		pkt->icmp_id = (__u16)(l4[4] << 8 | l4[5]);
		pkt->flags |= PKT_PORTS;
		pkt->payload_off = (__u16)(nh->off + 8);
		return 0;
	case IPPROTO_ESP:
		pkt->flags |= PKT_ESP;
		return 0;
	default:
		return 0;
	}
	pkt->sport = (__u16)(l4[0] << 8 | l4[1]);
	pkt->dport = (__u16)(l4[2] << 8 | l4[3]);
	pkt->flags |= PKT_PORTS;
	return 0;
}

/*
 * Where a later fragment may start (in bytes) without overwriting header
 * bytes rules read on reassembly (RFC 1858, RFC 3128): past TCP's ports
 * and flags, UDP's ports, ICMP's type and code. An IPv4 fragment names its
 * protocol reliably (reassembly matches on it); behind AH, whose length a
 * later fragment cannot tell, 64 bytes cover AH with the longest common
 * ICV and a TCP header. An IPv6 later fragment's Next Header need not be
 * the first fragment's, so 64 bytes whatever it names.
 */
#define FRAG_SAFE_OFFSET 64

static __always_inline __u32 later_fragment_min(const struct packet_info *pkt)
{
	if (pkt->version == 6)
		return FRAG_SAFE_OFFSET;
	switch (pkt->proto) {
	case IPPROTO_TCP:  return 20;
	case IPPROTO_UDP:  return 8;
	case IPPROTO_ICMP: return 8;
	case IPPROTO_AH:   return FRAG_SAFE_OFFSET;
	}
	return 0;
}

/*
 * Summarise the packet of ctx (xdp: struct xdp_md, else struct __sk_buff)
 * of frame_len bytes whose linear data is [data, data_end). A frame starts
 * with its Ethernet header, unless raw_proto is an EtherType (host order):
 * then it starts at the IP header, of that protocol. Returns 0 for IP packets
 * (pkt->version set; PKT_UNSEEN flags what the filter cannot see), or -1
 * for frames that are not IPv4 or IPv6.
 */
static __always_inline int parse_packet(void *ctx, bool xdp, void *data, void *data_end,
					__u32 frame_len, int raw_proto, struct packet_info *pkt)
{
	struct hdr_cursor nh = { .pos = data, .data_end = data_end, .end = frame_len, .ctx = ctx,
				 .xdp = xdp };
	int proto;

	proto = raw_proto >= 0 ? raw_proto : parse_ethhdr(&nh, data_end);
	/*
	 * The kernel takes one VLAN tag off a raw-IP packet before tc; one
	 * still there means two or more, which no such link carries: unseen.
	 */
	if (raw_proto >= 0 && (proto == ETH_P_8021Q || proto == ETH_P_8021AD))
		proto = -2;
	nh.off = (__u32)(nh.pos - data);
	pkt->l3_off = (__u16)nh.off;
	if (proto == -2) {
		pkt->flags |= PKT_DEEP_VLAN;
		return 0;
	}
	if (proto == ETH_P_IP)
		proto = parse_ipv4(&nh, data_end, pkt);
	else if (proto == ETH_P_IPV6)
		proto = parse_ipv6(&nh, data_end, pkt);
	else
		return -1;
	if (proto == IPPROTO_AH && pkt->version == 4 && pkt->frag != EBFILT_FRAG_LATER)
		proto = parse_ipv4_ah(&nh, pkt);
	/* Other protocols (and later fragments): everything after the IP headers. */
	pkt->payload_off = (__u16)nh.off;
	pkt->ip_end = nh.end < frame_len ? nh.end : frame_len;
	if (proto < 0 || (pkt->frag != EBFILT_FRAG_LATER && parse_transport(&nh, pkt) < 0))
		pkt->flags |= PKT_SHORT;
	else if (pkt->frag == EBFILT_FRAG_LATER && pkt->frag_off * 8 < later_fragment_min(pkt))
		pkt->flags |= PKT_BAD_FRAG;
	return 0;
}

#endif
