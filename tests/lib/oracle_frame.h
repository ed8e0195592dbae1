/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle's reading of a raw frame, for packet fuzzing (tests only):
 * what the filter must make of any bytes under the policy mkfilt(8) states
 * in "Packets the filter cannot fully see". Written from that text as a
 * plain walk over a byte array, apart from the BPF parse stage.
 */
#ifndef EBFILT_TEST_ORACLE_FRAME_H
#define EBFILT_TEST_ORACLE_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "packet.h"

enum frame_kind {
	FRAME_NOT_IP,	/* neither IPv4 nor IPv6 (or shorter than Ethernet): passed */
	FRAME_UNSEEN,	/* IP the filter cannot fully see: dropped before the table */
	FRAME_IP,	/* judged by the table, as *p describes it */
};

/*
 * Read frame[0..len). For FRAME_IP, *p holds what rules look at: version,
 * addresses, protocol, ports (or ICMP type and code), the TCP ACK flag,
 * fragment state, source routing and AH.
 */
enum frame_kind oracle_frame(const uint8_t *frame, size_t len, struct test_packet *p);

#endif
