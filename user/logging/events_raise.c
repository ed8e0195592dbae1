// SPDX-License-Identifier: GPL-2.0
/*
 * Raising events (events.h), and ipsec_logd's side of their way in: a
 * datagram socket in EBFILT_RUNDIR. A datagram keeps each event whole and
 * the order of one raiser's events; the kernel names the sender, so an
 * event cannot pass for another program's or come from an unprivileged
 * user. When no daemon takes it (none running, or none taking events for
 * a second), the raiser writes its syslog line itself: the event is then
 * missing from the log store, never from syslog.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "logging/events_raise.h"
#include "logging/syslog.h"
#include "util/diag.h"
#include "util/paths.h"

#define EVENTS_SOCKET "ipsec_logd.events"

static int socket_addr(struct sockaddr_un *sun)
{
	char path[PATH_MAX];
	int err = path_build(path, ebfilt_rundir(), EVENTS_SOCKET);

	if (err)
		return err;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	strcpy(sun->sun_path, path);
	return 0;
}

void event_source_init(struct event_source *s, const char *tag, const struct log_options *log)
{
	memset(s, 0, sizeof(*s));
	s->tag = tag;
	s->facility = log ? log->facility : SYSLOG_LOCAL4;
	if (log)
		s->limits = log->severity;
	else
		event_limits_default(&s->limits);
	s->fd = -1;
}

void event_source_close(struct event_source *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int send_to_daemon(struct event_source *s, const struct event_record *ev)
{
	struct timeval wait = { .tv_sec = 1 };
	struct sockaddr_un sun;
	int err = socket_addr(&sun);

	if (err)
		return err;
	if (s->fd < 0) {
		s->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s->fd < 0)
			return -errno;
		/* A daemon that does not read for a second is not waited for. */
		setsockopt(s->fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof(wait));
	}
	if (sendto(s->fd, ev, ev->hdr.len, 0, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return -errno;
	return 0;
}

static void say_directly(struct event_source *s, const struct event_record *ev)
{
	struct syslog_out out;

	syslog_out_init(&out, s->tag, s->facility);
	syslog_out_send(&out, ev->severity, "%s", ev->text);
	syslog_out_close(&out);
}

int event_format(char *buf, size_t size, enum event_id id, ...)
{
	va_list ap;
	int len;

	va_start(ap, id);
	/* The format is the table's entry for id: the callers' arguments fit it (events.h). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	len = vsnprintf(buf, size, event_defs[id].format, ap);
#pragma GCC diagnostic pop
	va_end(ap);
	return len;
}

int event_raise_text(struct event_source *s, enum event_id id, uint32_t rule_id, bool rule_logs,
		     const char *text)
{
	struct event_record ev;

	if (!event_allowed(&s->limits, id, rule_logs))
		return 0;
	event_record_make(&ev, id, rule_id, s->tag, text);
	ev.text[ev.text_len] = '\0';	/* past the record: for the line only */
	if (s->deliver) {
		s->deliver(s->ctx, &ev);
		return 0;
	}
	if (send_to_daemon(s, &ev))
		say_directly(s, &ev);
	return 0;
}

int event_raise(struct event_source *s, enum event_id id, uint32_t rule_id, int rule_logs, ...)
{
	char text[EVENT_TEXT_MAX];
	va_list ap;

	if (!event_allowed(&s->limits, id, rule_logs))
		return 0;
	va_start(ap, rule_logs);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(text, sizeof(text), event_defs[id].format, ap);
#pragma GCC diagnostic pop
	va_end(ap);
	return event_raise_text(s, id, rule_id, rule_logs != 0, text);
}

int events_listen(void)
{
	struct sockaddr_un sun;
	struct stat st;
	int one = 1, fd, err = socket_addr(&sun);

	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* A socket left by a daemon that died goes; anything else there stays, and is said. */
	if (!lstat(sun.sun_path, &st) && S_ISSOCK(st.st_mode))
		unlink(sun.sun_path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) ||
	    chmod(sun.sun_path, 0600)) {
		err = -errno;
		pr_warn("cannot take events at %s: %s; they go to syslog only", sun.sun_path,
			strerror(-err));
		close(fd);
		return err;
	}
	return fd;
}

void events_unlisten(int fd)
{
	struct sockaddr_un sun;

	if (fd < 0)
		return;
	close(fd);
	if (!socket_addr(&sun))
		unlink(sun.sun_path);
}

int events_receive(int fd, struct event_record *ev)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	char data[sizeof(*ev) + 1];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	const struct ucred *cred = NULL;
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len == CMSG_LEN(sizeof(struct ucred)))
			cred = (const struct ucred *)CMSG_DATA(c);
	/* Only root, or the daemon's own user, raises events; the kernel says who sent it. */
	if (!cred || (cred->uid != 0 && cred->uid != geteuid()) || (msg.msg_flags & MSG_TRUNC))
		return -EPERM;
	if (event_record_decode(data, (size_t)n, ev))
		return -EINVAL;
	ev->pid = (uint32_t)cred->pid;
	return 1;
}
