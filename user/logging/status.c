// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_logd -s: one table of counters, each with its text and its JSON
 * name, printed as lines or as one JSON document (ipsec_logd(8) lists
 * both), so scripts never parse the text.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/counters.h"
#include "datapath/sessions.h"
#include "logging/control.h"
#include "logging/losses.h"
#include "logging/status.h"
#include "util/diag.h"
#include "util/json.h"
#include "util/paths.h"

struct counter {
	const char *text;	/* the line's label */
	const char *key;	/* its JSON name */
	uint64_t value;
};

static void counters(FILE *out, struct json_out *j, const char *group, const struct counter *c,
		     size_t n)
{
	size_t i;

	if (j)
		json_open(j, group, '{');
	for (i = 0; i < n; i++) {
		if (j)
			json_uint(j, c[i].key, c[i].value);
		else
			fprintf(out, "%-44s %llu\n", c[i].text, (unsigned long long)c[i].value);
	}
	if (j)
		json_close(j, '}');
}

#define COUNT(table) (sizeof(table) / sizeof(table[0]))

static void records(FILE *out, struct json_out *j, const struct ebfilt_log_totals *t,
		    const struct log_accounts *a)
{
	const struct counter c[] = {
		{ "records logged by the filter", "logged", t->emitted },
		{ "records lost, log buffer full", "lost_buffer_full", t->ring_full },
		{ "records lost, over the rate limit", "lost_rate_limit", t->rate_limited },
		{ "records taken by ipsec_logd", "taken", a->taken },
		{ "records handed on by earlier logging maps", "handed_on", a->adopted },
		{ "records written to syslog", "syslog_written", a->written },
		{ "records not taken by syslog", "syslog_lost", a->syslog_lost },
		{ "  of them, overwritten in the log store first", "syslog_overwritten",
		  a->syslog_overrun },
		{ "records held by an ipsec_logd that stopped", "held_by_stopped", a->unsent },
		{ "records waiting in the log store for syslog", "waiting", accounts_waiting(a) },
		{ "records kept in the log store", "store_kept", a->store_written },
		{ "records not taken by the log store", "store_lost", a->store_lost },
		{ "records sent to the journal", "journal_sent", a->journal_sent },
		{ "records not taken by the journal", "journal_lost", a->journal_lost },
	};

	counters(out, j, "records", c, COUNT(c));
}

/* Sessions of -l S rules: their records, and those a full map dropped without one. */
static void sessions(FILE *out, struct json_out *j, const struct log_accounts *a)
{
	struct ebfilt_session_totals st;
	struct session_view *open = NULL;
	size_t n = 0;

	if (sessions_totals_read(&st))
		return;
	sessions_read_open(&open, &n);	/* none when no version is active */
	free(open);
	{
		const struct counter c[] = {
			{ "sessions summarised (-l S), made", "made", st.made },
			{ "sessions ended", "ended", st.ended },
			{ "sessions open now", "open", n },
			{ "session records written to the log buffer", "records", st.records },
			{ "session records lost, log buffer full", "records_lost", st.lost },
			{ "sessions dropped by a full map, no record", "dropped", a->sessions_evicted },
			{ "  of them, never tracked (no free entry)", "never_tracked", st.untracked },
		};

		counters(out, j, "sessions", c, COUNT(c));
	}
}

static void exceptions(FILE *out, struct json_out *j, const struct ebfilt_pkt_exceptions *e)
{
	const struct counter c[] = {
		{ "packets dropped, short or malformed", "dropped_short", e->short_pkts },
		{ "fragments dropped, overlapping headers", "dropped_bad_fragments", e->bad_frags },
		{ "frames passed, not IP", "passed_not_ip", e->not_ip },
		{ "packets passed, version inactive", "passed_version_inactive", e->inactive },
		{ "packets dropped, no program in force", "dropped_no_program", e->no_program },
	};

	counters(out, j, "filter", c, COUNT(c));
}

/* Why syslog last refused a line, if it still does; NULL: it takes them. */
static const char *sink_state(const struct log_accounts *a, char *buf, size_t size)
{
	/* Without waiting (a log store), a syslog with no room is no refusal: records wait. */
	if (a->sink_errno == EAGAIN && a->fwd_store)
		return "Syslog has taken no line for a second or more; records wait in the log store.";
	if (a->sink_errno <= 0)
		return NULL;
	snprintf(buf, size, "Syslog refuses lines: %s.", strerror(a->sink_errno));
	return buf;
}

int logging_print_status(FILE *out, bool json)
{
	struct ebfilt_pkt_exceptions exc;
	struct ebfilt_log_totals totals;
	struct log_accounts acc = { 0 };
	struct json_out j;
	char why[160];
	const char *sink;
	int err = log_totals_read(&totals, NULL);
	bool started = logging_started(), running = logd_pid() != 0;

	if (err == -EACCES || err == -EPERM) {
		pr_err("cannot read the logging counters under %s: permission denied",
		       ebfilt_pindir());
		return err;
	}
	if (json) {
		json_begin(&j, out);
		json_open(&j, NULL, '{');
		json_bool(&j, "active", !err);
	}
	if (err) {
		if (json) {
			json_close(&j, '}');
			json_end(&j);
		} else {
			fprintf(out, "Packet logging is not set up: no filter is active.\n");
		}
		return 0;
	}
	accounts_read_saved(&acc);	/* none yet: all zero */
	sink = sink_state(&acc, why, sizeof(why));
	if (json) {
		json_bool(&j, "logging_started", started);
		json_bool(&j, "ipsec_logd_running", running);
		json_string(&j, "syslog_problem", sink);
	} else {
		fprintf(out, "Packet logging is %s; ipsec_logd is %s.\n",
			started ? "started" : "stopped", running ? "running" : "not running");
	}
	records(out, json ? &j : NULL, &totals, &acc);
	if (!json && sink)
		fprintf(out, "%s\n", sink);
	sessions(out, json ? &j : NULL, &acc);
	if (!filter_read_exceptions(&exc))
		exceptions(out, json ? &j : NULL, &exc);
	if (json) {
		json_close(&j, '}');
		json_end(&j);
	}
	return 0;
}
