// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "packet.h"

void packet_addr(uint8_t version, const char *text, uint8_t addr[16])
{
	memset(addr, 0, 16);
	inet_pton(version == 4 ? AF_INET : AF_INET6, text, addr);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Transport header (or 8 bytes of payload for a later fragment) at p. */
size_t packet_payload(const struct test_packet *t, uint8_t *out)
{
	size_t filler = 0, len = t->payload_len < TEST_PAYLOAD_MAX ? t->payload_len : TEST_PAYLOAD_MAX;

	/* What stands for the header of a protocol the filter does not parse. */
	if (t->frag == EBFILT_FRAG_LATER)
		memset(out, 0xab, filler = 8);
	else if (t->proto != IPPROTO_TCP && t->proto != IPPROTO_UDP &&
		 t->proto != IPPROTO_ICMP && t->proto != IPPROTO_ICMPV6)
		memset(out, 0x5a, filler = 8);
	else if (t->proto == IPPROTO_UDP && !t->payload_len)
		return memset(out, 0x55, 8), 8;
	memcpy(out + filler, t->payload, len);
	return filler + len;
}

/* The transport header and the payload; returns their length. */
static size_t put_transport(const struct test_packet *t, uint8_t *p)
{
	size_t hlen = 0;

	if (t->frag != EBFILT_FRAG_LATER) {
		switch (t->proto) {
		case IPPROTO_TCP:
			memset(p, 0, hlen = 20);
			put16(p, t->sport);
			put16(p + 2, t->dport);
			p[12] = 5 << 4;
			p[13] = t->tcp_flags ? t->tcp_flags : t->tcp_ack ? 0x10 : 0x02;
			break;
		case IPPROTO_UDP:
			put16(p, t->sport);
			put16(p + 2, t->dport);
			put16(p + 6, 0);
			hlen = 8;
			break;
		case IPPROTO_ICMP:
		case IPPROTO_ICMPV6:
			memset(p, 0, hlen = 8);
			p[0] = (uint8_t)t->sport;
			p[1] = (uint8_t)t->dport;
			put16(p + 4, t->icmp_id);
			break;
		}
	}
	hlen += packet_payload(t, p + hlen);
	if (t->frag != EBFILT_FRAG_LATER && t->proto == IPPROTO_UDP)
		put16(p + 4, (uint16_t)hlen);
	return hlen;
}

static size_t put_ah(uint8_t *p, uint8_t next)
{
	memset(p, 0, 12);
	p[0] = next;
	p[1] = 1;		/* (1 + 2) * 4 = 12 bytes */
	return 12;
}

/* A later fragment's offset in 8-byte units. */
static uint16_t later_offset(const struct test_packet *t)
{
	return t->frag_offset ? t->frag_offset : 185;
}

static size_t put_ipv4(const struct test_packet *t, uint8_t *ip, size_t l4len)
{
	size_t hlen = t->srcroute ? 28 : 20;
	uint16_t frag = t->frag == EBFILT_FRAG_FIRST ? 0x2000 :
			t->frag == EBFILT_FRAG_LATER ? later_offset(t) : 0;

	memset(ip, 0, hlen);
	ip[0] = (uint8_t)(0x40 | hlen / 4);
	put16(ip + 2, (uint16_t)(hlen + l4len));
	put16(ip + 6, frag);
	ip[8] = 64;
	ip[9] = t->ah ? IPPROTO_AH : t->proto;
	memcpy(ip + 12, t->saddr, 4);
	memcpy(ip + 16, t->daddr, 4);
	if (t->srcroute) {	/* LSRR or SSRR (as the address's last bit says), one hop, a NOP */
		ip[20] = t->daddr[3] & 1 ? 137 : 131;
		ip[21] = 7;
		ip[22] = 4;
		memcpy(ip + 23, t->daddr, 4);
		ip[27] = 1;
	}
	return hlen;
}

/* IPv6 header and extension headers; returns their length. */
static size_t put_ipv6(const struct test_packet *t, uint8_t *ip, size_t l4len)
{
	uint8_t *next = ip + 6, *p = ip + 40;
	int i;

	memset(ip, 0, 40);
	ip[0] = 0x60;
	ip[7] = 64;
	memcpy(ip + 8, t->saddr, 16);
	memcpy(ip + 24, t->daddr, 16);
	for (i = 0; i < t->ipv6_ext; i++) {	/* destination options, PadN */
		*next = 60;
		memset(p, 0, 8);
		p[2] = 1;
		p[3] = 4;
		next = p;
		p += 8;
	}
	if (t->srcroute) {	/* a routing header, type 0 or 253 by the address, a segment left */
		*next = 43;
		memset(p, 0, 8);
		p[2] = t->daddr[15] & 1 ? 253 : 0;
		p[3] = 1;
		next = p;
		p += 8;
	}
	if (t->frag != EBFILT_FRAG_NONE) {
		*next = 44;
		memset(p, 0, 8);
		put16(p + 2, t->frag == EBFILT_FRAG_LATER ? (uint16_t)(later_offset(t) << 3) : 1);
		next = p;
		p += 8;
	}
	if (t->ah) {
		*next = 51;
		next = p;
		p += put_ah(p, 0);
	}
	*next = t->proto;
	put16(ip + 4, (uint16_t)(p - ip - 40 + l4len));
	return (size_t)(p - ip);
}

size_t packet_build(const struct test_packet *t, uint8_t *buf, size_t size)
{
	uint8_t l4[TEST_L4_MAX], *p = buf;
	size_t l4len, iplen, i, len;

	if (size < 256)
		return 0;
	memset(buf, 0, 256);
	memcpy(p, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	p += 12;
	for (i = 0; i < t->vlans; i++) {
		put16(p, i ? 0x8100 : 0x88a8);
		put16(p + 2, (uint16_t)(100 + i));
		p += 4;
	}
	put16(p, t->version == 4 ? 0x0800 : 0x86dd);
	p += 2;
	l4len = put_transport(t, l4);
	if (t->version == 4) {
		size_t ah = t->ah && t->frag != EBFILT_FRAG_LATER ? 12 : 0;

		iplen = put_ipv4(t, p, l4len + ah);
		if (ah)
			put_ah(p + iplen, t->proto);
		iplen += ah;
	} else {
		iplen = put_ipv6(t, p, l4len);
	}
	len = (size_t)(p - buf) + iplen + l4len;
	if (len > size)
		return 0;
	memcpy(p + iplen, l4, l4len);
	return t->cut < len ? len - t->cut : 0;
}
