/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One record as the readers of the log see it (the store, ipsec_log's
 * filters and output formats): its header, the packet record when it is
 * one, and what ipsec_logd knew when it took it in (the interface's name,
 * the wall-clock time). Also the reason codes (logwhy) and severities
 * (logsev) every reader derives the same way.
 */
#ifndef EBFILT_LOGGING_VIEW_H
#define EBFILT_LOGGING_VIEW_H

#include <stdbool.h>
#include <syslog.h>
#include <time.h>

#include "ebfilt/record.h"
#include "logging/events.h"

struct log_view {
	const struct ebfilt_rec_hdr *hdr;	/* every record */
	const struct ebfilt_log_record *pkt;	/* a packet record, else NULL */
	const struct event_record *ev;		/* an extended event (text NUL-terminated), else NULL */
	const struct ebfilt_session_record *sess;	/* a session record, else NULL */
	const char *ifname;	/* the interface's name when logged; NULL: not known */
	const char *ifaddr;	/* its address then (of the record's IP version); NULL: not known */
	struct timespec when;	/* CLOCK_REALTIME when the packet was judged */
};

/* Why a packet was logged (ipsec_log(8) documents the table). */
enum log_why {
	LOG_WHY_RULE = 1,	/* a rule with logging on decided it */
	LOG_WHY_DEFAULT = 2,	/* the default rule (logging on) decided it */
	LOG_WHY_SHUN = 3,	/* the shun list denied it */
	LOG_WHY_UNSEEN = 4,	/* dropped before the table: a header cut or malformed */
	LOG_WHY_FRAG = 5,	/* dropped before the table: a fragment overlapping the headers */
};
#define LOG_WHY_MAX LOG_WHY_FRAG

static inline enum log_why log_why_of(const struct ebfilt_log_record *r)
{
	if (r->reason == EBFILT_REASON_SHUNNED)
		return LOG_WHY_SHUN;
	if (r->reason == EBFILT_REASON_UNSEEN)
		return r->frag == EBFILT_FRAG_LATER ? LOG_WHY_FRAG : LOG_WHY_UNSEEN;
	return r->rule_id ? LOG_WHY_RULE : LOG_WHY_DEFAULT;
}

/* The reason's name, as logwhy, JSON and the journal spell it. */
static inline const char *log_why_name(enum log_why why)
{
	static const char *const names[] = {
		[LOG_WHY_RULE] = "rule", [LOG_WHY_DEFAULT] = "default", [LOG_WHY_SHUN] = "shun",
		[LOG_WHY_UNSEEN] = "unseen", [LOG_WHY_FRAG] = "frag",
	};

	return (unsigned int)why <= LOG_WHY_MAX && names[why] ? names[why] : "?";
}

/* Whether sport and dport hold an ICMP type and code rather than ports. */
static inline bool log_is_icmp(const struct ebfilt_log_record *r)
{
	return (r->flags & EBFILT_LOG_PROTO) && (r->proto == 1 || r->proto == 58);
}

/* The syslog severity of a packet's line, as ipmon: permitted notice, denied warning, short err. */
static inline int log_severity_of(const struct ebfilt_log_record *r)
{
	if (r->flags & EBFILT_LOG_SHORT)
		return LOG_ERR;
	return r->action == EBFILT_PERMIT ? LOG_NOTICE : LOG_WARNING;
}

#endif
