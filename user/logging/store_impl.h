/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the store's writer and readers share (store.c, store_walk.c,
 * store_read.c): the superblocks, and the one walk over frames.
 */
#ifndef EBFILT_LOGGING_STORE_IMPL_H
#define EBFILT_LOGGING_STORE_IMPL_H

#include "logging/store.h"

#define STORE_SUPER_SLOT	2048	/* superblock gen N is at (N & 1) * this */
#define STORE_SUPER_MAGIC	"EBFLOG2"
#define STORE_WINDOW		(1u << 20)

/* The newer valid superblock of the store open on fd: 0, or -EINVAL (not reported). */
int store_super_read(int fd, struct store_super *sb);
/* Write superblock sb (its gen chosen, its CRC set) to fd: 0 or -errno. */
int store_super_put(int fd, struct store_super *sb, bool sync);

/* A window over the data area, read a megabyte at a time. */
struct store_window {
	int fd;
	uint64_t data_size;
	uint8_t *buf;		/* STORE_WINDOW bytes */
	uint64_t off;		/* data offset of buf[0] */
	size_t len;		/* bytes in buf */
	int err;		/* the last read's -errno, 0 */
};

int store_window_init(struct store_window *w, int fd, uint64_t data_size);
void store_window_free(struct store_window *w);
/* Forget what was read (the data under it was written since). */
void store_window_forget(struct store_window *w);

/* What lies at a data offset, for the frame of an expected sequence number. */
enum frame_at {
	FRAME_AT_NONE,		/* nothing of it: older data, or nothing yet */
	FRAME_AT_RECORD,	/* it, whole: *f and *record */
	FRAME_AT_WRAP,		/* it is at offset 0 (a wrap mark, or no room for a header) */
	FRAME_AT_TORN,		/* begun (its magic and number) and never finished */
	FRAME_AT_ERROR,		/* the read failed: w->err */
};

enum frame_at store_frame_at(struct store_window *w, uint64_t off, uint64_t seq,
			     struct log_frame *f, const uint8_t **record);

/*
 * The first whole frame after off, in 8-byte steps round the ring up to
 * stop, whose sequence number is from first up to (not including) end:
 * its offset, or stop.
 */
uint64_t store_next_whole(struct store_window *w, uint64_t off, uint64_t stop, uint64_t first,
			  uint64_t end, struct log_frame *f);

#endif
