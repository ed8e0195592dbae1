// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
	unsigned int count;
	uint64_t *sent, *failed;
};

void syslog_out_init(struct syslog_out *out, const char *tag, int facility)
{
	const char *path = getenv("EBFILT_SYSLOG_SOCKET");

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->tag = tag;
	out->facility = facility;
	out->pid = (int)getpid();
	out->stamp_second = -1;
	snprintf(out->path, sizeof(out->path), "%s", path && *path ? path : "/dev/log");
}

int syslog_out_to_file(struct syslog_out *out, const char *path)
{
	out->file = fopen(path, "ae");
	return out->file ? 0 : -errno;
}

static int connect_socket(struct syslog_out *out)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval timeout = { .tv_sec = 1 };
	int fd;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memcpy(addr.sun_path, out->path, sizeof(addr.sun_path) - 1);
	/* Wait for a busy syslog daemon, but never forever: a second, then count a loss. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int err = -errno;

		close(fd);
		return err;
	}
	out->fd = fd;
	return 0;
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

static int header(struct syslog_out *out, int severity, char *buf, size_t size)
{
	return snprintf(buf, size, "<%d>%s %s[%d]: ", out->facility * 8 + severity, stamp(out),
			out->tag, out->pid);
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

	if (out->file) {	/* a file line reads like a syslog file line */
		char *text = strchr(line, '>') + 1;

		return fprintf(out->file, "%s\n", text) >= 0 ? 0 : -EIO;
	}
	/* A socket that went away (syslog restarted) is reconnected once per line. */
	for (attempt = 0; attempt < 2; attempt++) {
		if (out->fd < 0 && (err = connect_socket(out)) < 0)
			continue;
		if (send(out->fd, line, (size_t)len, 0) == len)
			return 0;
		err = -errno;
		close(out->fd);
		out->fd = -1;
		if (err == -EAGAIN)
			break;	/* timed out: the daemon is alive but not reading */
	}
	return err ? err : -EIO;
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

void syslog_out_queue(struct syslog_out *out, int severity, const char *text)
{
	struct syslog_batch *b = out->batch;
	int len;

	if (!b) {
		syslog_out_send(out, severity, "%s", text);
		return;
	}
	len = header(out, severity, b->lines[b->count], sizeof(b->lines[0]));
	len += snprintf(b->lines[b->count] + len, sizeof(b->lines[0]) - (size_t)len, "%s", text);
	if (len >= (int)sizeof(b->lines[0]))
		len = sizeof(b->lines[0]) - 1;
	b->iov[b->count] = (struct iovec){ b->lines[b->count], (size_t)len };
	b->count++;
	if (b->count == SYSLOG_BATCH)
		syslog_out_flush(out);
}

/* Send the queued lines; those sendmmsg does not take go one by one (reconnecting). */
void syslog_out_flush(struct syslog_out *out)
{
	struct syslog_batch *b = out->batch;
	unsigned int i, done = 0;
	int n;

	if (!b || !b->count)
		return;
	if (!out->file && (out->fd >= 0 || connect_socket(out) == 0)) {
		for (i = 0; i < b->count; i++) {
			memset(&b->msgs[i], 0, sizeof(b->msgs[i]));
			b->msgs[i].msg_hdr.msg_iov = &b->iov[i];
			b->msgs[i].msg_hdr.msg_iovlen = 1;
		}
		n = sendmmsg(out->fd, b->msgs, b->count, 0);
		done = n > 0 ? (unsigned int)n : 0;
		*b->sent += done;
	}
	for (i = done; i < b->count; i++) {
		if (send_line(out, b->iov[i].iov_base, (int)b->iov[i].iov_len))
			(*b->failed)++;
		else
			(*b->sent)++;
	}
	b->count = 0;
}

void syslog_out_close(struct syslog_out *out)
{
	syslog_out_flush(out);
	free(out->batch);
	out->batch = NULL;
	if (out->fd >= 0)
		close(out->fd);
	if (out->file)
		fclose(out->file);
	out->fd = -1;
	out->file = NULL;
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
