// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarder: with a log store, records reach syslog and the journal
 * from the store, behind a cursor of their own, so that a syslog slower
 * than the kernel makes records wait in the store (bounded by log_size),
 * never in the log buffer.
 *
 * It takes turns with the reader in the daemon's one loop (logd.c) rather
 * than running in a thread: after each draining of the log buffer into
 * the store, a turn of at most FORWARD_TURN_US. So the buffer is served
 * first whatever syslog does; on a machine with few CPUs a thread would
 * take the CPU from the reader during a burst, exactly when both have the
 * most to do; and the store, the accounts, the coalescing and a reload
 * keep one user and need no lock.
 *
 * Lines wait for room in the kernel, as a plain client's do (each goes as
 * the syslog daemon reads one, with no wake-up of this loop), a clock tick
 * each at most and FORWARD_STEP at a time, while the last look found the
 * log buffer far from full; else they go only while the socket has room,
 * and the loop waits for room and records together.
 *
 * The cursor is kept in the accounts (losses.h) as each record is taken:
 * a daemon that stops, or is killed, leaves the records it has not sent in
 * the store for the next one, which goes on from there. Only the lines a
 * killed daemon had queued are lost; they count as held.
 */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include "logging/logd_impl.h"
#include "logging/logstream.h"

/* Lines the forwarder may queue for one record: a repeat count, then its own. */
#define LINES_PER_RECORD 2
/* A turn of the forwarder, at most: then the log buffer is read again. */
#define FORWARD_TURN_US 2000
/* Lines made, or let wait for room, at a time: a few, so the socket never runs dry. */
#define FORWARD_STEP 16

/* Records the store overwrote before the cursor reached them: lost to syslog. */
static void count_overrun(struct logd *d)
{
	uint64_t n = store_follow_take_overrun(d->follow), events;
	struct log_accounts *a = d->accounts;

	/*
	 * Events went too: not records, and no longer waiting. The writer
	 * counted them as it overwrote them (perhaps a daemon before this one).
	 */
	a->events_overrun += store_take_events_overrun(d->store);
	events = a->events_overrun < n ? a->events_overrun : n;
	a->events_overrun -= events;
	a->events_waiting -= (int64_t)events;
	a->syslog_lost += n - events;
	a->syslog_overrun += n - events;
}

static void keep_place(struct logd *d)
{
	d->accounts->fwd_seq = store_follow_seq(d->follow);
	d->accounts->fwd_off = store_follow_off(d->follow);
}

int forward_open(struct logd *d, uint64_t *waiting)
{
	struct log_accounts *a = d->accounts;
	uint64_t id = store_id(d->store);
	bool ours = a->fwd_store == id;
	int err;

	if (!ours)	/* another store: none of its events are known */
		a->events_waiting = a->events_overrun = 0;
	/* No place in this store (a new one, or the first daemon with a forwarder): from now. */
	err = store_follow_open(&d->follow, d->store, ours ? a->fwd_seq : UINT64_MAX,
				ours ? a->fwd_off : 0);
	if (err)
		return err;
	a->fwd_store = id;
	count_overrun(d);
	keep_place(d);
	a->store_next = store_next_written(d->store);
	*waiting = accounts_waiting(a);
	syslog_out_nowait(&d->out, true);
	return 0;
}

static long elapsed_us(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000000 + (now.tv_nsec - since->tv_nsec) / 1000;
}

/*
 * Send what is queued, letting lines wait for room in the kernel when
 * wait: how many lines went (or were refused and counted). A syslog that
 * takes lines a millisecond or more apart, or none, is not waited for
 * again for a second: such waits would keep the log buffer unread for
 * nothing.
 */
static unsigned int flush(struct logd *d, bool wait)
{
	unsigned int before = syslog_out_queued(&d->out), sent;
	struct timespec start;
	time_t now = time(NULL);

	wait = wait && d->impatient_until <= now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (wait)	/* a clock tick a line at most, FORWARD_STEP of them */
		syslog_out_flush_waiting(&d->out, FORWARD_STEP);
	else
		syslog_out_flush(&d->out);
	sent = before - syslog_out_queued(&d->out);
	if (wait && elapsed_us(&start) >= 1000 * ((long)sent + 1))
		d->impatient_until = now + 1;
	/* No room for a second: said by ipsec_logd -s (the records wait, they are not lost). */
	if (sent || !syslog_out_queued(&d->out))
		d->stalled_since = 0;
	else if (!d->stalled_since)
		d->stalled_since = now;
	else if (now - d->stalled_since >= 1)
		d->out.last_error = EAGAIN;
	return sent;
}

/* Make up the batch from the store, FORWARD_STEP records at most: whether any was taken. */
static bool top_up(struct logd *d)
{
	static struct log_stored rec;	/* large: not on the stack */
	struct log_frame frame;
	const void *record;
	int got, n = 0;

	while (n < FORWARD_STEP && syslog_out_queued(&d->out) + LINES_PER_RECORD <= SYSLOG_BATCH) {
		got = store_follow_next(d->follow, &frame, &record);
		count_overrun(d);
		if (got <= 0) {
			d->follow_errno = got < 0 ? -got : 0;
			break;
		}
		n++;
		keep_place(d);
		/* Whole (its CRC held) yet no record: taken for one by no reader. */
		if (log_stored_view(&frame, record, &rec)) {
			d->accounts->syslog_lost++;
			continue;
		}
		if (rec.view.ev)
			d->accounts->events_waiting--;
		logd_say(d, &rec.view);
	}
	return n > 0;
}

void forward_run(struct logd *d, bool may_wait)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (!flush(d, may_wait) && syslog_out_queued(&d->out))
			break;	/* no room: the loop waits for some, and for records */
		if (!top_up(d) && !syslog_out_queued(&d->out))
			break;	/* all sent, nothing behind */
		if (elapsed_us(&start) >= FORWARD_TURN_US)
			break;
	}
}

bool forward_ready(const struct logd *d)
{
	return !syslog_out_queued(&d->out) && store_follow_behind(d->follow);
}

void forward_finish(struct logd *d, int ms)
{
	struct timespec start, now;
	struct pollfd p = { .events = POLLOUT };
	int left = ms;

	if (d->stalled_since)	/* a syslog that takes nothing is not waited for */
		return;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (left > 0) {
		forward_run(d, true);
		if (d->follow_errno ||
		    (!syslog_out_queued(&d->out) && !store_follow_behind(d->follow)))
			return;
		if (syslog_out_queued(&d->out)) {	/* room, or a retry soon when not connected */
			p.fd = syslog_out_fd(&d->out);
			poll(&p, 1, p.fd < 0 ? 10 : left);
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
				  (now.tv_nsec - start.tv_nsec) / 1000000);
	}
}

void forward_close(struct logd *d)
{
	if (!d->follow)
		return;
	keep_place(d);
	store_follow_close(d->follow);
	d->follow = NULL;
}
