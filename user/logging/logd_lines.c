// SPDX-License-Identifier: GPL-2.0
/*
 * A record's line, one way whether it comes from the log buffer (no store)
 * or from the store (the forwarder): AIX's layout or ipmon's, to syslog
 * with repeats coalesced, and to the journal.
 */
#include <stdio.h>
#include <string.h>

#include "logging/dump.h"
#include "logging/format.h"
#include "logging/journal.h"
#include "logging/logd_impl.h"
#include "logging/session.h"
#include "util/escape.h"

void logd_flush_held(struct logd *d)
{
	char text[64];

	/* Without waiting, a full batch keeps them for the next turn: queued, they would be lost. */
	if (!d->repeats || (d->out.nowait && syslog_out_queued(&d->out) == SYSLOG_BATCH))
		return;
	snprintf(text, sizeof(text), "last record repeated %lu times", d->repeats);
	/* Counted as written or lost, all of them, when the line goes. */
	syslog_out_queue(&d->out, d->held_severity, d->repeats, text);
	d->repeats = 0;
}

static void write_line(struct logd *d, int sev, const char *line)
{
	if (d->opts.coalesce && !strcmp(line, d->held)) {
		d->repeats++;
		return;
	}
	logd_flush_held(d);
	if (d->opts.coalesce) {
		snprintf(d->held, sizeof(d->held), "%s", line);
		d->held_severity = sev;
	}
	/* Counted as written or lost when its batch goes out. */
	syslog_out_queue(&d->out, sev, 1, line);
}

void logd_say(struct logd *d, const struct log_view *v)
{
	const struct ebfilt_log_record *rec = v->pkt;
	char line[512], name[ESCAPED_MAX];
	/* Escaping is idempotent: the reader's names are escaped already, the store's as kept. */
	struct log_iface iface = { v->ifname ? escape_text(v->ifname, ESCAPE_TOKEN_MAX, name,
							    sizeof(name)) : NULL,
				   v->ifaddr };

	/*
	 * An event goes to syslog (or the -o file) under the name and pid
	 * of the program that raised it, whatever log_syslog says of
	 * records; it is not a record, so none is counted.
	 */
	if (v->ev) {
		if (v->ev->flags & EVENT_SAID)
			return;
		logd_flush_held(d);
		syslog_out_queue_as(&d->out, v->ev->tag, (int)v->ev->pid, v->ev->severity, 0,
				    v->ev->text);
		return;
	}
	if (v->sess && d->opts.syslog) {
		/* One line per session, in either style (the journal takes packets only). */
		if (d->opts.style == LOG_STYLE_IPMON)
			session_format_ipmon(v, line, sizeof(line));
		else
			session_format_aix(v, d->opts.interface_names, line, sizeof(line));
		write_line(d, SESSION_SEVERITY, line);
		return;
	}
	if (!rec || (!d->opts.syslog && !d->opts.journal)) {
		d->accounts->written++;
		return;
	}
	if (d->opts.style == LOG_STYLE_IPMON)
		dump_ipmon_line(v, line, sizeof(line));
	else
		log_format_aix(rec, &iface, d->opts.interface_names, line, sizeof(line));
	if (d->opts.journal) {
		if (journal_send(rec, iface.name, line, log_severity_of(rec), d->opts.facility))
			d->accounts->journal_lost++;
		else
			d->accounts->journal_sent++;
	}
	if (d->opts.syslog)
		write_line(d, log_severity_of(rec), line);
	else
		d->accounts->written++;
}
