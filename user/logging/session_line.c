// SPDX-License-Identifier: GPL-2.0
/*
 * A session record checked, and its lines: the AIX-like line ipsec_logd
 * sends to syslog (and ipsec_log dump -f aix writes), and ipmon's state
 * line. One function each, so the daemon and the dump never differ.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "logging/session.h"
#include "rules/format.h"
#include "util/escape.h"

int log_session_decode(const void *data, size_t size, struct ebfilt_session_record *out)
{
	struct ebfilt_rec_hdr hdr;

	if (size < sizeof(hdr))
		return -EINVAL;
	memcpy(&hdr, data, sizeof(hdr));
	if (hdr.len < sizeof(hdr) || hdr.len > size)
		return -EINVAL;
	if (hdr.type != EBFILT_REC_SESSION || hdr.version != EBFILT_REC_SESSION_VERSION)
		return -ENOMSG;
	if (hdr.len < sizeof(*out))
		return -EINVAL;
	memcpy(out, data, sizeof(*out));
	return out->version == 4 || out->version == 6 ? 0 : -EINVAL;
}

const char *session_end_name(enum ebfilt_session_end end)
{
	static const char *const names[] = {
		[EBFILT_SESSION_FIN] = "fin", [EBFILT_SESSION_RST] = "rst",
		[EBFILT_SESSION_IDLE] = "idle", [EBFILT_SESSION_DEACTIVATED] = "deactivated",
	};

	return (unsigned int)end < sizeof(names) / sizeof(names[0]) && names[end] ? names[end]
										   : "?";
}

/*
 * Seconds and nanoseconds apart: first_ago_ns is the record's (a hostile
 * one's too), and in nanoseconds the sum would overflow.
 */
struct timespec session_start(const struct log_view *v)
{
	uint64_t ago = v->sess->first_ago_ns;
	struct timespec t = { .tv_sec = (time_t)((int64_t)v->when.tv_sec - (int64_t)(ago / 1000000000)),
			      .tv_nsec = v->when.tv_nsec - (long)(ago % 1000000000) };

	if (t.tv_nsec < 0) {
		t.tv_nsec += 1000000000;
		t.tv_sec--;
	}
	return t;
}

const char *session_proto_text(uint8_t proto, char buf[4])
{
	const char *name = rule_name_word(NAMES_PROTO, proto);

	/* 0 is "all" to the rules; to a packet it is a number like any other. */
	if (proto && name[0] != '?')
		return name;
	snprintf(buf, 4, "%u", proto);
	return buf;
}

static const char *addr_text(const struct ebfilt_session_record *s, const uint8_t *addr,
			     char buf[RULE_ADDR_TEXT_MAX])
{
	struct rule_addr a;

	memcpy(a.bytes, addr, 16);
	return rule_addr_text(s->version, &a, buf);
}

static bool is_icmp(uint8_t proto)
{
	return proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
}

/* " sp:34286 dp:23", " id:4711" (ICMP echo), or nothing (other protocols). */
static void format_ports(const struct ebfilt_session_record *s, char *buf, size_t size)
{
	buf[0] = '\0';
	if (s->proto == IPPROTO_TCP || s->proto == IPPROTO_UDP)
		snprintf(buf, size, " sp:%u dp:%u", s->sport, s->dport);
	else if (is_icmp(s->proto) && (s->sport || s->dport))
		snprintf(buf, size, " id:%u", s->sport);
}

char *session_format_aix(const struct log_view *v, bool with_iface, char *buf, size_t size)
{
	const struct ebfilt_session_record *s = v->sess;
	char src[RULE_ADDR_TEXT_MAX], dst[RULE_ADDR_TEXT_MAX], ports[32], proto[4], start[16];
	char name[ESCAPED_MAX];
	struct timespec first = session_start(v);
	struct tm tm;
	int len;

	localtime_r(&first.tv_sec, &tm);
	strftime(start, sizeof(start), "%H:%M:%S", &tm);
	format_ports(s, ports, sizeof(ports));
	len = snprintf(buf, size,
		       "#:%u S:%s %c:%s s:%s d:%s p:%s%s start:%s dur:%llu pi:%llu po:%llu bi:%llu "
		       "bo:%llu T:%u",
		       s->rule_id, session_end_name(s->end), s->inbound ? 'i' : 'o',
		       v->ifaddr ? v->ifaddr : "-", addr_text(s, s->saddr, src),
		       addr_text(s, s->daddr, dst), session_proto_text(s->proto, proto), ports, start,
		       (unsigned long long)session_duration_ms(s),
		       (unsigned long long)s->packets_in, (unsigned long long)s->packets_out,
		       (unsigned long long)s->bytes_in, (unsigned long long)s->bytes_out, s->tunnel);
	/* Escaping is idempotent: names already escaped stay as they are. */
	if (with_iface && len > 0 && (size_t)len < size)
		snprintf(buf + len, size - (size_t)len, " I:%s",
			 v->ifname ? escape_text(v->ifname, ESCAPE_TOKEN_MAX, name, sizeof(name))
				   : "-");
	return buf;
}

/* As ipmon names a state's end: closed by the peers, expired, flushed with the table. */
static const char *ipmon_state(enum ebfilt_session_end end)
{
	return end == EBFILT_SESSION_IDLE ? "EXPIRE" : end == EBFILT_SESSION_DEACTIVATED ? "FLUSH"
											   : "CLOSE";
}

char *session_format_ipmon(const struct log_view *v, char *buf, size_t size)
{
	const struct ebfilt_session_record *s = v->sess;
	char src[RULE_ADDR_TEXT_MAX], dst[RULE_ADDR_TEXT_MAX], num[4];
	unsigned long long pkts = s->packets_in + s->packets_out, bytes = s->bytes_in + s->bytes_out;
	const char *state = ipmon_state(s->end), *proto = session_proto_text(s->proto, num);
	char t[16];
	struct tm tm;
	int len;

	addr_text(s, s->saddr, src);
	addr_text(s, s->daddr, dst);
	localtime_r(&v->when.tv_sec, &tm);
	strftime(t, sizeof(t), "%H:%M:%S", &tm);
	len = snprintf(buf, size, "%s.%06u ", t,
		       (unsigned int)((unsigned long)v->when.tv_nsec / 1000 % 1000000));
	if (len < 0 || (size_t)len >= size)
		return buf;
	buf += len;
	size -= (size_t)len;
	if (s->proto == IPPROTO_TCP || s->proto == IPPROTO_UDP)
		snprintf(buf, size, "STATE:%s %s,%u -> %s,%u PR %s Pkts %llu Bytes %llu end %s",
			 state, src, s->sport, dst, s->dport, proto, pkts, bytes,
			 session_end_name(s->end));
	else
		snprintf(buf, size, "STATE:%s %s -> %s PR %s Pkts %llu Bytes %llu end %s", state,
			 src, dst, proto, pkts, bytes, session_end_name(s->end));
	return buf - len;
}
