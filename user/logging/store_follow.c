// SPDX-License-Identifier: GPL-2.0
/*
 * Following the store inside its writer (store.h): the cursor reads the
 * frames the writer has put on the file, a chunk at a time and never
 * past what it has written, so a new record costs a read of its own bytes
 * and not of a whole window. Writer and follower share a thread, so the
 * writer never moves while a frame is read: the frames from the writer's
 * tail to its written head are whole (the writer moves its tail past
 * frames before it overwrites them), and a cursor behind that tail has
 * been overrun.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/store_impl.h"

#define CHUNK (256u << 10)

struct store_follow {
	struct log_store *s;
	uint64_t off, seq;	/* the next record */
	uint8_t *buf;		/* bytes [buf_off, buf_off + buf_len) of the data area */
	uint64_t buf_off;
	size_t buf_len;
	uint64_t overrun;
};

static void jump(struct store_follow *f, uint64_t off, uint64_t seq)
{
	f->off = off;
	f->seq = seq;
	f->buf_len = 0;
}

/* The cursor behind the writer's tail: what went is counted, the oldest left is next. */
static void catch_up(struct store_follow *f)
{
	const struct log_store *s = f->s;

	if (f->seq >= s->sb.tail_seq)
		return;
	f->overrun += s->sb.tail_seq - f->seq;
	jump(f, s->sb.tail, s->sb.tail_seq);
}

/* Read from the cursor as far as the writer has written (to the area's end when it wrapped). */
static int fill(struct store_follow *f)
{
	const struct log_store *s = f->s;
	uint64_t end = s->disk_head > f->off ? s->disk_head : s->sb.data_size;
	size_t want = end - f->off < CHUNK ? (size_t)(end - f->off) : CHUNK;
	ssize_t n = pread(s->fd, f->buf, want, (off_t)(STORE_DATA_OFF + f->off));

	if (n < 0)
		return -errno;
	f->buf_off = f->off;
	f->buf_len = (size_t)n;
	return 0;
}

/*
 * The frame at the cursor does not hold, though the writer says it is
 * there (a disk's damage): on to the next whole frame, what was skipped
 * counted.
 */
static void skip_damage(struct store_follow *f)
{
	struct log_store *s = f->s;
	struct log_frame fr;
	uint64_t off = store_next_whole(&s->w, f->off, s->disk_head, f->seq, s->disk_seq, &fr);

	if (off == s->disk_head) {
		f->overrun += s->disk_seq - f->seq;
		jump(f, s->disk_head, s->disk_seq);
	} else {
		f->overrun += fr.seq - f->seq;
		jump(f, off, fr.seq);
	}
}

/* Bytes of the chunk from the cursor on: 0 when the cursor is not in it. */
static size_t chunk_room(const struct store_follow *f)
{
	if (!f->buf_len || f->off < f->buf_off || f->off >= f->buf_off + f->buf_len)
		return 0;
	return (size_t)(f->buf_off + f->buf_len - f->off);
}

int store_follow_next(struct store_follow *f, struct log_frame *frame, const void **record)
{
	const struct log_store *s = f->s;
	const uint8_t *at;
	bool fresh = false;	/* the chunk was just read from the cursor */
	struct log_frame h;
	size_t room;
	int err;

	for (;;) {
		catch_up(f);
		if (f->seq >= s->disk_seq)
			return 0;
		if (f->off + sizeof(h) > s->sb.data_size) {	/* no room for a header: at 0 */
			jump(f, 0, f->seq);
			continue;
		}
		room = chunk_room(f);
		at = room ? f->buf + (f->off - f->buf_off) : NULL;
		if (room >= sizeof(h)) {
			memcpy(&h, at, sizeof(h));
			if (h.magic == FRAME_WRAP && h.seq == f->seq) {
				jump(f, 0, f->seq);
				continue;
			}
			if (h.len > FRAME_RECORD_MAX || frame_size(h.len) > room)
				room = 0;
		} else {
			room = 0;
		}
		if (!room && !fresh) {	/* the frame goes past the chunk: read on from it */
			if ((err = fill(f)))
				return err;
			fresh = true;
			continue;
		}
		if (room && frame_check(at, room, frame) && frame->seq == f->seq) {
			*record = at + sizeof(*frame);
			f->off += frame_size(frame->len);
			f->seq++;
			return 1;
		}
		skip_damage(f);
		fresh = false;
	}
}

/*
 * Where record seq is: at off when the frame there says so, else walked
 * to from the tail (a hint that does not hold: a store made anew, or
 * recovered to an earlier head). Damage on the way is skipped and counted.
 */
static void find(struct store_follow *f, uint64_t seq, uint64_t off)
{
	struct log_store *s = f->s;
	enum frame_at at;
	const uint8_t *rec;
	struct log_frame fr;
	uint64_t n;

	if (off < s->sb.data_size) {
		at = store_frame_at(&s->w, off, seq, &fr, &rec);
		if (at == FRAME_AT_WRAP)
			at = store_frame_at(&s->w, off = 0, seq, &fr, &rec);
		if (at == FRAME_AT_RECORD) {
			jump(f, off, seq);
			return;
		}
	}
	for (off = s->sb.tail, n = s->sb.tail_seq; n < seq;) {
		switch (store_frame_at(&s->w, off, n, &fr, &rec)) {
		case FRAME_AT_RECORD:
			off += frame_size(fr.len);
			n++;
			continue;
		case FRAME_AT_WRAP:
			off = 0;
			continue;
		default:
			off = store_next_whole(&s->w, off, s->disk_head, n, s->disk_seq, &fr);
			if (off == s->disk_head) {
				f->overrun += s->disk_seq - seq;
				jump(f, s->disk_head, s->disk_seq);
				return;
			}
			if (fr.seq > seq)	/* the damage took seq itself */
				f->overrun += fr.seq - seq;
			n = fr.seq;
			if (n >= seq) {
				jump(f, off, n);
				return;
			}
			continue;
		}
	}
	jump(f, off, seq);
}

int store_follow_open(struct store_follow **out, struct log_store *s, uint64_t seq, uint64_t off)
{
	struct store_follow *f = calloc(1, sizeof(*f));

	*out = NULL;
	if (!f || !(f->buf = malloc(CHUNK))) {
		free(f);
		return -ENOMEM;
	}
	f->s = s;
	s->follow_seq = &f->seq;
	if (seq >= s->disk_seq) {
		jump(f, s->disk_head, s->disk_seq);
	} else if (seq < s->sb.tail_seq) {
		f->seq = seq;
		catch_up(f);
	} else {
		find(f, seq, off);
	}
	*out = f;
	return 0;
}

uint64_t store_follow_seq(const struct store_follow *f)
{
	return f->seq;
}

uint64_t store_follow_off(const struct store_follow *f)
{
	return f->off;
}

uint64_t store_follow_behind(const struct store_follow *f)
{
	return f->s->disk_seq > f->seq ? f->s->disk_seq - f->seq : 0;
}

uint64_t store_follow_take_overrun(struct store_follow *f)
{
	uint64_t n = f->overrun;

	f->overrun = 0;
	return n;
}

void store_follow_close(struct store_follow *f)
{
	if (!f)
		return;
	f->s->follow_seq = NULL;
	free(f->buf);
	free(f);
}
