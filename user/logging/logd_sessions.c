// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_logd's part in session summaries: once a second, the generation
 * in force runs its sweep (datapath/sessions.h), which ends the sessions
 * idle longer than ebfilt.conf allows; their records come through the log
 * ring like every other, and so are stored first, then said. And what a
 * full session map evicted, which no program sees: made - ended - open,
 * from the counters read around the sweep, and the sessions it could not
 * take at all (untracked, which the kernel counts): together the sessions
 * that leave no record for want of room, kept in the accounts for the
 * loss line and ipsec_logd -s.
 */
#include <unistd.h>

#include "datapath/sessions.h"
#include "logging/logd_impl.h"
#include "util/percpu.h"

/*
 * The latest figure, exact once traffic is quiet: taken while sessions
 * come and go it runs low (sessions made meanwhile count as open), or, in
 * the rare case a hash walk misses an entry that an eviction moved under
 * it, high. The loss line says only what goes beyond what it has said.
 */
static void note_evicted(struct logd *d, uint64_t evicted)
{
	d->accounts->sessions_evicted = evicted;
}

static int read_totals(struct logd *d, struct ebfilt_session_totals *t)
{
	if (d->session_totals_fd < 0)
		d->session_totals_fd = log_map_open("session_totals");
	if (d->session_totals_fd < 0)
		return d->session_totals_fd;
	return percpu_sum_struct(d->session_totals_fd, 0, t);
}

void logd_sessions_tick(struct logd *d)
{
	struct ebfilt_session_totals before, after;
	struct ebfilt_session_sweep swept;

	/* Before the sweep, then after: sessions made meanwhile only lower the figure. */
	if (read_totals(d, &before) || sessions_sweep_idle(&d->sessions, &swept) ||
	    read_totals(d, &after))
		return;
	note_evicted(d, sessions_evicted(before.made, after.ended, swept.open) + after.untracked);
}

void logd_sessions_leave(struct logd *d)
{
	struct ebfilt_session_totals last;

	/* mkfilt -d ended every open session first: what was made and not ended was evicted. */
	if (d->session_totals_fd >= 0 && !read_totals(d, &last))
		note_evicted(d, sessions_evicted(last.made, last.ended, 0) + last.untracked);
	if (d->session_totals_fd >= 0)
		close(d->session_totals_fd);
	d->session_totals_fd = -1;
}
