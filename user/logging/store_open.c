// SPDX-License-Identifier: GPL-2.0
/*
 * The store's writer, opening and closing: a new store made whole, one
 * found on the disk recovered (what its superblocks say checked against
 * the frames there), one of another size set aside.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"

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
	err = store_super_write(s, 0, 0, false);
	return err ? err : store_super_write(s, 0, 0, true);
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
		store_skip_damage(s);
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
