/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extended events: everything the system logs besides packets and
 * sessions (ebfilt-messages(7) explains each one). Every message is an
 * entry of one table (events.c): its component, its severity (syslog's
 * levels) and its format; the guide is checked against that table.
 *
 * An event goes through the severity limit of its component
 * (ebfilt.conf's log_severity) before anything is written. Then the
 * program that raised it hands it to ipsec_logd (events_raise.c), which
 * keeps it in the log store and sends it to syslog under the raiser's
 * name and pid, in order with the records; with no daemon to take it,
 * the raiser writes the syslog line itself.
 */
#ifndef EBFILT_LOGGING_EVENTS_H
#define EBFILT_LOGGING_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/record.h"

enum event_component {
	COMP_MKFILT,		/* activation, logging on/off, interfaces */
	COMP_IPSEC_LOGD,	/* the logging daemon itself */
	COMP_SHUN,		/* hosts and ports shunned, and let go */
	COMP_IF_STATE,		/* IF conditions becoming true or false */
	COMP_SESSION,		/* session summaries (their losses are in the loss line) */
	COMP_TUNNEL,		/* IPsec SAs and policies */
	COMP_CONFIG,		/* ebfilt.conf read, or refused */
	COMP_COUNT
};

enum event_id {
	EV_LOGGING_STATUS,
	EV_RULE_IN_FORCE,
	EV_FILTER_INITIALIZED,
	EV_FILTER_ACTIVATED,
	EV_FILTER_REPLACED,
	EV_FILTER_DEACTIVATED,
	EV_ACTIVATION_FAILED,
	EV_INTERFACE,
	EV_WATCHD_ERROR,
	EV_WATCHD_WARNING,
	EV_LOGD_STARTED,
	EV_LOGD_TERMINATING,
	EV_RECORDS_LOST,
	EV_LOGD_ERROR,
	EV_LOGD_WARNING,
	EV_CONFIG_RELOADED,
	EV_CONFIG_REJECTED,
	EV_SHUNNED,
	EV_UNSHUNNED,
	EV_IF_TRUE,
	EV_IF_FALSE,
	EV_SA_ADDED,
	EV_SA_ALLOCATED,
	EV_SA_UPDATED,
	EV_SA_DELETED,
	EV_SA_EXPIRED_SOFT,
	EV_SA_EXPIRED_HARD,
	EV_SA_FLUSHED,
	EV_SA_ACQUIRE,
	EV_POLICY_ADDED,
	EV_POLICY_UPDATED,
	EV_POLICY_DELETED,
	EV_POLICY_EXPIRED_SOFT,
	EV_POLICY_EXPIRED_HARD,
	EV_POLICIES_FLUSHED,
	EV_TUNNEL_EVENTS_LOST,
	EV_COUNT
};

struct event_def {
	const char *name;		/* a short identifier: "filter-activated" */
	enum event_component component;
	int severity;			/* LOG_EMERG .. LOG_DEBUG */
	const char *format;		/* printf's, of the message */
	const char *args;		/* what each conversion stands for, in order, as the guide names it */
};

extern const struct event_def event_defs[EV_COUNT];

/* Lines written besides records and events (the guide lists them too). */
struct log_line_def {
	const char *format;
	const char *args;
};
extern const struct log_line_def log_other_lines[];
extern const size_t log_other_lines_count;

/* A component's name ("if-state"), or NULL; and back: -1 when unknown. */
const char *event_component_name(unsigned int component);
int event_component_by_name(const char *name);
/* syslog's name of a severity ("warning"); -1 when unknown. "error", "warn" and "note" are taken too. */
const char *event_severity_name(int severity);
int event_severity_by_name(const char *name);

/*
 * The severity limit of each component: an event is written when its
 * severity is that or more urgent, or, tied to a rule that logs, when it
 * is info or more urgent whatever the limit (as SunScreen does).
 */
#define EVENT_LIMIT_DEFAULT 6	/* LOG_INFO */
struct event_limits {
	int8_t level[COMP_COUNT];
};

void event_limits_default(struct event_limits *l);
bool event_allowed(const struct event_limits *l, enum event_id id, bool rule_logs);

/*
 * The record of an event, in the log store and on the way to ipsec_logd
 * (type EBFILT_REC_EVENT, version 1), host byte order. hdr.len is
 * event_record_len(text_len). User space only: the kernel raises none.
 */
#define EBFILT_REC_EVENT_VERSION 1
#define EVENT_TEXT_MAX	480
#define EVENT_TAG_MAX	16

struct event_record {
	struct ebfilt_rec_hdr hdr;	/* time_ns: CLOCK_REALTIME */
	uint16_t event;			/* enum event_id */
	uint8_t severity;
	uint8_t component;
	uint32_t rule_id;		/* the rule it concerns; 0: none */
	uint32_t pid;			/* of the program that raised it */
	uint16_t text_len;		/* bytes of text[], no NUL */
	uint8_t flags;			/* EVENT_SAID */
	uint8_t pad;
	char tag[EVENT_TAG_MAX];	/* that program's name, NUL-terminated */
	char text[EVENT_TEXT_MAX];	/* the message: printable, not NUL-terminated */
};

/* Said to syslog by the daemon itself when it was raised: not again from the store. */
#define EVENT_SAID	(1u << 0)

#define EVENT_RECORD_FIXED 48
_Static_assert(__builtin_offsetof(struct event_record, text) == EVENT_RECORD_FIXED,
	       "event_record layout");

static inline size_t event_record_len(size_t text_len)
{
	return (EVENT_RECORD_FIXED + text_len + 7) & ~(size_t)7;
}

/*
 * The record of event id with its message text (cut at EVENT_TEXT_MAX - 1
 * bytes), raised by tag (the program's name) now, by this process.
 */
void event_record_make(struct event_record *ev, enum event_id id, uint32_t rule_id,
		       const char *tag, const char *text);
/*
 * Check the record at data (size bytes) and copy it into *out with its
 * text NUL-terminated (out->text has room: text_len < EVENT_TEXT_MAX) and
 * escaped of anything unprintable. 0, -ENOMSG (not an event), -EINVAL.
 */
int event_record_decode(const void *data, size_t size, struct event_record *out);

#endif
