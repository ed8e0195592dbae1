/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Session records (include/ebfilt/record.h: struct ebfilt_session_record)
 * as the readers of the log see them: checked, named, and put into words.
 * The one syslog line of a session is session_format_aix()'s; ipsec_log
 * dump writes it too (aix), or ipmon's state line, JSON or WELF
 * (session_dump.c). ipsec_logd(8) documents the fields.
 */
#ifndef EBFILT_LOGGING_SESSION_H
#define EBFILT_LOGGING_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/record.h"
#include "logging/view.h"

/*
 * The session record at data (size bytes available), copied into *out.
 * -ENOMSG: not a session record of a version this reader knows (skip it
 * by hdr.len); -EINVAL: not a whole record.
 */
int log_session_decode(const void *data, size_t size, struct ebfilt_session_record *out);

/* "fin", "rst", "idle", "deactivated"; "?" for a value not known. */
const char *session_end_name(enum ebfilt_session_end end);

/* Syslog's severity of a session's line: info (a summary, nothing denied). */
#define SESSION_SEVERITY LOG_INFO

/* Milliseconds from the session's first packet to its last. */
static inline uint64_t session_duration_ms(const struct ebfilt_session_record *s)
{
	return s->first_ago_ns > s->last_ago_ns ? (s->first_ago_ns - s->last_ago_ns) / 1000000 : 0;
}

/* When its first packet came (CLOCK_REALTIME), from the view's time of its end. */
struct timespec session_start(const struct log_view *v);

/* The protocol's name (tcp, udp, icmp, icmpv6, ...), else its number, in buf. */
const char *session_proto_text(uint8_t proto, char buf[4]);

/*
 * "#:3 S:fin i:192.0.2.1 s:192.0.2.2 d:192.0.2.1 p:tcp sp:34286 dp:23
 * start:19:39:35 dur:1250 pi:12 po:10 bi:1386 bo:5112 T:0", with id:N in
 * place of the ports for ICMP echo, none for other protocols, and " I:eth0"
 * appended when with_iface is set. Returns buf.
 */
char *session_format_aix(const struct log_view *v, bool with_iface, char *buf, size_t size);

/*
 * ipmon's state line as ipsec_logd sends it: its time ("19:39:35.123456"),
 * then "STATE:CLOSE 192.0.2.2,34286 ->
 * 192.0.2.1,23 PR tcp Pkts 22 Bytes 6498" (both ways together; EXPIRE
 * for an idle one, FLUSH for one its table took along), then ebfilt's
 * " end fin". Returns buf.
 */
char *session_format_ipmon(const struct log_view *v, char *buf, size_t size);

#endif
