// SPDX-License-Identifier: GPL-2.0
/*
 * The store's writer: ipsec_logd's side of store.h. Frames are gathered in
 * a buffer of WBUF bytes and written with one pwrite; an overwrite first
 * reads the frames it evicts (their sequence numbers decide what is lost)
 * through the shared window (store_walk.c).
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ebfilt/record.h"
#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"

#define WBUF (1u << 20)

static int super_write(struct log_store *s, uint64_t head, uint64_t next_seq, bool sync)
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

static bool store_empty(const struct log_store *s)
{
	return s->sb.tail_seq == s->sb.next_seq;
}

/*
 * The frame at the tail does not hold (a disk's damage, or a hostile
 * file): the tail moves to the next whole frame on the disk, or else to
 * the first of those still in the buffer, counting the records skipped as
 * lost.
 */
static void skip_damage(struct log_store *s)
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
		skip_damage(s);
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
		err = super_write(s, s->disk_head, s->disk_seq, true);
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
	return err ? err : super_write(s, s->disk_head, s->disk_seq, durable);
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

/* A new store: its blocks allocated, both superblocks written. */
static int store_make(struct log_store *s, uint64_t size)
{
	int err = posix_fallocate(s->fd, 0, (off_t)(STORE_DATA_OFF + size));

	if (err) {
		pr_err("cannot reserve %llu MiB for the log store in %s: %s",
		       (unsigned long long)(size >> 20), s->dir, strerror(err));
		return -err;
	}
	memset(&s->sb, 0, sizeof(s->sb));
	s->sb.data_size = size;
	s->sb.created = (uint64_t)time(NULL);
	if (getrandom(&s->sb.id, sizeof(s->sb.id), 0) != sizeof(s->sb.id))
		s->sb.id = s->sb.created << 20 ^ (uint64_t)getpid();
	err = super_write(s, 0, 0, false);
	return err ? err : super_write(s, 0, 0, true);
}

/*
 * The head is where frames stop following each other, walking from the
 * last synced frame (or the tail, when it has moved past it): frames
 * written after the last superblock are kept; what a superblock said was
 * there but never reached the disk, and a frame begun and never finished,
 * are counted torn.
 */
static int recover(struct log_store *s)
{
	bool from_synced = s->sb.synced_seq >= s->sb.tail_seq;
	uint64_t off = from_synced ? s->sb.synced_head : s->sb.tail;
	uint64_t seq = from_synced ? s->sb.synced_seq : s->sb.tail_seq;
	const uint8_t *rec;
	struct log_frame f;

	for (;;) {
		switch (store_frame_at(&s->w, off, seq, &f, &rec)) {
		case FRAME_AT_RECORD:
			off += frame_size(f.len);
			seq++;
			continue;
		case FRAME_AT_WRAP:
			if (!off)
				break;
			off = 0;
			continue;
		case FRAME_AT_TORN:	/* begun after the last superblock (else counted below) */
			s->sb.torn += seq >= s->sb.next_seq;
			break;
		case FRAME_AT_ERROR:
			return s->w.err;
		case FRAME_AT_NONE:
			break;
		}
		break;
	}
	if (seq < s->sb.next_seq)
		s->sb.torn += s->sb.next_seq - seq;
	s->sb.head = s->disk_head = off;
	s->sb.next_seq = s->disk_seq = seq;
	if (s->sb.tail_seq > seq) {	/* nothing left of what the tail pointed at */
		s->sb.tail = off;
		s->sb.tail_seq = seq;
	}
	return 0;
}

/*
 * The tail must be a whole frame: damage there (a disk's, since the tail
 * moves on the disk before anything overwrites it) moves it on.
 */
static void check_tail(struct log_store *s)
{
	const uint8_t *rec;
	struct log_frame f;

	while (!store_empty(s)) {
		switch (store_frame_at(&s->w, s->sb.tail, s->sb.tail_seq, &f, &rec)) {
		case FRAME_AT_RECORD:
			return;
		case FRAME_AT_WRAP:
			if (s->sb.tail) {
				s->sb.tail = 0;
				continue;
			}
			break;
		default:
			break;
		}
		skip_damage(s);
	}
}

/* A store that cannot be kept (another size, damaged): set aside, said. */
static int set_aside(struct log_store *s, const char *path, const char *why)
{
	char old[PATH_MAX];
	int err = path_build(old, s->dir, "%s.old", STORE_FILE);

	if (!err && rename(path, old))
		err = -errno;
	if (err) {
		pr_err("the log store %s %s and cannot be set aside: %s", path, why,
		       strerror(-err));
		return err;
	}
	pr_warn("the log store %s %s: set aside as %s, a new one made", path, why, old);
	return 0;
}

/* The store file, kept or made: 0, or -errno (said). */
static int open_file(struct log_store *s, const char *path, uint64_t size)
{
	struct stat st;
	int tries, err = 0;

	for (tries = 0; tries < 2; tries++) {
		s->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
		if (s->fd < 0 || fstat(s->fd, &st)) {
			err = -errno;
			pr_err("cannot open the log store %s: %s", path, strerror(-err));
			return err;
		}
		if (!S_ISREG(st.st_mode)) {
			pr_err("the log store %s is not a regular file", path);
			return -EINVAL;
		}
		if (!st.st_size)
			return store_make(s, size);
		err = store_super_read(s->fd, &s->sb);
		if (!err && s->sb.data_size == size && (uint64_t)st.st_size >= STORE_DATA_OFF + size)
			return 0;
		close(s->fd);
		s->fd = -1;
		err = set_aside(s, path, err ? "is damaged (no valid superblock)"
					  : "has another size than log_size");
		if (err)
			return err;
	}
	return -EIO;
}

int store_open(struct log_store **out, const char *dir, uint64_t size)
{
	struct log_store *s = calloc(1, sizeof(*s));
	char path[PATH_MAX];
	int err;

	*out = NULL;
	if (!s || !(s->buf = malloc(WBUF))) {
		free(s);
		return -ENOMEM;
	}
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->fd = -1;
	err = make_dirs(dir, 0750);
	if (!err)
		err = path_build(path, dir, STORE_FILE);
	if (!err)
		err = open_file(s, path, size);
	if (!err)
		err = store_window_init(&s->w, s->fd, s->sb.data_size);
	if (!err && (err = recover(s)))
		pr_err("cannot read the log store %s: %s", path, strerror(-err));
	if (!err) {
		check_tail(s);
		/* What recovery found is kept: the next reader starts from it. */
		err = store_flush(s, true);
		if (err)
			pr_err("cannot write the log store %s: %s", path, strerror(-err));
	}
	if (err) {
		store_close(s);
		return err;
	}
	store_marks_read(dir, s->sb.id, &s->marks);
	*out = s;
	return 0;
}

uint64_t store_close(struct log_store *s)
{
	uint64_t unwritten = 0;

	if (!s)
		return 0;
	if (s->fd >= 0) {
		if (store_flush(s, true))
			unwritten = s->buf_frames - s->buf_events;
		close(s->fd);
	}
	store_window_free(&s->w);
	free(s->buf);
	free(s);
	return unwritten;
}
