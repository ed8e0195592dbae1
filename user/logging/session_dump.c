// SPDX-License-Identifier: GPL-2.0
/*
 * Session records in ipsec_log dump's formats: aix (the syslog line),
 * ipmon (its state line, with the date as ipmon writes a file), JSON (the
 * fields ipsec_log(8) lists), WELF (sent, rcvd and duration, as WELF's
 * connection records have them). pcap has no packet to write: a session
 * is left out of it.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "logging/dump_priv.h"
#include "logging/session.h"
#include "rules/format.h"
#include "util/json.h"

#define JSON_NAME_MAX 256

static const char *addr_text(const struct ebfilt_session_record *s, const uint8_t *addr,
			     char buf[RULE_ADDR_TEXT_MAX])
{
	struct rule_addr a;

	memcpy(a.bytes, addr, 16);
	return rule_addr_text(s->version, &a, buf);
}

static bool has_ports(const struct ebfilt_session_record *s)
{
	return s->proto == IPPROTO_TCP || s->proto == IPPROTO_UDP;
}

static bool is_icmp(const struct ebfilt_session_record *s)
{
	return s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6;
}

/* TCP flags seen, as ipmon writes them (ARSFUPEC order), "" for none. */
static const char *flag_letters(uint8_t flags, char buf[9])
{
	static const struct { uint8_t bit; char letter; } order[] = {
		{ 0x10, 'A' }, { 0x04, 'R' }, { 0x02, 'S' }, { 0x01, 'F' },
		{ 0x20, 'U' }, { 0x08, 'P' }, { 0x40, 'E' }, { 0x80, 'C' },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit)
			buf[n++] = order[i].letter;
	buf[n] = '\0';
	return buf;
}

void dump_session_json(struct dump_line *l, const struct log_view *v)
{
	const struct ebfilt_session_record *s = v->sess;
	char src[RULE_ADDR_TEXT_MAX], dst[RULE_ADDR_TEXT_MAX], start[32], fin[9], fout[9];
	char quoted[JSON_QUOTED_MAX(JSON_NAME_MAX)];
	struct timespec first = session_start(v);
	const char *name = rule_name_word(NAMES_PROTO, s->proto);
	struct tm tm;

	gmtime_r(&first.tv_sec, &tm);
	strftime(start, sizeof(start), "%Y-%m-%dT%H:%M:%S", &tm);
	dump_line_add(l, ",\"type\":\"session\",\"rule\":%u,\"end\":\"%s\",\"direction\":\"%s\"",
		      s->rule_id, session_end_name(s->end), s->inbound ? "in" : "out");
	dump_line_add(l, ",\"interface\":%s", v->ifname ? json_quote(v->ifname, JSON_NAME_MAX,
								      quoted, sizeof(quoted))
							 : "null");
	dump_line_add(l, ",\"ifindex\":%u,\"version\":%u,\"src\":\"%s\",\"dst\":\"%s\"",
		      s->ifindex, s->version, addr_text(s, s->saddr, src),
		      addr_text(s, s->daddr, dst));
	dump_line_add(l, ",\"proto\":%u,\"proto_name\":", s->proto);
	if (s->proto && name[0] != '?')
		dump_line_add(l, "\"%s\"", name);
	else
		dump_line_add(l, "null");
	if (has_ports(s))
		dump_line_add(l, ",\"sport\":%u,\"dport\":%u", s->sport, s->dport);
	else if (is_icmp(s) && (s->sport || s->dport))
		dump_line_add(l, ",\"icmp_id\":%u", s->sport);
	dump_line_add(l, ",\"start\":\"%s.%06luZ\",\"duration_ms\":%llu", start,
		      (unsigned long)first.tv_nsec / 1000 % 1000000,
		      (unsigned long long)session_duration_ms(s));
	dump_line_add(l, ",\"packets_in\":%llu,\"packets_out\":%llu,\"bytes_in\":%llu"
		      ",\"bytes_out\":%llu", (unsigned long long)s->packets_in,
		      (unsigned long long)s->packets_out, (unsigned long long)s->bytes_in,
		      (unsigned long long)s->bytes_out);
	if (s->proto == IPPROTO_TCP)
		dump_line_add(l, ",\"tcp_flags_in\":\"%s\",\"tcp_flags_out\":\"%s\"",
			      flag_letters(s->tcp_flags_in, fin),
			      flag_letters(s->tcp_flags_out, fout));
	dump_line_add(l, ",\"tunnel\":%u,\"severity\":\"info\"", s->tunnel);
}

/*
 * id=firewall time="..." fw=host pri=6 rule=3 proto=tcp src=... srcport=...
 * dst=... dstport=... duration=1250 sent=5112 rcvd=1386 act=permit
 * msg="session fin in on eth0": sent is what the initiator sent.
 */
static int dump_session_welf(struct dump_out *d, const struct log_view *v)
{
	const struct ebfilt_session_record *s = v->sess;
	char src[RULE_ADDR_TEXT_MAX], dst[RULE_ADDR_TEXT_MAX], proto[4], when[32];
	char name[ESCAPED_MAX];
	uint64_t sent = s->inbound ? s->bytes_in : s->bytes_out;
	uint64_t rcvd = s->inbound ? s->bytes_out : s->bytes_in;
	struct dump_line l;
	struct tm tm;

	localtime_r(&v->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	dump_line_init(&l);
	dump_line_add(&l, "id=firewall time=\"%s\" fw=%s pri=%d rule=%u proto=%s", when, d->host,
		      SESSION_SEVERITY, s->rule_id, session_proto_text(s->proto, proto));
	dump_line_add(&l, " src=%s", addr_text(s, s->saddr, src));
	if (has_ports(s))
		dump_line_add(&l, " srcport=%u", s->sport);
	dump_line_add(&l, " dst=%s", addr_text(s, s->daddr, dst));
	if (has_ports(s))
		dump_line_add(&l, " dstport=%u", s->dport);
	dump_line_add(&l, " duration=%llu sent=%llu rcvd=%llu act=permit",
		      (unsigned long long)(session_duration_ms(s) / 1000), (unsigned long long)sent,
		      (unsigned long long)rcvd);
	dump_line_add(&l, " msg=\"session %s %s on %s\"\r\n", session_end_name(s->end),
		      s->inbound ? "in" : "out", v->ifname ? dump_ifname(v->ifname, name) : "-");
	return l.cut ? -EMSGSIZE : dump_put(d, l.text);
}

int dump_session(struct dump_out *d, const struct log_view *v)
{
	char line[512], date[16];
	struct tm tm;
	int err;

	switch (d->format) {
	case DUMP_AIX:
		session_format_aix(v, false, line, sizeof(line));
		err = dump_put(d, line);
		return err ? err : dump_put(d, "\n");
	case DUMP_IPMON:
		/* A packet line held for its repeats goes first: the order is kept. */
		err = dump_ipmon_flush(d);
		localtime_r(&v->when.tv_sec, &tm);
		strftime(date, sizeof(date), "%d/%m/%Y ", &tm);
		if (!err)
			err = dump_put(d, date);
		if (!err)
			err = dump_put(d, session_format_ipmon(v, line, sizeof(line)));
		return err ? err : dump_put(d, "\n");
	case DUMP_WELF:
		return dump_session_welf(d, v);
	default:	/* pcap: no packet to write */
		return 0;
	}
}
