/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The output formats of `ipsec_log dump`: each record of the store written
 * as AIX's line, ipmon's line, a JSON object, a WELF record, or a pcap
 * packet with a PFLOG header (tcpdump, Wireshark). Records that are not
 * packets are written in JSON only. ipsec_log(8) documents every field.
 */
#ifndef EBFILT_LOGGING_DUMP_H
#define EBFILT_LOGGING_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "logging/view.h"

enum dump_format { DUMP_AIX, DUMP_IPMON, DUMP_JSON, DUMP_WELF, DUMP_PCAP };

struct dump_options {
	bool hex;	/* the captured bytes in hex after each aix or ipmon line (ipmon -x) */
};

struct dump_out;	/* opaque */

/* "aix", "ipmon", "json", "welf" or "pcap"; -EINVAL for any other name. */
int dump_format_by_name(const char *name, enum dump_format *f);

/*
 * Start writing records to out in format f (opts NULL: no options). out
 * is not closed by dump_close(). pcap refuses a terminal (-ENOTTY), so
 * binary never goes to a tty, and writes the file header here. -EINVAL
 * for an unknown format, or hex with a format other than aix or ipmon.
 */
int dump_open(struct dump_out **d, enum dump_format f, FILE *out, const struct dump_options *opts);

/*
 * Write one record. ipmon holds a line back while the next ones repeat it
 * (written with its count, "3x", when a different one comes or at
 * dump_close()). 0, or -errno when out refused the bytes (-EIO when it
 * did not say why); -EINVAL for a view without a header, or whose
 * cap_len is past EBFILT_LOG_CAPTURE_MAX.
 */
int dump_record(struct dump_out *d, const struct log_view *v);

/* Write what is held back (ipmon's repeated line), flush out, free d; 0 or -errno. */
int dump_close(struct dump_out *d);

/*
 * One packet's ipmon line, as ipsec_logd sends it to syslog (which dates
 * it: the line starts with the time of day and microseconds), into buf;
 * returns buf. The same text, after the date, as -f ipmon writes.
 */
char *dump_ipmon_line(const struct log_view *v, char *buf, size_t size);

#endif
