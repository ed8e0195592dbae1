// SPDX-License-Identifier: GPL-2.0
/*
 * The line formats of ipsec_log dump: AIX's (as ipsec_logd writes it),
 * ipmon's (as ipmon(8) writes a file: with the date, TCP flags, repeats
 * counted) and WELF's (the WebTrends Enhanced Log Format records
 * SunScreen's welfmt writes).
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "logging/dump_priv.h"
#include "logging/format.h"
#include "rules/format.h"

int dump_aix(struct dump_out *d, const struct log_view *v)
{
	char name[ESCAPED_MAX], line[512];
	struct log_iface iface = { v->ifname ? dump_ifname(v->ifname, name) : NULL, v->ifaddr };
	int err;

	/* Exactly the syslog line ipsec_logd wrote (its I: field is a setting). */
	log_format_aix(v->pkt, &iface, false, line, sizeof(line));
	err = dump_put(d, line);
	if (!err)
		err = dump_put(d, "\n");
	if (!err && d->opts.hex)
		err = dump_hex(d, v->pkt->headers, v->pkt->cap_len);
	return err;
}

/* The protocol as ipmon names it: a name, else its number; "-" when the packet did not say. */
static const char *ipmon_proto(const struct ebfilt_log_record *r, char num[4])
{
	const char *name = dump_proto_name(r);

	if (!(r->flags & EBFILT_LOG_PROTO))
		return "-";
	if (name)
		return name;
	snprintf(num, 4, "%u", r->proto);
	return num;
}

/*
 * ipmon's action letter: p passed, b blocked, n no rule matched (the
 * default rule's records, and those dropped before the table, which are
 * logged as the default rule's); S before it for a short packet.
 */
static void ipmon_action(const struct ebfilt_log_record *r, struct dump_line *l)
{
	enum log_why why = log_why_of(r);
	char letter = r->action == EBFILT_PERMIT ? 'p' : 'b';

	if (why == LOG_WHY_DEFAULT || why == LOG_WHY_UNSEEN || why == LOG_WHY_FRAG)
		letter = 'n';
	dump_line_add(l, "%s%c ", r->flags & EBFILT_LOG_SHORT ? "S" : "", letter);
}

/* An IPv4 later fragment, as ipmon shows it: " (frag ID:LEN@OFFSET+-)". */
static void ipmon_frag(const struct ebfilt_log_record *r, unsigned int hlen, struct dump_line *l)
{
	const uint8_t *h = r->headers;
	unsigned int field;

	if (r->version != 4 || r->cap_len < 20)
		return;
	field = (unsigned int)(h[6] << 8 | h[7]);
	dump_line_add(l, " (frag %u:%u@%u%s%s)", (unsigned int)(h[4] << 8 | h[5]),
		      r->ip_len > hlen ? r->ip_len - hlen : 0, (field & 0x1fff) * 8,
		      field & 0x2000 ? "+" : "", field & 0x4000 ? "-" : "");
}

/* Everything after the time: what repeats compare. */
static void ipmon_rest(const struct log_view *v, struct dump_line *l)
{
	const struct ebfilt_log_record *r = v->pkt;
	char src_text[RULE_ADDR_TEXT_MAX], dst_text[RULE_ADDR_TEXT_MAX], name[ESCAPED_MAX];
	char flags[9], num[4];
	const char *proto = ipmon_proto(r, num);
	/* "-" (not the buffer) when the record holds no addresses. */
	const char *src = dump_addr(r, r->saddr, src_text), *dst = dump_addr(r, r->daddr, dst_text);
	unsigned int hlen = dump_ip_hlen(r);
	bool known = (r->flags & EBFILT_LOG_PROTO) && r->frag != EBFILT_FRAG_LATER;
	bool tcp_udp = known && (r->proto == IPPROTO_TCP || r->proto == IPPROTO_UDP);
	bool icmp = known && ((r->version == 4 && r->proto == IPPROTO_ICMP) ||
			      (r->version == 6 && r->proto == IPPROTO_ICMPV6));

	dump_line_add(l, "%s @0:%u ", dump_ifname(v->ifname, name), r->rule_id);
	ipmon_action(r, l);
	if (tcp_udp && (r->flags & EBFILT_LOG_PORTS)) {
		dump_line_add(l, "%s,%u -> %s,%u PR %s len %u %u", src, r->sport, dst, r->dport,
			      proto, hlen, r->ip_len);
		if (dump_tcp_flags(r, flags))
			dump_line_add(l, " -%s", flags);
	} else if (tcp_udp || icmp) {
		dump_line_add(l, "%s -> %s PR %s len %u %u", src, dst, proto, hlen, r->ip_len);
		if (icmp && (r->flags & EBFILT_LOG_PORTS))
			dump_line_add(l, " %s %u/%u", proto, r->sport, r->dport);
	} else {
		/* Other protocols and later fragments: the length in parentheses, as ipmon. */
		dump_line_add(l, "%s -> %s PR %s len %u (%u)", src, dst, proto, hlen, r->ip_len);
		if (r->frag == EBFILT_FRAG_LATER)
			ipmon_frag(r, hlen, l);
	}
	dump_line_add(l, " %s", r->inbound ? "IN" : "OUT");
}

char *dump_ipmon_line(const struct log_view *v, char *buf, size_t size)
{
	struct dump_line rest;
	char t[16];
	struct tm tm;

	dump_line_init(&rest);
	ipmon_rest(v, &rest);
	localtime_r(&v->when.tv_sec, &tm);
	strftime(t, sizeof(t), "%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%06u %s", t,
		 (unsigned int)((unsigned long)v->when.tv_nsec / 1000 % 1000000), rest.text);
	return buf;
}

int dump_ipmon_flush(struct dump_out *d)
{
	struct dump_held *h = &d->held;
	struct dump_line l;
	int err;

	if (!h->count)
		return 0;
	dump_line_init(&l);
	dump_line_add(&l, "%s ", h->when);
	if (h->count > 1)
		dump_line_add(&l, "%lux ", h->count);
	dump_line_add(&l, "%s\n", h->rest);
	h->count = 0;
	err = dump_put(d, l.text);
	if (!err && d->opts.hex)
		err = dump_hex(d, h->bytes, h->cap_len);
	return err;
}

/*
 * A line is held until one that differs comes (or the end): identical
 * lines in a row are written once, with their count, as ipmon does.
 */
int dump_ipmon(struct dump_out *d, const struct log_view *v)
{
	const struct ebfilt_log_record *r = v->pkt;
	struct dump_held *h = &d->held;
	char date[32];
	struct dump_line rest;
	struct tm tm;
	size_t len;
	int err;

	dump_line_init(&rest);
	ipmon_rest(v, &rest);
	if (h->count && !strcmp(h->rest, rest.text) &&
	    (!d->opts.hex ||
	     (h->cap_len == r->cap_len && !memcmp(h->bytes, r->headers, r->cap_len)))) {
		h->count++;
		return 0;
	}
	err = dump_ipmon_flush(d);
	/* ipmon writes the date too when it writes a file rather than to syslog. */
	localtime_r(&v->when.tv_sec, &tm);
	strftime(date, sizeof(date), "%d/%m/%Y %H:%M:%S", &tm);
	snprintf(h->when, sizeof(h->when), "%s.%06u", date,
		 (unsigned int)((unsigned long)v->when.tv_nsec / 1000 % 1000000));
	len = strnlen(rest.text, sizeof(h->rest) - 1);
	memcpy(h->rest, rest.text, len);
	h->rest[len] = '\0';
	h->cap_len = 0;
	if (d->opts.hex) {
		h->cap_len = r->cap_len <= sizeof(h->bytes) ? r->cap_len : sizeof(h->bytes);
		memcpy(h->bytes, r->headers, h->cap_len);
	}
	h->count = 1;
	return err;
}

/*
 * A WELF value: printable ASCII, with \xNN for the rest and for '"' (WELF
 * quotes a value with spaces, and has no escape inside the quotes).
 */
const char *dump_welf_text(const char *text, size_t max_in, char *out, size_t size)
{
	size_t in, len = 0;

	for (in = 0; text[in] && in < max_in && len + 5 < size; in++) {
		unsigned char c = (unsigned char)text[in];

		if (c >= 0x20 && c < 0x7f && c != '"')
			out[len++] = (char)c;
		else
			len += (size_t)snprintf(out + len, size - len, "\\x%02x", c);
	}
	out[len] = '\0';
	return out;
}

int dump_welf_open(struct dump_out *d)
{
	char host[256];

	if (gethostname(host, sizeof(host)))
		return -errno;
	host[sizeof(host) - 1] = '\0';
	dump_welf_text(host[0] ? host : "-", ESCAPE_TOKEN_MAX, d->host, sizeof(d->host));
	return 0;
}

/* key=value, or key="value" when the value has a space (or is empty). */
static void welf_field(struct dump_line *l, const char *key, const char *value)
{
	if (!value[0] || strchr(value, ' '))
		dump_line_add(l, " %s=\"%s\"", key, value);
	else
		dump_line_add(l, " %s=%s", key, value);
}

/*
 * id=firewall time="1997-08-27 08:08:40" fw=host pri=5 rule=6 proto=udp
 * src=192.0.2.1 srcport=53 dst=192.0.2.9 dstport=3327 sent=36 act=permit
 * msg="permit out on eth0 (rule)", ended by CR LF as WELF's records are.
 */
int dump_welf(struct dump_out *d, const struct log_view *v)
{
	const struct ebfilt_log_record *r = v->pkt;
	char src[RULE_ADDR_TEXT_MAX], dst[RULE_ADDR_TEXT_MAX], name[ESCAPED_MAX], num[4];
	const char *action = r->action == EBFILT_PERMIT ? "permit" : "deny";
	char when[32], msg[ESCAPED_MAX + 64];
	const char *proto = dump_proto_name(r);
	struct dump_line l;
	struct tm tm;

	localtime_r(&v->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	dump_line_init(&l);
	dump_line_add(&l, "id=firewall time=\"%s\"", when);
	welf_field(&l, "fw", d->host);
	dump_line_add(&l, " pri=%d rule=%u", log_severity_of(r), r->rule_id);
	if (r->flags & EBFILT_LOG_PROTO) {
		snprintf(num, sizeof(num), "%u", r->proto);
		welf_field(&l, "proto", proto ? proto : num);
	}
	if (r->flags & EBFILT_LOG_ADDRS) {
		dump_line_add(&l, " src=%s", dump_addr(r, r->saddr, src));
		if ((r->flags & EBFILT_LOG_PORTS) && !log_is_icmp(r))
			dump_line_add(&l, " srcport=%u", r->sport);
		dump_line_add(&l, " dst=%s", dump_addr(r, r->daddr, dst));
		if ((r->flags & EBFILT_LOG_PORTS) && !log_is_icmp(r))
			dump_line_add(&l, " dstport=%u", r->dport);
	}
	if (r->ip_len)
		dump_line_add(&l, " sent=%u", r->ip_len);
	dump_line_add(&l, " act=%s", action);
	snprintf(msg, sizeof(msg), "%s %s on %s (%s)", action, r->inbound ? "in" : "out",
		 v->ifname ? dump_welf_text(v->ifname, ESCAPE_TOKEN_MAX, name, sizeof(name)) : "-",
		 log_why_name(log_why_of(r)));
	dump_line_add(&l, " msg=\"%s", msg);
	if (log_is_icmp(r) && (r->flags & EBFILT_LOG_PORTS))
		dump_line_add(&l, " %s %u/%u", proto, r->sport, r->dport);
	dump_line_add(&l, "\"\r\n");
	return l.cut ? -EMSGSIZE : dump_put(d, l.text);
}
