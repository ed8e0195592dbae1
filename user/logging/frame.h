/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a log record is framed on disk, in the store and in the stream that
 * ipsec_log get writes and ipsec_log dump reads: a frame header (a magic
 * number, the record's length and sequence number, the name and address
 * of the interface when ipsec_logd took it in, a CRC over all of it), then the
 * record, then padding to 8 bytes. A torn or overwritten frame fails its
 * CRC or its sequence number and is never taken for a record.
 */
#ifndef EBFILT_LOGGING_FRAME_H
#define EBFILT_LOGGING_FRAME_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_MAGIC	0xeb10f4a3u
#define FRAME_WRAP	0xeb10f4a4u	/* store only: the next frame is at the start */
#define FRAME_RECORD_MAX 4096		/* no record type is larger */

struct log_frame {
	uint32_t magic;		/* FRAME_MAGIC or FRAME_WRAP */
	uint32_t len;		/* bytes of the record that follows (0 for FRAME_WRAP) */
	uint64_t seq;		/* the store's sequence number of the record */
	char ifname[IF_NAMESIZE];	/* "" when not known */
	uint8_t ifaddr[16];	/* its address of the record's IP version (network
				 * order; IPv4 in the first 4 bytes); all 0: not known */
	uint32_t crc;		/* CRC-32C of this header (crc 0) and the record */
	uint32_t pad;		/* 0 */
};

_Static_assert(sizeof(struct log_frame) == 56, "log_frame layout");

/* What ipsec_logd knew of a record's interface. */
struct frame_iface {
	const char *name;	/* NULL: not known */
	const uint8_t *addr;	/* 16 bytes, or NULL: not known */
};

/* Bytes a frame of a record of len bytes takes, padding included. */
static inline size_t frame_size(size_t len)
{
	return (sizeof(struct log_frame) + len + 7) & ~(size_t)7;
}

/*
 * Frame record (len bytes) into buf, which has frame_size(len) bytes:
 * returns that size.
 */
size_t frame_encode(void *buf, uint64_t seq, const struct frame_iface *iface,
		    const void *record, size_t len);

/*
 * Whether buf (size bytes) starts with a whole, intact frame: its header
 * copied to *f, and its record at (const char *)buf + sizeof(*f).
 */
bool frame_check(const void *buf, size_t size, struct log_frame *f);

/* The stream ipsec_log get writes: this header, then frames. */
#define STREAM_MAGIC	"EBFLOGS1"

struct log_stream_header {
	char magic[8];		/* STREAM_MAGIC */
	uint32_t version;	/* 1 */
	uint32_t pad;
};

#endif
