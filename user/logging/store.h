/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The log store: EBFILT_LOGDIR/ebfilt.log, a file of fixed size (log_size
 * in ebfilt.conf) that ipsec_logd fills with framed records (frame.h) and
 * that wraps, overwriting the oldest. Its blocks are allocated when it is
 * made, so a disk another program fills cannot take its room.
 *
 * Layout: two superblocks (at 0 and 2048, the newer valid one counts), then
 * the data area, a ring of frames in sequence order from tail to head; a
 * frame never straddles the end (a FRAME_WRAP header, or less room than a
 * header, sends the reader back to the start). Crash safety: before frames
 * overwrite old ones, a superblock moving the tail past them is written
 * and synced, so the tail always points at frames that are there. Frames
 * are written to the page cache after every batch (a killed writer loses
 * none) and synced once a second; only then does a superblock call them
 * synced. Opening walks from the last synced frame (or the tail) while
 * sequence numbers follow and CRCs hold: that is the head, whatever a
 * newer superblock said; what it said beyond is counted torn (it never
 * reached the disk), and so is a frame begun and never finished.
 *
 * ipsec_log keeps its marks beside the store (EBFILT_LOGDIR/ebfilt.log.marks):
 * where the last clear was, who made it and when, and how far records were
 * retrieved. An overwritten record that was neither cleared nor retrieved
 * is counted lost.
 *
 * Functions return 0 or a negative errno after reporting the problem,
 * unless they say otherwise. One writer (ipsec_logd); any number of readers.
 */
#ifndef EBFILT_LOGGING_STORE_H
#define EBFILT_LOGGING_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logging/frame.h"

#define STORE_FILE	"ebfilt.log"
#define STORE_MARKS	"ebfilt.log.marks"
#define STORE_DATA_OFF	4096		/* where the data area starts */
#define STORE_MIN_SIZE	(1u << 20)	/* smallest data area */

struct store_super {
	char magic[8];		/* "EBFLOG1" */
	uint32_t version;	/* 1 */
	uint32_t crc;		/* CRC-32 of this struct with crc 0 */
	uint64_t gen;		/* the newer of the two superblocks counts */
	uint64_t data_size;	/* bytes of the data area */
	uint64_t head, tail;	/* offsets in the data area: next frame, oldest frame */
	uint64_t next_seq;	/* sequence number of the next record */
	uint64_t tail_seq;	/* that of the oldest (== next_seq: empty) */
	uint64_t synced_head;	/* the frames before it, from synced_seq down, */
	uint64_t synced_seq;	/* were on the disk when this was written */
	uint64_t lost;		/* records overwritten before anyone retrieved them */
	uint64_t torn;		/* records found torn, or never written, when opened */
	uint64_t created;	/* CLOCK_REALTIME seconds */
	uint64_t id;		/* random, made with the store: marks name it */
};

struct store_marks {
	uint64_t store_id;	/* the store they are of (a new store has none) */
	uint64_t cleared_seq;	/* records before it are cleared */
	uint64_t retrieved_seq;	/* records before it were retrieved (get) */
	int64_t cleared_at;	/* CLOCK_REALTIME seconds, 0: never cleared */
	char cleared_by[128];	/* -U text, "" when none was given */
};

/* Writing (ipsec_logd). */
struct log_store;

/*
 * Open the store in dir with a data area of size bytes, making it (with
 * its blocks allocated) when there is none. A store of another size is
 * set aside as ebfilt.log.old and a new one made (said).
 */
int store_open(struct log_store **s, const char *dir, uint64_t size);
/* Add a record (buffered; written by store_flush or when the buffer fills). */
int store_append(struct log_store *s, const void *record, size_t len,
		 const struct frame_iface *iface);
/*
 * Write what is buffered, then the superblock: in the page cache at once
 * (a killed writer loses nothing written), on the disk when durable.
 * Not reported: the caller says a failing store once in a while.
 */
int store_flush(struct log_store *s, bool durable);
/*
 * Records written to the file since the last call. Extended events
 * (EBFILT_REC_EVENT) are kept like records but not counted here: the
 * daemon's accounts are of the kernel's records.
 */
uint64_t store_take_written(struct log_store *s);
/*
 * Of the frames a follower was overrun by (store_follow_take_overrun),
 * the events, since the last call: they are not records lost.
 */
uint64_t store_take_events_overrun(struct log_store *s);
/* Extended events written to the file since the last call. */
uint64_t store_take_written_events(struct log_store *s);
/* Flush and close (NULL: nothing); the records (events aside) that could not be written. */
uint64_t store_close(struct log_store *s);
/* The store's id (superblock), and the sequence number the next record written will have. */
uint64_t store_id(const struct log_store *s);
uint64_t store_next_written(const struct log_store *s);

/*
 * Following the store from inside its writer, in the writer's thread
 * (ipsec_logd's forwarder to syslog): the records written to the file, in
 * order, read in chunks as far as the writer has written, behind a cursor
 * (a sequence number, and its offset) the caller may keep across
 * restarts. Records the writer overwrites before the cursor reaches them
 * are counted, and the cursor moves on to the oldest one left.
 */
struct store_follow;

/*
 * Follow s from its record seq; off is where that record was, a hint
 * checked before it is believed. A seq older than the oldest record
 * starts there (the ones between counted as overrun); one past the last
 * record written starts with the next one to come. One follower at a
 * time, closed before its store. 0 or -ENOMEM.
 */
int store_follow_open(struct store_follow **f, struct log_store *s, uint64_t seq, uint64_t off);
/*
 * The next record: 1 with *frame and *record (valid until the next call),
 * 0 when the cursor is at the last record written, -errno when the file
 * could not be read (not reported).
 */
int store_follow_next(struct store_follow *f, struct log_frame *frame, const void **record);
/* The cursor: the next record's sequence number, and its offset in the data area. */
uint64_t store_follow_seq(const struct store_follow *f);
uint64_t store_follow_off(const struct store_follow *f);
/* Records written and not followed yet. */
uint64_t store_follow_behind(const struct store_follow *f);
/*
 * Records skipped since the last call: overwritten before the cursor
 * reached them, or (a disk's damage) no longer whole.
 */
uint64_t store_follow_take_overrun(struct store_follow *f);
void store_follow_close(struct store_follow *f);

/* Reading (ipsec_log). */
struct store_reader;

/* Open the store of dir read-only: -ENOENT (not reported) when there is none. */
int store_reader_open(struct store_reader **r, const char *dir);
/*
 * The next record whose sequence number is at least from (the first call
 * sets where reading starts): 1 with *f and *record (valid until the next
 * call), 0 at the end. Records the writer overwrote while they were being
 * read, and records in a damaged part of the file, are skipped and
 * counted in store_reader_skipped().
 */
int store_reader_next(struct store_reader *r, uint64_t from, struct log_frame *f,
		      const void **record);
uint64_t store_reader_skipped(const struct store_reader *r);
/* The superblock the reader started from. */
const struct store_super *store_reader_super(const struct store_reader *r);
void store_reader_close(struct store_reader *r);

/*
 * The marks of the store whose id is store_id: all zero (but the id) when
 * there are none yet, or when they are another store's (one set aside).
 */
int store_marks_read(const char *dir, uint64_t store_id, struct store_marks *m);
/* Replace them atomically (the caller holds lock_acquire(dir)). */
int store_marks_write(const char *dir, const struct store_marks *m);

#endif
