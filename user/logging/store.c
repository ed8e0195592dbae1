// SPDX-License-Identifier: GPL-2.0
/*
 * The store's writer: ipsec_logd's side of store.h. Frames are gathered in
 * a buffer of WBUF bytes and written with one pwrite; an overwrite first
 * reads the frames it evicts (their sequence numbers decide what is lost)
 * through the shared window (store_walk.c). Opening and closing are in
 * store_open.c.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ebfilt/record.h"
#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"

int store_super_write(struct log_store *s, uint64_t head, uint64_t next_seq, bool sync)
{
	struct store_super sb = s->sb;

	sb.head = head;
	sb.next_seq = next_seq;
	sb.gen = ++s->sb.gen;
	return store_super_put(s->fd, &sb, sync);
}

/*
 * Reread the marks when ipsec_log replaced them (a new inode: they are
 * written by rename), at most once per buffer written.
 */
static void marks_refresh(struct log_store *s)
{
	char path[PATH_MAX];
	struct stat st;

	if (s->marks_fresh)
		return;
	s->marks_fresh = true;
	if (path_build(path, s->dir, STORE_MARKS) || stat(path, &st))
		return;
	if (st.st_ino == s->marks_st.st_ino && st.st_mtim.tv_sec == s->marks_st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == s->marks_st.st_mtim.tv_nsec)
		return;
	if (!store_marks_read(s->dir, s->sb.id, &s->marks))
		s->marks_st = st;
}

bool store_empty(const struct log_store *s)
{
	return s->sb.tail_seq == s->sb.next_seq;
}

/*
 * The frame at the tail does not hold (a disk's damage, or a hostile
 * file): the tail moves to the next whole frame on the disk, or else to
 * the first of those still in the buffer, counting the records skipped as
 * lost.
 */
void store_skip_damage(struct log_store *s)
{
	struct log_frame f;
	uint64_t off = store_next_whole(&s->w, s->sb.tail, s->disk_head, s->sb.tail_seq,
					s->disk_seq, &f);

	s->evicted = true;
	if (off == s->disk_head) {
		s->sb.lost += s->disk_seq - s->sb.tail_seq;
		s->sb.tail = s->disk_head;
		s->sb.tail_seq = s->disk_seq;
		return;
	}
	s->sb.lost += f.seq - s->sb.tail_seq;
	s->sb.tail = off;
	s->sb.tail_seq = f.seq;
}

static bool is_event(const void *record, size_t len)
{
	return len >= sizeof(struct ebfilt_rec_hdr) &&
	       ((const uint8_t *)record)[offsetof(struct ebfilt_rec_hdr, type)] == EBFILT_REC_EVENT;
}

/* Give up the oldest frame (or follow the wrap at the tail). */
static int evict_one(struct log_store *s)
{
	struct log_frame f;
	const uint8_t *rec;

	switch (store_frame_at(&s->w, s->sb.tail, s->sb.tail_seq, &f, &rec)) {
	case FRAME_AT_WRAP:
		s->sb.tail = 0;
		return 0;
	case FRAME_AT_RECORD:
		s->evicted = true;
		/* Events make way as the oldest of a bounded log; records are counted. */
		if (f.seq >= s->marks.cleared_seq && f.seq >= s->marks.retrieved_seq &&
		    !is_event(rec, f.len))
			s->sb.lost++;
		/* The follower counts what went past it; it must know which were events. */
		if (s->follow_seq && f.seq >= *s->follow_seq && is_event(rec, f.len))
			s->events_overrun++;
		s->sb.tail += frame_size(f.len);
		s->sb.tail_seq++;
		return 0;
	case FRAME_AT_ERROR:
		return s->w.err;
	default:
		store_skip_damage(s);
		return 0;
	}
}

/* Evict until need bytes at head are free. */
static int make_room(struct log_store *s, size_t need)
{
	int err = 0;

	while (!err && !store_empty(s) && s->sb.tail >= s->sb.head &&
	       s->sb.tail < s->sb.head + need)
		err = evict_one(s);
	return err;
}

static int write_buffer(struct log_store *s)
{
	int err = 0;

	if (!s->buf_len)
		return 0;
	/* Frames about to overwrite old ones: the tail moves past them first, on the disk. */
	if (s->evicted)
		err = store_super_write(s, s->disk_head, s->disk_seq, true);
	if (!err && pwrite(s->fd, s->buf, s->buf_len, (off_t)(STORE_DATA_OFF + s->buf_off)) !=
			    (ssize_t)s->buf_len)
		err = errno ? -errno : -EIO;
	if (err)
		return err;
	s->written += s->buf_frames - s->buf_events;
	s->events_written += s->buf_events;
	s->evicted = s->marks_fresh = false;
	s->buf_len = s->buf_frames = s->buf_events = 0;
	s->disk_head = s->sb.head;
	s->disk_seq = s->sb.next_seq;
	store_window_forget(&s->w);
	return 0;
}

/* Start the next lap: a wrap mark where there is room for one, then offset 0. */
static int wrap(struct log_store *s)
{
	struct log_frame mark = { .magic = FRAME_WRAP, .seq = s->sb.next_seq };
	int err;

	/* Frames of the last lap between head and the end go first. */
	while (!store_empty(s) && s->sb.tail >= s->sb.head)
		if ((err = evict_one(s)))
			return err;
	if (s->sb.head + sizeof(mark) <= s->sb.data_size) {
		memcpy(s->buf + s->buf_len, &mark, sizeof(mark));
		s->buf_len += sizeof(mark);
	}
	err = write_buffer(s);
	if (err)
		return err;
	s->sb.head = s->buf_off = 0;
	if (store_empty(s))
		s->sb.tail = 0;
	return 0;
}

int store_append(struct log_store *s, const void *record, size_t len,
		 const struct frame_iface *iface)
{
	size_t need = frame_size(len);
	int err;

	if (len > FRAME_RECORD_MAX)
		return -EINVAL;
	if (s->buf_len + need + sizeof(struct log_frame) > WBUF && (err = write_buffer(s)))
		return err;
	if (!s->buf_len)
		s->buf_off = s->sb.head;
	if (s->sb.head + need > s->sb.data_size && (err = wrap(s)))
		return err;
	if (store_empty(s)) {	/* nothing to keep: start the ring where the head is */
		s->sb.tail = s->sb.head;
	} else {
		marks_refresh(s);
		if ((err = make_room(s, need)))
			return err;
	}
	s->buf_len += frame_encode(s->buf + s->buf_len, s->sb.next_seq, iface, record, len);
	s->buf_frames++;
	if (is_event(record, len))
		s->buf_events++;
	s->sb.head += need;
	s->sb.next_seq++;
	return 0;
}

int store_flush(struct log_store *s, bool durable)
{
	int err = write_buffer(s);

	/* Synced data first: only then may a superblock call it synced. */
	if (!err && durable) {
		if (fdatasync(s->fd))
			return -errno;
		s->sb.synced_head = s->disk_head;
		s->sb.synced_seq = s->disk_seq;
	}
	return err ? err : store_super_write(s, s->disk_head, s->disk_seq, durable);
}

uint64_t store_take_written_events(struct log_store *s)
{
	uint64_t n = s->events_written;

	s->events_written = 0;
	return n;
}

uint64_t store_take_events_overrun(struct log_store *s)
{
	uint64_t n = s->events_overrun;

	s->events_overrun = 0;
	return n;
}

uint64_t store_take_written(struct log_store *s)
{
	uint64_t n = s->written;

	s->written = 0;
	return n;
}

uint64_t store_id(const struct log_store *s)
{
	return s->sb.id;
}

uint64_t store_next_written(const struct log_store *s)
{
	return s->disk_seq;
}

