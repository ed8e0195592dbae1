/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An IP version is 4 or 6, everywhere. What is kept per version in an
 * array has IPV_SLOTS entries, IPv4's first: ipv_slot() is a version's
 * index, ipv_of() the version of an index.
 */
#ifndef EBFILT_UTIL_IPVER_H
#define EBFILT_UTIL_IPVER_H

#include <stdint.h>

#define IPV_SLOTS 2

static inline unsigned int ipv_slot(uint8_t version)
{
	return version == 6;
}

static inline uint8_t ipv_of(unsigned int slot)
{
	return slot ? 6 : 4;
}

#endif
