// SPDX-License-Identifier: GPL-2.0
/*
 * The walk over the store's frames that the writer (eviction, recovery)
 * and the readers share, through a window read a megabyte at a time; and
 * the superblocks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/store_impl.h"
#include "util/crc32c.h"

#define FRAME_MAX (sizeof(struct log_frame) + FRAME_RECORD_MAX + 8)

static uint32_t super_crc(const struct store_super *sb)
{
	struct store_super copy = *sb;

	copy.crc = 0;
	return crc32c(0, &copy, sizeof(copy));
}

static bool super_valid(const struct store_super *sb)
{
	return !memcmp(sb->magic, STORE_SUPER_MAGIC, sizeof(STORE_SUPER_MAGIC)) &&
	       sb->version == 2 && sb->crc == super_crc(sb) &&
	       sb->data_size >= sizeof(struct log_frame) && sb->head < sb->data_size &&
	       sb->tail < sb->data_size && sb->tail_seq <= sb->next_seq &&
	       sb->synced_head < sb->data_size && sb->synced_seq <= sb->next_seq;
}

int store_super_read(int fd, struct store_super *sb)
{
	struct store_super slot[2];
	bool ok[2];
	int i;

	for (i = 0; i < 2; i++)
		ok[i] = pread(fd, &slot[i], sizeof(slot[i]), (off_t)i * STORE_SUPER_SLOT) ==
				(ssize_t)sizeof(slot[i]) && super_valid(&slot[i]);
	if (!ok[0] && !ok[1])
		return -EINVAL;
	i = ok[0] && ok[1] ? slot[1].gen > slot[0].gen : ok[1];
	*sb = slot[i];
	return 0;
}

int store_super_put(int fd, struct store_super *sb, bool sync)
{
	memcpy(sb->magic, STORE_SUPER_MAGIC, sizeof(sb->magic));
	sb->version = 2;
	sb->crc = super_crc(sb);
	if (pwrite(fd, sb, sizeof(*sb), (off_t)(sb->gen & 1) * STORE_SUPER_SLOT) !=
	    (ssize_t)sizeof(*sb) || (sync && fdatasync(fd)))
		return errno ? -errno : -EIO;
	return 0;
}

int store_window_init(struct store_window *w, int fd, uint64_t data_size)
{
	*w = (struct store_window){ .fd = fd, .data_size = data_size };
	w->buf = malloc(STORE_WINDOW);
	return w->buf ? 0 : -ENOMEM;
}

void store_window_free(struct store_window *w)
{
	free(w->buf);
	w->buf = NULL;
}

void store_window_forget(struct store_window *w)
{
	w->len = 0;
}

/* The bytes from off: a whole frame's worth where the data area has them. */
static const uint8_t *window_at(struct store_window *w, uint64_t off, size_t *room)
{
	uint64_t want = off + FRAME_MAX < w->data_size ? off + FRAME_MAX : w->data_size;
	ssize_t n;

	if (off < w->off || want > w->off + w->len) {
		n = pread(w->fd, w->buf, STORE_WINDOW, (off_t)(STORE_DATA_OFF + off));
		if (n < 0) {
			w->err = -errno;
			return NULL;
		}
		w->off = off;
		w->len = (size_t)n;
	}
	*room = w->len - (size_t)(off - w->off);
	if (*room > w->data_size - off)
		*room = (size_t)(w->data_size - off);
	return w->buf + (off - w->off);
}

enum frame_at store_frame_at(struct store_window *w, uint64_t off, uint64_t seq,
			     struct log_frame *f, const uint8_t **record)
{
	const uint8_t *at;
	size_t room;

	if (off + sizeof(*f) > w->data_size)
		return FRAME_AT_WRAP;
	at = window_at(w, off, &room);
	if (!at)
		return FRAME_AT_ERROR;
	if (room < sizeof(*f))
		return FRAME_AT_NONE;
	memcpy(f, at, sizeof(*f));
	if (f->magic == FRAME_WRAP && f->seq == seq && off)
		return FRAME_AT_WRAP;
	if (frame_check(at, room, f) && f->seq == seq) {
		*record = at + sizeof(*f);
		return FRAME_AT_RECORD;
	}
	return f->magic == FRAME_MAGIC && f->seq == seq ? FRAME_AT_TORN : FRAME_AT_NONE;
}

/* Whether a whole frame numbered from first up to end starts at off: 1, 0, or -1 (a read failed). */
static int whole_at(struct store_window *w, uint64_t off, uint64_t first, uint64_t end,
		    struct log_frame *f)
{
	const uint8_t *at;
	size_t room;

	if (off + sizeof(*f) > w->data_size)
		return 0;
	at = window_at(w, off, &room);
	if (!at)
		return -1;
	return room >= sizeof(*f) && frame_check(at, room, f) && f->seq >= first && f->seq < end;
}

uint64_t store_next_whole(struct store_window *w, uint64_t off, uint64_t stop, uint64_t first,
			  uint64_t end, struct log_frame *f)
{
	uint64_t steps = w->data_size / 8;

	/*
	 * The frame at off itself first: the one expected there is missing,
	 * but a later one may stand in its place (records numbered and never
	 * written, then the writer went on from there).
	 */
	if (off != stop && whole_at(w, off, first, end, f) > 0)
		return off;
	while (steps--) {
		int found;

		off = off + 8 + sizeof(*f) > w->data_size ? 0 : off + 8;
		if (off == stop)
			break;
		found = whole_at(w, off, first, end, f);
		if (found)
			return found > 0 ? off : stop;
	}
	return stop;
}
