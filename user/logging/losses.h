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
 * into the next loss line, never dropped; records the old maps left
 * waiting in the log store, or being sent, are handed on to the new
 * counts (adopted), which then count their outcome.
 *
 * With a log store, records reach syslog from it behind a cursor kept
 * here (logd_forward.c): so the next daemon goes on from where the last
 * one stopped, and records waiting in the store are neither sent nor
 * lost yet. Every record taken, or adopted, is written, not taken by
 * syslog, held by a daemon that stopped, or waiting (fwd_seq up to
 * store_next), but for those a running daemon has in hand.
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
	/* 05: the forwarder's place in the log store, kept for the next daemon. */
	uint64_t fwd_store;		/* the store (its id) the cursor is in; 0: none */
	uint64_t fwd_seq, fwd_off;	/* the next record of it to send, and where it is */
	uint64_t store_next;		/* the store's next record: those from fwd_seq wait */
	uint64_t adopted;		/* left waiting or in hand by earlier logging maps */
	uint64_t syslog_overrun;	/* of syslog_lost: overwritten in the store, unsent */
	uint64_t overrun_reported, carried_overrun;
	/*
	 * 06: sessions (-l S) without a record for want of room, evicted from
	 * a full session map or never taken into it: worked out each second
	 * (logd_sessions.c), exact when traffic is quiet; the loss line says
	 * what goes beyond what it said before.
	 */
	uint64_t sessions_evicted, evicted_reported, carried_evicted;
	/*
	 * 06 too: extended events share the store and the forwarder's cursor
	 * with the records but are not records: those the cursor has still to
	 * pass, so that what waits counts records only. Counted when written,
	 * and passed perhaps before that is counted: signed.
	 */
	int64_t events_waiting;
	/* Events the store overwrote ahead of the cursor, not yet told from its overrun. */
	uint64_t events_overrun;
};

/* Records in the store that syslog has still to get (none without a cursor). */
static inline uint64_t accounts_waiting(const struct log_accounts *a)
{
	int64_t frames = a->fwd_store && a->store_next > a->fwd_seq ?
				 (int64_t)(a->store_next - a->fwd_seq) : 0;

	return frames > a->events_waiting ? (uint64_t)(frames - a->events_waiting) : 0;
}

/*
 * Map the accounts: the last daemon's, or new ones. An unreadable or
 * damaged file is said and started anew; one of the layout before the
 * forwarder's place (04) keeps its counts. 0 or a negative errno
 * (reported). Then accounts_resume().
 */
int accounts_open(struct log_accounts **a);
/*
 * Once the daemon knows how many records wait in the store for it
 * (accounts_waiting() of its cursor, 0 without a store): what the last
 * daemon took and did not account for, it held when it stopped (unsent);
 * and counts of logging maps replaced since start over.
 */
void accounts_resume(struct log_accounts *a, uint64_t waiting);
void accounts_close(struct log_accounts *a);

/* A copy of what the state file holds (ipsec_logd -s); -ENOENT without one. */
int accounts_read_saved(struct log_accounts *copy);

/*
 * Say how many records were lost since the last such line, and how: the
 * log buffer full, the rate limit, syslog (and of those, how many the
 * store overwrote before they were sent), a daemon stopped with them, the
 * log store, the journal. The baselines move only when the line got
 * through, so losses said into a syslog that is down are said again once
 * it is back. say gets the line (event EV_RECORDS_LOST's message) and
 * returns 0 once it is said or kept, or -errno. 0 (said, or nothing to
 * say), or say's -errno.
 */
typedef int (*accounts_say_fn)(void *ctx, const char *text);
int accounts_report_losses(struct log_accounts *a, accounts_say_fn say, void *ctx);

/* Whether the pinned logging maps are not those the accounts follow. */
bool accounts_maps_replaced(const struct log_accounts *a);

/*
 * Follow the logging maps pinned now, carrying what was lost with the old
 * ones and not said yet (last: the old maps' final kernel counts, NULL
 * when they are gone unread), and adopting what they left unaccounted.
 */
void accounts_carry_over(struct log_accounts *a, const struct ebfilt_log_totals *last);

#endif
