// SPDX-License-Identifier: GPL-2.0
/*
 * The store's writer: ipsec_logd's side of store.h. Frames are gathered in
 * a buffer of WBUF bytes and written with one pwrite; an overwrite first
 * reads the frames it evicts (their sequence numbers decide what is lost)
 * through a read-ahead window over the tail.
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
#include <zlib.h>

#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"

#define WBUF		(1u << 20)
#define READ_AHEAD	(64u << 10)

struct log_store {
	int fd;
	char dir[PATH_MAX];
	struct store_super sb;		/* as it will be once the buffer is written */
	uint64_t disk_head, disk_seq;	/* head and next_seq of what is written */
	uint8_t *buf;			/* frames for [buf_off, buf_off + buf_len) */
	size_t buf_len;
	uint64_t buf_off;
	bool evicted;			/* the buffer overwrites evicted frames */
	struct store_marks marks;
	struct timespec marks_mtime;
	bool marks_fresh;		/* looked at since the buffer was last written */
	uint8_t *ra;			/* read-ahead over the tail */
	uint64_t ra_off;
	size_t ra_len;
};

static int super_write(struct log_store *s, uint64_t head, uint64_t next_seq, bool sync)
{
	struct store_super sb = s->sb;

	sb.head = head;
	sb.next_seq = next_seq;
	sb.gen = ++s->sb.gen;
	sb.crc = 0;
	sb.crc = (uint32_t)crc32(0L, (const Bytef *)&sb, sizeof(sb));
	if (pwrite(s->fd, &sb, sizeof(sb), (off_t)(sb.gen & 1) * STORE_SUPER_SLOT) != sizeof(sb) ||
	    (sync && fdatasync(s->fd)))
		return -errno ? -errno : -EIO;
	return 0;
}

/* Reread the marks when ipsec_log changed them. */
static void marks_refresh(struct log_store *s)
{
	char path[PATH_MAX];
	struct stat st;

	/* Once per buffer, not per record: a clear takes effect within a write. */
	if (s->marks_fresh)
		return;
	s->marks_fresh = true;
	if (path_build(path, s->dir, STORE_MARKS) || stat(path, &st))
		return;
	if (st.st_mtim.tv_sec == s->marks_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == s->marks_mtime.tv_nsec)
		return;
	if (!store_marks_read(s->dir, s->sb.id, &s->marks))
		s->marks_mtime = st.st_mtim;
}

/* The frame header at data offset off, through the read-ahead window. */
static int tail_frame(struct log_store *s, uint64_t off, const uint8_t **at, size_t *room)
{
	ssize_t n;

	if (off < s->ra_off || off + sizeof(struct log_frame) > s->ra_off + s->ra_len) {
		n = pread(s->fd, s->ra, READ_AHEAD, (off_t)(STORE_DATA_OFF + off));
		if (n < 0)
			return -errno;
		s->ra_off = off;
		s->ra_len = (size_t)n;
	}
	*at = s->ra + (off - s->ra_off);
	*room = s->ra_len - (size_t)(off - s->ra_off);
	return 0;
}

/* Give up the oldest frame (or follow the wrap at the tail). */
static int evict_one(struct log_store *s)
{
	const uint8_t *at = NULL;
	struct log_frame f;
	size_t room = 0;
	uint32_t magic;
	int err;

	if (s->sb.tail + sizeof(f) > s->sb.data_size) {
		s->sb.tail = 0;
		return 0;
	}
	err = tail_frame(s, s->sb.tail, &at, &room);
	if (err)
		return err;
	memcpy(&magic, at, sizeof(magic));
	if (magic == FRAME_WRAP) {
		s->sb.tail = 0;
		return 0;
	}
	s->evicted = true;
	/* A header that does not hold (damage): everything older goes, counted. */
	if (room < sizeof(f) || (memcpy(&f, at, sizeof(f)), f.magic != FRAME_MAGIC) ||
	    f.seq != s->sb.tail_seq || f.len > FRAME_RECORD_MAX ||
	    s->sb.tail + frame_size(f.len) > s->sb.data_size) {
		s->sb.lost += s->sb.next_seq - s->sb.tail_seq;
		s->sb.tail = s->sb.head;
		s->sb.tail_seq = s->sb.next_seq;
		return 0;
	}
	if (f.seq >= s->marks.cleared_seq && f.seq >= s->marks.retrieved_seq)
		s->sb.lost++;
	s->sb.tail += frame_size(f.len);
	s->sb.tail_seq++;
	return 0;
}

static bool store_empty(const struct log_store *s)
{
	return s->sb.tail_seq == s->sb.next_seq;
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
	/* Frames about to overwrite old ones: the tail moves past them first. */
	if (s->evicted)
		err = super_write(s, s->disk_head, s->disk_seq, false);
	if (!err && pwrite(s->fd, s->buf, s->buf_len, (off_t)(STORE_DATA_OFF + s->buf_off)) !=
			    (ssize_t)s->buf_len)
		err = -errno ? -errno : -EIO;
	if (err)
		return err;
	s->evicted = false;
	s->marks_fresh = false;
	s->buf_len = 0;
	s->disk_head = s->sb.head;
	s->disk_seq = s->sb.next_seq;
	s->ra_len = 0;
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
	s->sb.head += need;
	s->sb.next_seq++;
	return 0;
}

int store_flush(struct log_store *s, bool durable)
{
	int err = write_buffer(s);

	if (!err)
		err = super_write(s, s->sb.head, s->sb.next_seq, durable);
	if (err)
		pr_warn("cannot write the log store %s/%s: %s", s->dir, STORE_FILE, strerror(-err));
	return err;
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
	memcpy(s->sb.magic, STORE_SUPER_MAGIC, sizeof(s->sb.magic));
	s->sb.version = 1;
	s->sb.data_size = size;
	s->sb.created = (uint64_t)time(NULL);
	if (getrandom(&s->sb.id, sizeof(s->sb.id), 0) != sizeof(s->sb.id))
		s->sb.id = s->sb.created << 20 ^ (uint64_t)getpid();
	err = super_write(s, 0, 0, false);
	return err ? err : super_write(s, 0, 0, true);
}

/* Frames written after the last superblock: their sequence numbers follow. */
static void recover(struct log_store *s)
{
	uint8_t *frame = s->ra;
	struct log_frame f;
	ssize_t n;

	for (;;) {
		if (s->sb.head + sizeof(f) > s->sb.data_size) {
			s->sb.head = 0;	/* no room for a header: the next is at 0 */
			continue;
		}
		n = pread(s->fd, frame, sizeof(f) + FRAME_RECORD_MAX + 8,
			  (off_t)(STORE_DATA_OFF + s->sb.head));
		if (n < (ssize_t)sizeof(f))
			break;
		memcpy(&f, frame, sizeof(f));
		if (f.seq != s->sb.next_seq)
			break;
		if (f.magic == FRAME_WRAP && s->sb.head) {
			s->sb.head = 0;
			continue;
		}
		if (!frame_check(frame, (size_t)n, &f) ||
		    s->sb.head + frame_size(f.len) > s->sb.data_size) {
			if (f.magic == FRAME_MAGIC)
				s->sb.torn++;	/* begun, never finished */
			break;
		}
		s->sb.head += frame_size(f.len);
		s->sb.next_seq++;
	}
	s->disk_head = s->sb.head;
	s->disk_seq = s->sb.next_seq;
}

/* Whether a whole frame of sequence number seq (any, when 0 and !exact) is at off. */
static bool frame_at(struct log_store *s, uint64_t off, uint64_t seq, bool exact,
		     struct log_frame *f)
{
	size_t want = sizeof(*f) + FRAME_RECORD_MAX + 8;
	ssize_t n;

	if (off + sizeof(*f) > s->sb.data_size)
		return false;
	n = pread(s->fd, s->ra, want, (off_t)(STORE_DATA_OFF + off));
	return n >= (ssize_t)sizeof(*f) && frame_check(s->ra, (size_t)n, f) &&
	       off + frame_size(f->len) <= s->sb.data_size &&
	       (exact ? f->seq == seq : f->seq > seq && f->seq < s->sb.next_seq);
}

/*
 * The first whole frame after off (8-byte steps, round the ring up to the
 * head) whose sequence number is between seq and the head's: its offset,
 * or the head when there is none.
 */
static uint64_t next_whole_frame(struct log_store *s, uint64_t off, uint64_t seq,
				 struct log_frame *f)
{
	uint64_t steps = s->sb.data_size / 8;

	while (steps--) {
		off = off + 8 + sizeof(*f) > s->sb.data_size ? 0 : off + 8;
		if (off == s->sb.head)
			break;
		if (frame_at(s, off, seq, false, f))
			return off;
	}
	return s->sb.head;
}

/*
 * Readers walk from the tail and stop at the first frame that does not
 * hold: frames from the tail to the head must chain. Damage (frames
 * overwritten before a power loss let the superblock move the tail past
 * them) moves the tail to the next whole frame; the records skipped are
 * counted lost. Every frame is read once, when the store is opened.
 */
static void check_chain(struct log_store *s)
{
	uint64_t off = s->sb.tail, seq = s->sb.tail_seq;
	struct log_frame f;

	while (seq < s->sb.next_seq) {
		if (off + sizeof(f) > s->sb.data_size) {
			off = 0;
			continue;
		}
		if (pread(s->fd, &f, sizeof(f), (off_t)(STORE_DATA_OFF + off)) == sizeof(f) &&
		    f.magic == FRAME_WRAP && f.seq == seq && off) {
			off = 0;
			continue;
		}
		if (frame_at(s, off, seq, true, &f)) {
			off += frame_size(f.len);
			seq++;
			continue;
		}
		off = next_whole_frame(s, off, seq, &f);
		if (off == s->sb.head) {	/* nothing whole is left */
			s->sb.lost += s->sb.next_seq - s->sb.tail_seq;
			s->sb.tail = s->sb.head;
			s->sb.tail_seq = s->sb.next_seq;
			return;
		}
		s->sb.lost += f.seq - s->sb.tail_seq;
		s->sb.tail = off;
		s->sb.tail_seq = seq = f.seq;
	}
	/*
	 * The chain ends where the next frame goes. A head inside the last
	 * frame (a damaged superblock: a crash never leaves one) would have
	 * the next record overwrite it.
	 */
	if (s->sb.tail_seq < s->sb.next_seq)
		s->sb.head = off;
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

int store_open(struct log_store **out, const char *dir, uint64_t size)
{
	struct log_store *s = calloc(1, sizeof(*s));
	char path[PATH_MAX];
	struct stat st;
	int err;

	*out = NULL;
	if (!s || !(s->buf = malloc(WBUF)) || !(s->ra = malloc(READ_AHEAD))) {
		store_close(s);
		return -ENOMEM;
	}
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->fd = -1;
	err = make_dirs(dir, 0750);
	if (!err)
		err = path_build(path, dir, STORE_FILE);
	for (int tries = 0; !err && tries < 2; tries++) {
		s->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
		if (s->fd < 0 || fstat(s->fd, &st)) {
			err = -errno;
			pr_err("cannot open the log store %s: %s", path, strerror(-err));
			break;
		}
		if (!S_ISREG(st.st_mode)) {
			pr_err("the log store %s is not a regular file", path);
			err = -EINVAL;
			break;
		}
		if (!st.st_size) {
			err = store_make(s, size);
			break;
		}
		err = store_super_read(s->fd, &s->sb);
		if (!err && s->sb.data_size == size &&
		    (uint64_t)st.st_size >= STORE_DATA_OFF + size)
			break;
		close(s->fd);
		s->fd = -1;
		err = set_aside(s, path, err ? "is damaged (no valid superblock)"
					  : "has another size than log_size");
	}
	if (err) {
		store_close(s);
		return err;
	}
	recover(s);
	check_chain(s);
	/* What recovery found is kept: the next reader starts from it. */
	err = super_write(s, s->sb.head, s->sb.next_seq, true);
	if (err) {
		pr_err("cannot write the log store %s: %s", path, strerror(-err));
		store_close(s);
		return err;
	}
	store_marks_read(dir, s->sb.id, &s->marks);
	*out = s;
	return 0;
}

void store_close(struct log_store *s)
{
	if (!s)
		return;
	if (s->fd >= 0) {
		store_flush(s, true);
		close(s->fd);
	}
	free(s->buf);
	free(s->ra);
	free(s);
}
