// SPDX-License-Identifier: GPL-2.0
/*
 * The store's readers (ipsec_log): superblocks, the walk over the records
 * in sequence order, and the marks file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/file.h"
#include "util/paths.h"

static bool super_valid(const struct store_super *sb)
{
	struct store_super copy = *sb;

	copy.crc = 0;
	return !memcmp(sb->magic, STORE_SUPER_MAGIC, sizeof(STORE_SUPER_MAGIC)) &&
	       sb->version == 1 && sb->crc == (uint32_t)crc32(0L, (const Bytef *)&copy,
							       sizeof(copy)) &&
	       sb->data_size >= sizeof(struct log_frame) && sb->head < sb->data_size &&
	       sb->tail < sb->data_size && sb->tail_seq <= sb->next_seq;
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

struct store_reader {
	int fd;
	struct store_super sb;
	uint64_t off, seq;	/* the next frame to read, and its sequence number */
	uint64_t skipped;
	bool started;
	uint8_t frame[sizeof(struct log_frame) + FRAME_RECORD_MAX + 8];
};

int store_reader_open(struct store_reader **out, const char *dir)
{
	struct store_reader *r = calloc(1, sizeof(*r));
	char path[PATH_MAX];
	int err;

	*out = NULL;
	if (!r)
		return -ENOMEM;
	err = path_build(path, dir, STORE_FILE);
	r->fd = err ? -1 : open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (!err && r->fd < 0) {
		err = -errno;
		if (err != -ENOENT)
			pr_err("cannot open the log store %s: %s", path, strerror(-err));
	}
	if (!err && store_super_read(r->fd, &r->sb)) {
		pr_err("%s is not a log store (no valid superblock)", path);
		err = -EINVAL;
	}
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
 * The writer went past us: frames overwritten while we read. Start again
 * from its tail, counting what went.
 */
static bool caught_up(struct store_reader *r)
{
	struct store_super now;

	if (store_super_read(r->fd, &now) || now.tail_seq <= r->seq)
		return false;
	r->skipped += now.tail_seq - r->seq;
	r->off = now.tail;
	r->seq = now.tail_seq;
	return true;
}

int store_reader_next(struct store_reader *r, uint64_t from, struct log_frame *f,
		      const void **record)
{
	size_t size = sizeof(r->frame);
	ssize_t n;

	for (;;) {
		if (r->off + sizeof(*f) > r->sb.data_size) {
			r->off = 0;
			continue;
		}
		n = pread(r->fd, r->frame, size, (off_t)(STORE_DATA_OFF + r->off));
		if (n < 0)
			return -errno;
		memcpy(f, r->frame, n >= (ssize_t)sizeof(*f) ? sizeof(*f) : 0);
		if (n >= (ssize_t)sizeof(*f) && f->magic == FRAME_WRAP && f->seq == r->seq &&
		    r->off) {
			r->off = 0;
			continue;
		}
		if (!frame_check(r->frame, (size_t)n, f) || f->seq != r->seq ||
		    r->off + frame_size(f->len) > r->sb.data_size) {
			if (caught_up(r))
				continue;
			return 0;	/* the end: what follows is older, or torn */
		}
		r->off += frame_size(f->len);
		r->seq++;
		if (f->seq < from)
			continue;
		*record = r->frame + sizeof(*f);
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
