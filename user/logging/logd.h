/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The logging daemon's work (ipsec_logd(8)): read the records, keep each
 * in the log store (store.h), turn each into a line (AIX's format, or
 * ipmon's), coalesce repeats, send the lines to syslog in batches (or to a
 * file), and account for every record: a line each second says how many
 * were lost since the last one. With a store, the lines are made from the
 * store, behind the reader (logd_forward.c); without one, from the records
 * as they are read.
 */
#ifndef EBFILT_LOGGING_LOGD_H
#define EBFILT_LOGGING_LOGD_H

#include <signal.h>
#include <stdbool.h>

#include "config/config.h"
#include "util/diag.h"
#include "logging/events_raise.h"
#include "logging/ifaces.h"
#include "logging/losses.h"
#include "logging/reader.h"
#include "logging/store.h"
#include "logging/syslog.h"

struct logd_state;

struct logd {
	struct syslog_out out;
	struct log_options opts;
	struct log_reader reader;
	enum log_reader_want want;	/* -p, -r */
	const char *file_path;		/* -o: lines to this file instead of syslog */
	struct log_accounts *accounts;	/* mapped from the state file (losses.h) */
	time_t last_report;
	time_t last_error_said;		/* a failing sink is said once a minute */
	char held[512];			/* coalescing: the last line, and how often again */
	unsigned long repeats;
	int held_severity;
	struct iface_cache ifaces;
	struct log_store *store;	/* NULL: log_store no */
	int store_errno;		/* why the store last refused a record */
	time_t store_error_said;
	bool store_dirty;		/* records appended since the last flush */
	struct store_follow *follow;	/* the forwarder's cursor; NULL: lines straight from the reader */
	int follow_errno;		/* why the forwarder last could not read the store */
	time_t stalled_since;		/* syslog has had no room for the forwarder since; 0: it has */
	time_t impatient_until;		/* syslog was slow: lines do not wait for it till then */
	bool losses_due;		/* a loss line waits for room in syslog */
	time_t reader_tried;		/* when opening the reader last failed (no filter yet) */
	int events_fd;			/* events from other programs (-1: none taken) */
	struct syslog_out messages;	/* with -o: warnings and worse to syslog as well */
	struct event_source events;	/* the daemon's own */
	void *xfrm;			/* the IPsec events' monitor (logd_xfrm.c); NULL: none */
	struct logd_state *state;	/* the shun list and IF conditions last seen (logd_state.c) */
	bool in_event;			/* raising one: a problem meanwhile is not raised again */
	struct session_options sessions;	/* ebfilt.conf's session_idle_* (logd_sessions.c) */
	int session_totals_fd;		/* the kernel's session counters; -1: not open yet */
};

/*
 * Set up d (which the caller zeroed) to write to syslog or to file_path
 * (absolute), and map the accounts. 0 or a negative errno, reported: the
 * daemon does this before it lets go of the terminal, so a sink it cannot
 * open stops it there, with the reason on standard error.
 */
int logd_open(struct logd *d, const struct log_options *opts, enum log_reader_want want,
	      const char *file_path);
/*
 * Announce the daemon, then read and write records until *stopping;
 * reread ebfilt.conf when *reloading (and clear it). Waits for a filter to
 * read from when none is active. Before returning, takes what is left in
 * the buffer. Messages (diag.h) go to the sink from here on when the
 * daemon has no terminal.
 */
void logd_run(struct logd *d, volatile sig_atomic_t *stopping, volatile sig_atomic_t *reloading);
/* Announce the end and release everything. */
void logd_close(struct logd *d);

/*
 * After the terminal is gone, the daemon's messages (diag.h) become
 * events of its own: diag_set_sink(logd_diag_sink, d).
 */
void logd_diag_sink(void *ctx, enum diag_level level, const char *line);

#endif
