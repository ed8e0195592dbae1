/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records to the systemd journal (ebfilt.conf log_journal yes), with
 * structured fields, so that journalctl EBFILT_ACTION=deny finds the denied
 * packets: EBFILT_RULE, EBFILT_ACTION, EBFILT_SRC, EBFILT_DST,
 * EBFILT_SPORT, EBFILT_DPORT (with ports), EBFILT_ICMP_TYPE and
 * EBFILT_ICMP_CODE (ICMP), EBFILT_PROTO, EBFILT_IFACE, EBFILT_DIRECTION,
 * EBFILT_TUNNEL, EBFILT_REASON, and MESSAGE (the AIX line), PRIORITY and
 * SYSLOG_FACILITY as the syslog line has them.
 */
#ifndef EBFILT_LOGGING_JOURNAL_H
#define EBFILT_LOGGING_JOURNAL_H

#include "ebfilt/record.h"

/*
 * facility is a syslog facility number (20: local4). 0, or the negative
 * errno of the journal's refusal (not reported).
 */
int journal_send(const struct ebfilt_log_record *rec, const char *ifname, const char *line,
		 int severity, int facility);

#endif
