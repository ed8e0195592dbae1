// SPDX-License-Identifier: GPL-2.0
/*
 * The store's readers (ipsec_log): the walk over the records in sequence
 * order, and the marks file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/file.h"
#include "util/paths.h"

struct store_reader {
	int fd;
	struct store_super sb;
	struct store_window w;
	uint64_t off, seq;	/* the next frame to read, and its sequence number */
	uint64_t skipped;
	char path[PATH_MAX];
};

int store_reader_open(struct store_reader **out, const char *dir)
{
	struct store_reader *r = calloc(1, sizeof(*r));
	int err;

	*out = NULL;
	if (!r)
		return -ENOMEM;
	r->fd = -1;
	err = path_build(r->path, dir, STORE_FILE);
	r->fd = err ? -1 : open(r->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (!err && r->fd < 0) {
		err = -errno;
		if (err != -ENOENT)
			pr_err("cannot open the log store %s: %s", r->path, strerror(-err));
	}
	if (!err && store_super_read(r->fd, &r->sb)) {
		pr_err("%s is not a log store (no valid superblock)", r->path);
		err = -EINVAL;
	}
	if (!err)
		err = store_window_init(&r->w, r->fd, r->sb.data_size);
	if (err) {
		store_reader_close(r);
		return err;
	}
	r->off = r->sb.tail;
	r->seq = r->sb.tail_seq;
	*out = r;
	return 0;
}

/*
 * The frame expected is not there, before the last record the writer has
 * said it wrote: it went past us (frames overwritten while we read: start
 * again from its tail), or the file is damaged here (go on from the next
 * whole frame). Either way what went is counted. False at the end.
 */
static bool skip_ahead(struct store_reader *r)
{
	struct store_super now;
	struct log_frame f;
	uint64_t off;

	if (store_super_read(r->fd, &now) || r->seq >= now.next_seq)
		return false;
	store_window_forget(&r->w);
	if (now.tail_seq > r->seq) {
		r->skipped += now.tail_seq - r->seq;
		r->off = now.tail;
		r->seq = now.tail_seq;
		return true;
	}
	off = store_next_whole(&r->w, r->off, now.head, r->seq, now.next_seq, &f);
	if (off == now.head)
		return false;
	r->skipped += f.seq - r->seq;
	r->off = off;
	r->seq = f.seq;
	return true;
}

int store_reader_next(struct store_reader *r, uint64_t from, struct log_frame *f,
		      const void **record)
{
	const uint8_t *rec;

	for (;;) {
		switch (store_frame_at(&r->w, r->off, r->seq, f, &rec)) {
		case FRAME_AT_WRAP:
			if (!r->off)
				return 0;
			r->off = 0;
			continue;
		case FRAME_AT_RECORD:
			break;
		case FRAME_AT_ERROR:
			pr_err("cannot read the log store %s at byte %llu: %s", r->path,
			       (unsigned long long)(STORE_DATA_OFF + r->off), strerror(-r->w.err));
			return r->w.err;
		default:
			/* Read ahead of the writer: the window may hold what it overwrote. */
			store_window_forget(&r->w);
			if (store_frame_at(&r->w, r->off, r->seq, f, &rec) == FRAME_AT_RECORD)
				break;
			if (skip_ahead(r))
				continue;
			return 0;	/* the end: what follows is older, or torn */
		}
		r->off += frame_size(f->len);
		r->seq++;
		if (f->seq < from)
			continue;
		*record = rec;
		return 1;
	}
}

uint64_t store_reader_skipped(const struct store_reader *r)
{
	return r->skipped;
}

const struct store_super *store_reader_super(const struct store_reader *r)
{
	return &r->sb;
}

void store_reader_close(struct store_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	store_window_free(&r->w);
	free(r);
}

int store_marks_read(const char *dir, uint64_t store_id, struct store_marks *m)
{
	struct line_reader r = { 0 };
	char path[PATH_MAX], *line, *value;
	int err, more;

	memset(m, 0, sizeof(*m));
	m->store_id = store_id;
	r.path = path;
	err = path_build(path, dir, STORE_MARKS);
	if (!err)
		err = file_open_existing(path, &r.in);
	if (err || !r.in)
		return err;
	while ((more = line_next(&r, &line)) > 0) {
		value = strchr(line, ' ');
		if (!value)
			continue;
		*value++ = '\0';
		if (!strcmp(line, "store_id"))
			m->store_id = strtoull(value, NULL, 10);
		else if (!strcmp(line, "cleared_seq"))
			m->cleared_seq = strtoull(value, NULL, 10);
		else if (!strcmp(line, "retrieved_seq"))
			m->retrieved_seq = strtoull(value, NULL, 10);
		else if (!strcmp(line, "cleared_at"))
			m->cleared_at = strtoll(value, NULL, 10);
		else if (!strcmp(line, "cleared_by"))
			snprintf(m->cleared_by, sizeof(m->cleared_by), "%s", value);
	}
	line_reader_free(&r);
	fclose(r.in);
	if (m->store_id != store_id) {	/* marks of a store set aside */
		memset(m, 0, sizeof(*m));
		m->store_id = store_id;
	}
	return more < 0 ? more : 0;
}

static int write_marks(FILE *out, void *ctx)
{
	const struct store_marks *m = ctx;
	char by[4 * sizeof(m->cleared_by) + 4];

	fprintf(out, "store_id %" PRIu64 "\ncleared_seq %" PRIu64 "\nretrieved_seq %" PRIu64
		"\ncleared_at %" PRId64 "\n", m->store_id, m->cleared_seq, m->retrieved_seq,
		m->cleared_at);
	/* Escaped: the text is the user's, and it must stay on its line. */
	if (m->cleared_by[0])
		fprintf(out, "cleared_by %s\n",
			escape_text(m->cleared_by, sizeof(m->cleared_by), by, sizeof(by)));
	return 0;
}

int store_marks_write(const char *dir, const struct store_marks *m)
{
	char path[PATH_MAX];
	int err = path_build(path, dir, STORE_MARKS);

	return err ? err : file_write_atomic(path, 0640, write_marks, (void *)m);
}
