// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "logging/syslog.h"

struct syslog_batch {
	char lines[SYSLOG_BATCH][512];
	struct iovec iov[SYSLOG_BATCH];
	struct mmsghdr msgs[SYSLOG_BATCH];
	uint64_t records[SYSLOG_BATCH];	/* what each line stands for */
	unsigned int count;
	uint64_t *sent, *failed;
};

void syslog_out_init(struct syslog_out *out, const char *tag, int facility)
{
	const char *path = getenv("EBFILT_SYSLOG_SOCKET");

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->file_fd = -1;
	out->tag = tag;
	out->facility = facility;
	out->pid = (int)getpid();
	out->stamp_second = -1;
	snprintf(out->path, sizeof(out->path), "%s", path && *path ? path : "/dev/log");
}

int syslog_out_to_file(struct syslog_out *out, const char *path)
{
	struct stat st;
	int fd, err;

	/* O_NOFOLLOW: a symbolic link planted at the name does not redirect a root write. */
	/* O_NONBLOCK: opening a FIFO for writing would wait for a reader. */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
			      O_NONBLOCK, 0640);
	if (fd < 0)
		return errno == ENXIO ? -EINVAL : -errno;	/* ENXIO: a FIFO nobody reads */
	if (fstat(fd, &st))
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;	/* a FIFO or a device could block or go anywhere */
	else
		err = fcntl(fd, F_SETFL, O_APPEND) ? -errno : 0;
	if (err) {
		close(fd);
		return err;
	}
	out->file_fd = fd;
	return 0;
}

/*
 * Lines to the file, each without its <priority> and with a newline, in
 * one writev and as many more as a short write needs. Returns how many
 * lines are wholly written: only those count as written.
 */
static unsigned int write_lines(struct syslog_out *out, struct iovec *lines, unsigned int count)
{
	struct iovec iov[SYSLOG_BATCH * 2];
	unsigned int i, n = 0, done = 0;
	ssize_t w;

	for (i = 0; i < count && i < SYSLOG_BATCH; i++) {
		char *line = lines[i].iov_base, *text = strchr(line, '>') + 1;

		iov[n++] = (struct iovec){ text, lines[i].iov_len - (size_t)(text - line) };
		iov[n++] = (struct iovec){ (void *)"\n", 1 };
	}
	while (done < n) {
		w = writev(out->file_fd, iov + done, (int)(n - done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		for (; done < n && (size_t)w >= iov[done].iov_len; done++)
			w -= (ssize_t)iov[done].iov_len;
		if (done < n) {		/* a short write: the rest of this piece next */
			iov[done].iov_base = (char *)iov[done].iov_base + w;
			iov[done].iov_len -= (size_t)w;
		}
	}
	return done / 2;
}

/*
 * Wait for a busy syslog daemon, but never forever: a second, then count a
 * loss; keeping (the forwarder), a moment for a line sent on its own (the
 * loss line, the daemon's messages), then give up on it.
 */
static void set_timeout(const struct syslog_out *out, int fd)
{
	struct timeval timeout = { .tv_sec = out->nowait ? 0 : 1,
				   .tv_usec = out->nowait ? SYSLOG_NOWAIT_US : 0 };

	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
}

static int connect_socket(struct syslog_out *out)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memcpy(addr.sun_path, out->path, sizeof(addr.sun_path) - 1);
	set_timeout(out, fd);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int err = -errno;

		close(fd);
		return err;
	}
	out->fd = fd;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The RFC 3164 time stamp, made once a second. */
static const char *stamp(struct syslog_out *out)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now != out->stamp_second) {
		localtime_r(&now, &tm);
		strftime(out->stamp, sizeof(out->stamp), "%b %e %H:%M:%S", &tm);
		out->stamp_second = now;
	}
	return out->stamp;
}

static int header_as(struct syslog_out *out, const char *tag, int pid, int severity, char *buf,
		     size_t size)
{
	return snprintf(buf, size, "<%d>%s %s[%d]: ", out->facility * 8 + severity, stamp(out),
			tag, pid);
}

static int header(struct syslog_out *out, int severity, char *buf, size_t size)
{
	return header_as(out, out->tag, out->pid, severity, buf, size);
}

static int send_line(struct syslog_out *out, char *line, int len);

int syslog_out_send(struct syslog_out *out, int severity, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int len;

	syslog_out_flush(out);
	len = header(out, severity, line, sizeof(line));
	va_start(ap, fmt);
	len += vsnprintf(line + len, sizeof(line) - (size_t)len, fmt, ap);
	va_end(ap);
	if (len >= (int)sizeof(line))
		len = sizeof(line) - 1;
	return send_line(out, line, len);
}

/* One line, with a reconnection when the socket went away. */
static int send_line(struct syslog_out *out, char *line, int len)
{
	int attempt, err = 0;

	if (out->file_fd >= 0) {	/* a file line reads like a syslog file line */
		struct iovec one = { line, (size_t)len };

		errno = 0;
		if (write_lines(out, &one, 1) == 1)
			return 0;
		out->last_error = errno ? errno : EIO;
		return -out->last_error;
	}
	/* A socket that went away (syslog restarted) is reconnected once per line. */
	for (attempt = 0; attempt < 2; attempt++) {
		if (out->fd < 0 && (err = connect_socket(out)) < 0)
			continue;
		if (send(out->fd, line, (size_t)len, 0) == len) {
			out->last_error = 0;
			out->refused_since = 0;
			return 0;
		}
		err = -errno;
		if (err == -EAGAIN && out->nowait)
			return err;	/* full for now: neither sent nor refused */
		close(out->fd);
		out->fd = -1;
		if (err == -EAGAIN)
			break;	/* timed out: the daemon is alive but not reading */
	}
	out->last_error = err ? -err : EIO;
	/* Without waiting, a syslog daemon restarting is given a moment (the line stays queued). */
	if (out->nowait) {
		if (!out->refused_since)
			out->refused_since = now_ms();
		if (now_ms() - out->refused_since < SYSLOG_GRACE_MS)
			return -EAGAIN;
	}
	return -out->last_error;
}

int syslog_out_batching(struct syslog_out *out, uint64_t *sent, uint64_t *failed)
{
	out->batch = calloc(1, sizeof(*out->batch));
	if (!out->batch)
		return -ENOMEM;
	out->batch->sent = sent;
	out->batch->failed = failed;
	return 0;
}

void syslog_out_queue(struct syslog_out *out, int severity, uint64_t records, const char *text)
{
	syslog_out_queue_as(out, out->tag, out->pid, severity, records, text);
}

void syslog_out_queue_as(struct syslog_out *out, const char *tag, int pid, int severity,
			 uint64_t records, const char *text)
{
	struct syslog_batch *b = out->batch;
	char line[1024];
	int len;

	if (!b) {
		len = header_as(out, tag, pid, severity, line, sizeof(line));
		len += snprintf(line + len, sizeof(line) - (size_t)len, "%s", text);
		if (len >= (int)sizeof(line))
			len = sizeof(line) - 1;
		syslog_out_flush(out);
		send_line(out, line, len);
		return;
	}
	if (b->count == SYSLOG_BATCH) {	/* only without waiting: the caller looks first */
		*b->failed += records;
		return;
	}
	len = header_as(out, tag, pid, severity, b->lines[b->count], sizeof(b->lines[0]));
	len += snprintf(b->lines[b->count] + len, sizeof(b->lines[0]) - (size_t)len, "%s", text);
	if (len >= (int)sizeof(b->lines[0]))
		len = sizeof(b->lines[0]) - 1;
	b->iov[b->count] = (struct iovec){ b->lines[b->count], (size_t)len };
	b->records[b->count] = records;
	b->count++;
	if (b->count == SYSLOG_BATCH && !out->nowait)
		syslog_out_flush(out);
}

/* Lines [from, to) of the batch: their records counted one way. */
static void count_lines(struct syslog_batch *b, unsigned int from, unsigned int to, uint64_t *how)
{
	for (; from < to; from++)
		*how += b->records[from];
}

/* Lines from first on move to the front, to be sent next time. */
static void keep_from(struct syslog_batch *b, unsigned int first)
{
	unsigned int i;

	for (i = first; first && i < b->count; i++) {
		memcpy(b->lines[i - first], b->lines[i], b->iov[i].iov_len);
		b->iov[i - first] = (struct iovec){ b->lines[i - first], b->iov[i].iov_len };
		b->records[i - first] = b->records[i];
	}
	b->count -= first;
}

/*
 * Send the queued lines; those sendmmsg does not take go one by one
 * (reconnecting). The first wait lines wait for room in the kernel, woken
 * by the syslog daemon's reads with no return here between them; the rest
 * go while there is room, and are kept (nowait) or wait likewise.
 */
static void flush(struct syslog_out *out, unsigned int wait)
{
	struct syslog_batch *b = out->batch;
	unsigned int i, done = 0;
	int n, err = 0;

	if (!b || !b->count)
		return;
	if (out->file_fd >= 0) {
		errno = 0;
		done = write_lines(out, b->iov, b->count);
		out->last_error = done == b->count ? 0 : errno ? errno : EIO;
		count_lines(b, 0, done, b->sent);
		count_lines(b, done, b->count, b->failed);
		b->count = 0;
		return;
	}
	n = out->fd >= 0 ? 0 : connect_socket(out);
	if (n < 0) {
		out->last_error = -n;
	} else {
		for (i = 0; i < b->count; i++) {
			memset(&b->msgs[i], 0, sizeof(b->msgs[i]));
			b->msgs[i].msg_hdr.msg_iov = &b->iov[i];
			b->msgs[i].msg_hdr.msg_iovlen = 1;
		}
		/* The first lines may wait for room; the rest go only while there is some. */
		if (wait > b->count)
			wait = b->count;
		n = wait ? sendmmsg(out->fd, b->msgs, wait, 0) : 0;
		done = n > 0 ? (unsigned int)n : 0;
		if (done == wait && done < b->count) {
			n = sendmmsg(out->fd, b->msgs + done, b->count - done, MSG_DONTWAIT);
			done += n > 0 ? (unsigned int)n : 0;
		}
		err = n < 0 ? errno : 0;
		count_lines(b, 0, done, b->sent);
		/* Kept lines: stopped short for room (an error shows at the next flush). */
		if (out->nowait && done < b->count && n >= 0)
			err = EAGAIN;
		if (!(err == EAGAIN && out->nowait))	/* full for now is no refusal */
			out->last_error = err;
	}
	/*
	 * The rest one by one; after a line timed out (a syslog daemon that
	 * stopped reading), the others are counted at once: a second each
	 * would stall the reader while the log buffer fills. Without waiting,
	 * a socket with no room keeps the rest for the next flush.
	 */
	for (i = done; i < b->count; i++) {
		if (err == EAGAIN && out->nowait)
			break;
		if (err == EAGAIN) {
			count_lines(b, i, i + 1, b->failed);
			continue;
		}
		n = send_line(out, b->iov[i].iov_base, (int)b->iov[i].iov_len);
		if (n == -EAGAIN && out->nowait)
			break;
		if (n == -EAGAIN)
			err = EAGAIN;
		count_lines(b, i, i + 1, n ? b->failed : b->sent);
		if (!n && out->nowait) {	/* reconnected: the rest in the next flush's batch */
			i++;
			break;
		}
	}
	keep_from(b, i);
}

void syslog_out_flush(struct syslog_out *out)
{
	flush(out, out->nowait ? 0 : SYSLOG_BATCH);
}

void syslog_out_flush_waiting(struct syslog_out *out, unsigned int lines)
{
	flush(out, lines);
}

void syslog_out_nowait(struct syslog_out *out, bool nowait)
{
	out->nowait = nowait;
	if (out->fd >= 0)
		set_timeout(out, out->fd);
}

unsigned int syslog_out_queued(const struct syslog_out *out)
{
	return out->batch ? out->batch->count : 0;
}

void syslog_out_move_queue(struct syslog_out *to, struct syslog_out *from)
{
	struct syslog_batch *b = to->batch;

	if (!b || !from->batch || b->count)
		return;
	/* The lines point into their batch: the batches change places, counters and all. */
	to->batch = from->batch;
	from->batch = b;
}

int syslog_out_fd(const struct syslog_out *out)
{
	return out->file_fd >= 0 ? -1 : out->fd;
}

void syslog_out_close(struct syslog_out *out)
{
	syslog_out_nowait(out, false);	/* what is queued goes, or is counted */
	syslog_out_flush(out);
	free(out->batch);
	out->batch = NULL;
	if (out->fd >= 0)
		close(out->fd);
	if (out->file_fd >= 0)
		close(out->file_fd);
	out->fd = -1;
	out->file_fd = -1;
}

int syslog_facility(const char *name)
{
	static const struct { const char *name; int number; } facilities[] = {
		{ "kern", 0 }, { "user", 1 }, { "daemon", 3 }, { "auth", 4 }, { "syslog", 5 },
		{ "security", 4 }, { "local0", 16 }, { "local1", 17 }, { "local2", 18 },
		{ "local3", 19 }, { "local4", 20 }, { "local5", 21 }, { "local6", 22 },
		{ "local7", 23 },
	};
	size_t i;

	for (i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
		if (!strcmp(facilities[i].name, name))
			return facilities[i].number;
	return -1;
}
