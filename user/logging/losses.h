/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's accounts of records: taken from the kernel, written, and
 * lost by the kernel (log buffer full, rate limit), by syslog, or held by
 * a daemon that stopped before sending them. They live in
 * EBFILT_RUNDIR/ipsec_logd.state, a file mapped into the daemon's memory:
 * every count is in the page cache the moment it is made, so a daemon
 * killed at any instant loses none, and the next one finds the records
 * the last one took and never wrote, and reports them. ipsec_logd -s reads
 * the same file.
 *
 * The counts have one lifetime, the logging maps': from the first
 * activation after mkfilt -d until the next mkfilt -d. Daemons come and go
 * within it. Losses not yet said when the maps are replaced are carried
 * into the next loss line, never dropped.
 */
#ifndef EBFILT_LOGGING_LOSSES_H
#define EBFILT_LOGGING_LOSSES_H

#include <stdbool.h>
#include <stdint.h>

#include "ebfilt/record.h"
#include "logging/syslog.h"

struct log_accounts {
	uint32_t magic;			/* LOG_ACCOUNTS_MAGIC: a file of ours, whole */
	uint32_t maps_id;		/* the logging maps these counts go with */
	uint64_t taken;			/* records read from the kernel */
	uint64_t written;		/* written (a coalesced repeat counts as written) */
	uint64_t syslog_lost;		/* not taken by syslog, or by the -o file */
	uint64_t unsent;		/* taken by a daemon that stopped before sending them */
	struct ebfilt_log_totals reported;	/* kernel counts already said in a loss line */
	uint64_t syslog_reported;	/* of syslog_lost, already said */
	uint64_t unsent_reported;	/* of unsent, already said */
	int32_t sink_errno;		/* why syslog (or the -o file) last refused a line; 0 since it took one */
	uint32_t pad;
	/* Losses of logging maps replaced before they were said: said in the next line. */
	uint64_t carried_full, carried_limited, carried_syslog, carried_unsent;
	uint64_t store_written;		/* records the log store took */
	uint64_t store_lost;		/* records it could not take (a write that failed) */
	uint64_t journal_sent;		/* records the journal took (log_journal yes) */
	uint64_t journal_lost;		/* records it refused */
	uint64_t store_reported, journal_reported;	/* of their losses, already said */
	uint64_t carried_store, carried_journal;
};

/*
 * Map the accounts: the last daemon's, when they go with the logging maps
 * in force (taken but neither written nor lost becomes unsent), or new
 * ones. An unreadable or damaged file is said and started anew. 0 or a
 * negative errno (reported).
 */
int accounts_open(struct log_accounts **a);
void accounts_close(struct log_accounts *a);

/* A copy of what the state file holds (ipsec_logd -s); -ENOENT without one. */
int accounts_read_saved(struct log_accounts *copy);

/*
 * Say how many records were lost since the last such line, and how: the
 * log buffer full, the rate limit, syslog, a daemon stopped with them, the
 * log store, the journal. The
 * baselines move only when the line got through, so losses said into a
 * syslog that is down are said again once it is back.
 */
void accounts_report_losses(struct log_accounts *a, struct syslog_out *out);

/* Whether the pinned logging maps are not those the accounts follow. */
bool accounts_maps_replaced(const struct log_accounts *a);

/*
 * Follow the logging maps pinned now, carrying what was lost with the old
 * ones and not said yet (last: the old maps' final kernel counts, NULL
 * when they are gone unread).
 */
void accounts_carry_over(struct log_accounts *a, const struct ebfilt_log_totals *last);

#endif
