/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text of the log lines, as AIX writes them (ipsec_logd(8) documents each
 * field). Each function writes one line, without a newline, into buf and
 * returns buf. ipmon's layout is dump.h's (dump_ipmon_line), one for the
 * daemon and ipsec_log dump.
 */
#ifndef EBFILT_LOGGING_FORMAT_H
#define EBFILT_LOGGING_FORMAT_H

#include <stddef.h>
#include <time.h>

#include "ebfilt/record.h"
#include "rules/rule.h"

/* Where a record's packet went: the interface's name and address. */
struct log_iface {
	const char *name;	/* "eth0", or NULL when unknown */
	const char *addr;	/* its address of the record's IP version, or NULL */
};

/* "08:08:40 on 08/27/97" (local time). */
char *log_format_when(time_t when, char *buf, size_t size);

/*
 * "#:6 R:p  o:10.0.0.1 s:10.0.0.1 d:10.0.0.20 p:udp sp:3327 dp:53 r:l a:n
 * f:n T:0 e:n l:67", with t:/c: for ICMP, "-" where the packet did not
 * carry the field, and " I:eth0" appended when with_iface is set.
 */
char *log_format_aix(const struct ebfilt_log_record *rec, const struct log_iface *iface,
		     bool with_iface, char *buf, size_t size);

/*
 * The rule listing written when logging sees a table activated:
 * "#:4 permit 10.0.0.1 255.255.255.255 10.0.0.2 255.255.255.255 icmp any 0
 * any 0  local outbound l=y f=y t=1 e= a=".
 */
char *log_format_rule(unsigned long id, const struct filter_rule *rule, char *buf, size_t size);

#endif
