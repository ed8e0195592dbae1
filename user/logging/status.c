// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>

#include "datapath/counters.h"
#include "logging/control.h"
#include "logging/losses.h"
#include "logging/status.h"

static void line(FILE *out, const char *what, uint64_t count)
{
	fprintf(out, "%-40s %llu\n", what, (unsigned long long)count);
}

void logging_print_status(FILE *out)
{
	struct ebfilt_pkt_exceptions exc;
	struct ebfilt_log_totals totals;
	uint64_t written, syslog_lost;

	if (log_totals_read(&totals, NULL)) {
		fprintf(out, "Packet logging is not set up: no filter is active.\n");
		return;
	}
	accounts_read_saved(&written, &syslog_lost);
	fprintf(out, "Packet logging is %s; ipsec_logd is %s.\n",
		logging_started() ? "started" : "stopped", logd_pid() ? "running" : "not running");
	line(out, "records logged by the filter", totals.emitted);
	line(out, "records lost, log buffer full", totals.ring_full);
	line(out, "records lost, over the rate limit", totals.rate_limited);
	line(out, "records written to syslog", written);
	line(out, "records not taken by syslog", syslog_lost);
	if (filter_read_exceptions(&exc))
		return;
	line(out, "packets dropped, short or malformed", exc.short_pkts);
	line(out, "fragments dropped, overlapping headers", exc.bad_frags);
	line(out, "frames passed, not IP", exc.not_ip);
	line(out, "packets passed, version inactive", exc.inactive);
}
