/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the daemon's parts share: the loop (logd.c), a record's line
 * (logd_lines.c) and the forwarder from the log store (logd_forward.c).
 */
#ifndef EBFILT_LOGGING_LOGD_IMPL_H
#define EBFILT_LOGGING_LOGD_IMPL_H

#include "logging/control.h"
#include "logging/logd.h"
#include "logging/view.h"

/*
 * A record to syslog (its line, coalesced with the last when configured,
 * queued) and to the journal, as configured; each counted written or lost
 * as its line goes. A record that is not a packet is kept, never said:
 * counted written.
 */
void logd_say(struct logd *d, const struct log_view *v);
/* The repeats held back, as "last record repeated N times" (queued; kept while no room). */
void logd_flush_held(struct logd *d);

/*
 * Start forwarding from the store, where the accounts say the last daemon
 * stopped (from the store's next record when they name no place in it):
 * *waiting gets the records left to send. The sink stops waiting for
 * syslog (syslog_out_nowait). 0 or -ENOMEM.
 */
int forward_open(struct logd *d, uint64_t *waiting);
/*
 * One turn, between two readings of the log buffer: send what is queued,
 * and records from the store while syslog takes them. may_wait: the log
 * buffer can afford that lines wait for room (it is far from full).
 */
void forward_run(struct logd *d, bool may_wait);
/* Whether the forwarder has records to send and room to send them now. */
bool forward_ready(const struct logd *d);
/* Before stopping: forward for at most ms milliseconds; the rest waits for the next daemon. */
void forward_finish(struct logd *d, int ms);
void forward_close(struct logd *d);

/*
 * Events (logd_events.c): take them from the socket (and the daemon's
 * own), each kept in the store and said from there, or said at once
 * without a store; logd_events_open() also points d->events at the
 * daemon. logd_events_take() reads what waits on the socket.
 */
void logd_events_open(struct logd *d);
void logd_events_take(struct logd *d);
void logd_events_close(struct logd *d);
/* The daemon keeps an event: in the store when there is one, then said. */
void logd_keep_event(struct logd *d, const struct event_record *ev);
/* The loss line (losses.h), when records were lost since the last one. */
void logd_say_losses(struct logd *d);

/* Shun and IF condition events (logd_state.c): compare with the last look, once a second. */
void logd_state_sweep(struct logd *d);
void logd_state_free(struct logd *d);

/* IPsec events (logd_xfrm.c): the monitor opened (said when it cannot be), its fd, a turn. */
void logd_xfrm_open(struct logd *d);
int logd_xfrm_fd(const struct logd *d);
void logd_xfrm_take(struct logd *d);
void logd_xfrm_close(struct logd *d);

/* Once a second: end idle sessions, and work out those a full map evicted. */
void logd_sessions_tick(struct logd *d);
/* The logging maps are going (mkfilt -d): the last figure of their evictions. */
void logd_sessions_leave(struct logd *d);

#endif
