/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's accounts of records: written, and lost by the kernel (log
 * buffer full, rate limit) or by syslog. They are kept in
 * EBFILT_RUNDIR/ipsec_logd.state, so that a new daemon reports what the
 * last one missed and ipsec_logd -s can show them.
 */
#ifndef EBFILT_LOGGING_LOSSES_H
#define EBFILT_LOGGING_LOSSES_H

#include <stdbool.h>
#include <stdint.h>

#include "ebfilt/record.h"
#include "logging/syslog.h"

struct log_accounts {
	uint32_t maps_id;		/* the log_totals map the baselines below belong to */
	struct ebfilt_log_totals reported;	/* kernel counts already reported */
	uint64_t syslog_lost;		/* records syslog did not take */
	uint64_t syslog_reported;	/* of those, already reported */
	uint64_t written;		/* records written */
};

/* The kernel baselines of the last daemon, if the state file has them. */
void accounts_load(struct log_accounts *a);
void accounts_save(const struct log_accounts *a);
/* What the state file says was written and not taken by syslog (0 if unknown). */
void accounts_read_saved(uint64_t *written, uint64_t *syslog_lost);

/*
 * Say how many records were lost since the last such line: dropped by the
 * kernel (buffer full), by the rate limit, or not taken by syslog. The
 * baselines move only when the line got through, so losses reported into
 * a syslog that is down are reported again once it is back.
 */
void accounts_report_losses(struct log_accounts *a, struct syslog_out *out);

/* Whether the pinned logging maps are not those the accounts follow. */
bool accounts_maps_replaced(const struct log_accounts *a);

#endif
