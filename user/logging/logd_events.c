// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's events (events.h): those other programs send it, and its
 * own. Each is kept in the log store, where the forwarder finds it among
 * the records and says it in order with them; without a store (or when
 * the store refuses it) it is said at once.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>

#include "logging/logd_impl.h"

void logd_keep_event(struct logd *d, const struct event_record *ev)
{
	struct frame_iface none = { NULL, NULL };
	struct log_view view;

	/* Lines go to a file (-o): problems are said where one looks for them too. */
	if (d->file_path && ev->severity <= LOG_WARNING && !(ev->flags & EVENT_SAID))
		syslog_out_queue_as(&d->messages, ev->tag, (int)ev->pid, ev->severity, 0, ev->text);
	if (d->store && !store_append(d->store, ev, ev->hdr.len, &none)) {
		d->store_dirty = true;
		if (d->follow)
			return;	/* counted waiting once written (store_flushed) */
	}
	view = (struct log_view){ .hdr = &ev->hdr, .ev = ev,
				  .when = { .tv_sec = (time_t)(ev->hdr.time_ns / 1000000000),
					    .tv_nsec = (long)(ev->hdr.time_ns % 1000000000) } };
	logd_say(d, &view);
}

static void deliver_own(void *ctx, const struct event_record *ev)
{
	struct logd *d = ctx;

	d->in_event = true;
	logd_keep_event(d, ev);
	d->in_event = false;
}

void logd_events_open(struct logd *d)
{
	if (d->file_path) {
		syslog_out_init(&d->messages, "ipsec_logd", d->opts.facility);
		/* A syslog with no room loses such a line, never stalls the records. */
		syslog_out_nowait(&d->messages, true);
	}
	event_source_init(&d->events, "ipsec_logd", &d->opts);
	d->events.deliver = deliver_own;
	d->events.ctx = d;
	d->events_fd = events_listen();
}

void logd_events_take(struct logd *d)
{
	struct event_record ev;
	int got, n;

	/* A bounded turn: a flood of events does not starve the records. */
	for (n = 0; n < 256 && d->events_fd >= 0; n++) {
		got = events_receive(d->events_fd, &ev);
		if (!got)
			break;
		if (got < 0) {
			if (got != -EPERM && got != -EINVAL)
				break;
			continue;	/* not ours to keep: dropped, as any stranger's datagram */
		}
		/* The sender's limits were applied where it raised it. */
		logd_keep_event(d, &ev);
	}
}

void logd_events_close(struct logd *d)
{
	events_unlisten(d->events_fd);
	d->events_fd = -1;
	if (d->file_path)
		syslog_out_close(&d->messages);
}

void logd_diag_sink(void *ctx, enum diag_level level, const char *line)
{
	struct logd *d = ctx;

	if (d->in_event) {	/* the event's own way failed: say it straight */
		syslog_out_send(&d->out, level == DIAG_ERROR ? LOG_ERR : LOG_WARNING, "%s", line);
		return;
	}
	event_raise(&d->events, level == DIAG_ERROR ? EV_LOGD_ERROR : EV_LOGD_WARNING, 0, false,
		    line);
}

/*
 * The loss line is said at once, not from the store: syslog may be what
 * lost the records, and the line must not be lost the same way. Until
 * syslog takes it, it is said again (losses.h); once it has, a copy is
 * kept in the store among the events.
 */
static int say_loss_line(void *ctx, const char *text)
{
	struct logd *d = ctx;
	struct event_record ev;
	int err;

	if (!event_allowed(&d->events.limits, EV_RECORDS_LOST, false))
		return 0;
	if (!d->follow)
		logd_flush_held(d);
	syslog_out_flush(&d->out);
	err = syslog_out_send(&d->out, event_defs[EV_RECORDS_LOST].severity, "%s", text);
	if (err)
		return err;
	event_record_make(&ev, EV_RECORDS_LOST, 0, "ipsec_logd", text);
	ev.flags |= EVENT_SAID;
	logd_keep_event(d, &ev);
	return 0;
}

/*
 * Behind a forwarder the loss line never waits for syslog: when there is
 * no room it is said as soon as there is, before more records go.
 */
void logd_say_losses(struct logd *d)
{
	int err = accounts_report_losses(d->accounts, say_loss_line, d);

	d->losses_due = d->follow && err == -EAGAIN;
}
