/* SPDX-License-Identifier: GPL-2.0 */
/* Crafting test frames from a description (tests only). */
#ifndef EBFILT_TEST_PACKET_H
#define EBFILT_TEST_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/abi.h"

#define TEST_PAYLOAD_MAX	1600
#define TEST_L4_MAX		(TEST_PAYLOAD_MAX + 28)
#define TEST_FRAME_MAX		(TEST_L4_MAX + 160)

struct test_packet {
	uint8_t version;		/* 4 or 6 */
	uint8_t saddr[16], daddr[16];	/* network order; IPv4 in the first 4 bytes */
	uint8_t proto;			/* transport protocol */
	uint16_t sport, dport;		/* ports, or ICMP type and code */
	bool tcp_ack;
	uint8_t tcp_flags;		/* TCP's flags byte; 0: ACK with tcp_ack, else SYN */
	uint16_t icmp_id;		/* bytes 4-5 of an ICMP header (echo's identifier) */
	enum ebfilt_frag_state frag;
	uint16_t frag_offset;		/* a later fragment's, in 8-byte units; 0: 185 (1480 bytes) */
	bool srcroute;			/* IPv4 LSRR option, or IPv6 routing header */
	bool ah;			/* an AH header before the transport header */
	uint8_t vlans;			/* VLAN tags (the filter walks 2) */
	uint8_t ipv6_ext;		/* extra IPv6 destination-options headers */
	size_t cut;			/* bytes removed from the end of the frame */
	uint16_t payload_len;		/* 0: the builder's few filler bytes */
	uint8_t payload[TEST_PAYLOAD_MAX];	/* after the transport header */
};

/*
 * The bytes after the transport header, as packet_build() writes them,
 * and so what the filter scans for patterns (after the IP headers for
 * other protocols and later fragments, with the builder's 8 bytes that
 * stand for their header). Returns the length; out holds TEST_L4_MAX.
 */
size_t packet_payload(const struct test_packet *p, uint8_t *out);

/* Build the frame into buf; returns its length (0 if it does not fit). */
size_t packet_build(const struct test_packet *p, uint8_t *buf, size_t size);

/* Set an address from text ("192.0.2.1", "2001:db8::1"). */
void packet_addr(uint8_t version, const char *text, uint8_t addr[16]);

#endif
