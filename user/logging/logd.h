/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The logging daemon's work (ipsec_logd(8)): read the records, keep each
 * in the log store (store.h), turn each into a line (AIX's format, or
 * ipmon's), coalesce repeats, send the lines to syslog in batches (or to a
 * file), and account for every record: a line each second says how many
 * were lost since the last one.
 */
#ifndef EBFILT_LOGGING_LOGD_H
#define EBFILT_LOGGING_LOGD_H

#include <signal.h>
#include <stdbool.h>

#include "config/config.h"
#include "logging/ifaces.h"
#include "logging/losses.h"
#include "logging/reader.h"
#include "logging/store.h"
#include "logging/syslog.h"

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

#endif
