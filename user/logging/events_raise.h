/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raising an extended event (events.h), and ipsec_logd's socket that
 * takes them in (events_raise.c says why a socket).
 */
#ifndef EBFILT_LOGGING_EVENTS_RAISE_H
#define EBFILT_LOGGING_EVENTS_RAISE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "logging/events.h"

struct event_source {
	const char *tag;		/* the raiser's name: its events' syslog tag */
	int facility;			/* for the lines it writes itself */
	struct event_limits limits;
	/*
	 * ipsec_logd's own events go straight to it; NULL: to the daemon's
	 * socket, or, when no daemon takes them, to syslog.
	 */
	void (*deliver)(void *ctx, const struct event_record *ev);
	void *ctx;
	int fd;				/* the socket, once opened */
};

/* A source named tag with log's limits and facility (NULL: the defaults). */
void event_source_init(struct event_source *s, const char *tag, const struct log_options *log);
void event_source_close(struct event_source *s);

/*
 * Raise event id: its message is the table's format (events.c) filled
 * with the arguments that follow, which must fit it. rule_id: the rule
 * it concerns (0: none); rule_logs (not 0): that rule has logging on,
 * which lets info and above through whatever the component's limit (an
 * int: the last argument before ... must not be promoted). Returns 0: an
 * event that cannot reach the daemon goes to syslog, and one the limit
 * holds back is not an error.
 */
int event_raise(struct event_source *s, enum event_id id, uint32_t rule_id, int rule_logs, ...);
/* The same with the message made already (event_format). */
int event_raise_text(struct event_source *s, enum event_id id, uint32_t rule_id, bool rule_logs,
		     const char *text);
/* Event id's message from the arguments that follow into buf: vsnprintf's return. */
int event_format(char *buf, size_t size, enum event_id id, ...);

/*
 * ipsec_logd: bind EBFILT_RUNDIR/ipsec_logd.events (non-blocking): the fd,
 * or -errno (said; events then go to syslog only). events_unlisten()
 * closes it and removes the socket.
 */
int events_listen(void);
void events_unlisten(int fd);
/*
 * One event from the socket into *ev (text NUL-terminated, pid the
 * sender's as the kernel says): 1, 0 when none waits, -EPERM (a sender
 * neither root nor the daemon's user), -EINVAL (not an event record), or
 * another -errno.
 */
int events_receive(int fd, struct event_record *ev);

#endif
