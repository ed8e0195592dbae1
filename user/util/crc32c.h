/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC-32C (Castagnoli), the checksum of the log store's frames: with the
 * SSE 4.2 instruction where the processor has it (a store takes a few
 * million records a second, and zlib's CRC-32 alone would cap it near
 * four), else a table, with the same result either way.
 */
#ifndef EBFILT_UTIL_CRC32C_H
#define EBFILT_UTIL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continue crc (0 to start) over len bytes of buf. */
uint32_t crc32c(uint32_t crc, const void *buf, size_t len);
/* The same by the table alone, as a processor without the instruction (for tests). */
uint32_t crc32c_table(uint32_t crc, const void *buf, size_t len);

#endif
