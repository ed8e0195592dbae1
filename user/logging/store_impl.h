/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the store's writer and readers share (store.c, store_open.c,
 * store_walk.c, store_read.c): the superblocks, and the one walk over
 * frames.
 */
#ifndef EBFILT_LOGGING_STORE_IMPL_H
#define EBFILT_LOGGING_STORE_IMPL_H

#include <limits.h>
#include <sys/stat.h>

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
 * The first whole frame from off on (off itself first), in 8-byte steps
 * round the ring up to stop, whose sequence number is from first up to
 * (not including) end: its offset, or stop (none, or a read failed).
 */
uint64_t store_next_whole(struct store_window *w, uint64_t off, uint64_t stop, uint64_t first,
			  uint64_t end, struct log_frame *f);

/*
 * The writer (store.c), and what follows it in the same thread
 * (store_follow.c): the records on the file are those from sb.tail_seq
 * (at sb.tail) to disk_seq (disk_head is where the next one goes); the
 * buffer holds the ones after, up to sb.next_seq.
 */
struct log_store {
	int fd;
	char dir[PATH_MAX];
	struct store_super sb;		/* as it will be once the buffer is written */
	uint64_t disk_head, disk_seq;	/* head and next_seq of what is written */
	uint8_t *buf;			/* frames for [buf_off, buf_off + buf_len) */
	size_t buf_len;
	uint64_t buf_off, buf_frames;
	uint64_t buf_events;		/* of buf_frames, extended events (not counted written) */
	const uint64_t *follow_seq;	/* the follower's cursor, when one follows (store_follow.c) */
	uint64_t events_overrun;	/* events evicted ahead of it since store_take_events_overrun() */
	uint64_t events_written;	/* events written since store_take_written_events() */
	uint64_t written;		/* frames written since store_take_written() */
	bool evicted;			/* the buffer overwrites evicted frames */
	struct store_marks marks;
	struct stat marks_st;		/* of the marks file read (inode, time) */
	bool marks_fresh;		/* looked at since the buffer was last written */
	struct store_window w;		/* over the tail, for eviction */
};

/* The writer's own, shared by store.c (appending) and store_open.c (opening, closing). */
#define WBUF (1u << 20)		/* the write buffer */
bool store_empty(const struct log_store *s);
/* Write the superblock saying head and next_seq are on the disk (synced first when sync). */
int store_super_write(struct log_store *s, uint64_t head, uint64_t next_seq, bool sync);
/* The frame at the tail does not hold: on to the next whole one, the records skipped lost. */
void store_skip_damage(struct log_store *s);

#endif
