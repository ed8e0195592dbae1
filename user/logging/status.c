// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "datapath/counters.h"
#include "logging/control.h"
#include "logging/losses.h"
#include "logging/status.h"
#include "util/diag.h"
#include "util/paths.h"

static void line(FILE *out, const char *what, uint64_t count)
{
	fprintf(out, "%-44s %llu\n", what, (unsigned long long)count);
}

int logging_print_status(FILE *out)
{
	struct ebfilt_pkt_exceptions exc;
	struct ebfilt_log_totals totals;
	struct log_accounts acc = { 0 };
	int err = log_totals_read(&totals, NULL);

	if (err == -EACCES || err == -EPERM) {
		pr_err("cannot read the logging counters under %s: permission denied",
		       ebfilt_pindir());
		return err;
	}
	if (err) {
		fprintf(out, "Packet logging is not set up: no filter is active.\n");
		return 0;
	}
	accounts_read_saved(&acc);	/* none yet: all zero */
	fprintf(out, "Packet logging is %s; ipsec_logd is %s.\n",
		logging_started() ? "started" : "stopped", logd_pid() ? "running" : "not running");
	line(out, "records logged by the filter", totals.emitted);
	line(out, "records lost, log buffer full", totals.ring_full);
	line(out, "records lost, over the rate limit", totals.rate_limited);
	line(out, "records taken by ipsec_logd", acc.taken);
	line(out, "records handed on by earlier logging maps", acc.adopted);
	line(out, "records written to syslog", acc.written);
	line(out, "records not taken by syslog", acc.syslog_lost);
	line(out, "  of them, overwritten in the log store first", acc.syslog_overrun);
	line(out, "records held by an ipsec_logd that stopped", acc.unsent);
	line(out, "records waiting in the log store for syslog", accounts_waiting(&acc));
	line(out, "records kept in the log store", acc.store_written);
	line(out, "records not taken by the log store", acc.store_lost);
	line(out, "records sent to the journal", acc.journal_sent);
	line(out, "records not taken by the journal", acc.journal_lost);
	/* Without waiting (a log store), a syslog with no room is no refusal: records wait. */
	if (acc.sink_errno == EAGAIN && acc.fwd_store)
		fprintf(out, "Syslog has taken no line for a second or more; records wait in the "
			"log store.\n");
	else if (acc.sink_errno > 0)
		fprintf(out, "Syslog refuses lines: %s.\n", strerror(acc.sink_errno));
	if (filter_read_exceptions(&exc))
		return 0;
	line(out, "packets dropped, short or malformed", exc.short_pkts);
	line(out, "fragments dropped, overlapping headers", exc.bad_frags);
	line(out, "frames passed, not IP", exc.not_ip);
	line(out, "packets passed, version inactive", exc.inactive);
	line(out, "packets dropped, no program in force", exc.no_program);
	return 0;
}
