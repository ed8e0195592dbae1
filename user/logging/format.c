// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "ebfilt/abi.h"
#include "logging/format.h"
#include "rules/format.h"

char *log_format_when(time_t when, char *buf, size_t size)
{
	struct tm tm;

	/* AIX writes a two-digit year. */
	localtime_r(&when, &tm);
	snprintf(buf, size, "%02d:%02d:%02d on %02d/%02d/%02d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100);
	return buf;
}

static const char *addr_text(const struct ebfilt_log_record *rec, const uint8_t *addr,
			     char buf[RULE_ADDR_TEXT_MAX])
{
	struct rule_addr a;

	if (!(rec->flags & EBFILT_LOG_ADDRS))
		return "-";
	memcpy(a.bytes, addr, 16);
	return rule_addr_text(rec->version, &a, buf);
}

static bool is_icmp(const struct ebfilt_log_record *rec)
{
	return rec->proto == IPPROTO_ICMP || rec->proto == IPPROTO_ICMPV6;
}

/* "sp:3327 dp:53", "t:8 c:0", or dashes when the packet did not carry them. */
static void format_ports(const struct ebfilt_log_record *rec, char *buf, size_t size)
{
	const char *a = is_icmp(rec) ? "t" : "sp", *b = is_icmp(rec) ? "c" : "dp";

	if (rec->flags & EBFILT_LOG_PORTS)
		snprintf(buf, size, "%s:%u %s:%u", a, rec->sport, b, rec->dport);
	else
		snprintf(buf, size, "%s:- %s:-", a, b);
}

/*
 * The protocol as the lines give it: its name, "tcp/ack" when the rule
 * matched on the ACK bit (as AIX writes it), else its number; "-" when the
 * packet was too short to say.
 */
static const char *line_proto(const struct ebfilt_log_record *rec, char buf[4])
{
	if (!(rec->flags & EBFILT_LOG_PROTO))
		return "-";
	if (rec->proto == 0) {	/* IPv4's HOPOPT: a number, not the word for "any" */
		snprintf(buf, 4, "0");
		return buf;
	}
	return proto_text(rec->proto, rec->proto == IPPROTO_TCP && (rec->flags & EBFILT_LOG_RULE_ACK),
			  buf);
}

static char yes_no(bool value)
{
	return value ? 'y' : 'n';
}

char *log_format_aix(const struct ebfilt_log_record *rec, const struct log_iface *iface,
		     bool with_iface, char *buf, size_t size)
{
	char src[RULE_ADDR_TEXT_MAX], dst[RULE_ADDR_TEXT_MAX], ports[32], proto[4];
	int len;

	format_ports(rec, ports, sizeof(ports));
	len = snprintf(buf, size, "#:%u R:%c  %c:%s s:%s d:%s p:%s %s r:%c a:%c f:%c T:%u e:%c l:%u",
		       rec->rule_id, rec->action == EBFILT_PERMIT ? 'p' :
				     rec->reason == EBFILT_REASON_SHUNNED ? 's' : 'd',
		       rec->inbound ? 'i' : 'o', iface->addr ? iface->addr : "-",
		       addr_text(rec, rec->saddr, src), addr_text(rec, rec->daddr, dst),
		       line_proto(rec, proto), ports, rec->local ? 'l' : 'f',
		       yes_no(rec->flags & EBFILT_LOG_AH), yes_no(rec->frag != EBFILT_FRAG_NONE),
		       rec->tunnel, yes_no(rec->flags & EBFILT_LOG_ESP), rec->ip_len);
	if (with_iface && len > 0 && (size_t)len < size)
		snprintf(buf + len, size - (size_t)len, " I:%s", iface->name ? iface->name : "-");
	return buf;
}

char *log_format_rule(unsigned long id, const struct filter_rule *r, char *buf, size_t size)
{
	char src[RULE_ADDR_TEXT_MAX], smask[RULE_ADDR_TEXT_MAX], dst[RULE_ADDR_TEXT_MAX];
	char dmask[RULE_ADDR_TEXT_MAX], proto[4], expire[16] = "";
	static const char frag_letters[] = "ynoh";
	char log_code[4];
	size_t i;

	/* AIX writes l=y: the letters in lower case, "ys" for -l YS. */
	snprintf(log_code, sizeof(log_code), "%s", rule_name_letter(NAMES_LOG, r->log));
	for (i = 0; log_code[i]; i++)
		log_code[i] = (char)tolower((unsigned char)log_code[i]);

	if (r->expire)
		snprintf(expire, sizeof(expire), "%u", r->expire);
	snprintf(buf, size, "#:%lu %s %s %s %s %s %s %-3s %u %-3s %u  %s %s l=%s f=%c t=%u e=%s a=",
		 id, rule_name_text(NAMES_ACTION, r->action),
		 rule_addr_text(r->version, &r->src, src), rule_mask_text(r->version, r->src.prefix, smask),
		 rule_addr_text(r->version, &r->dst, dst), rule_mask_text(r->version, r->dst.prefix, dmask),
		 proto_text(r->proto, r->tcp_ack, proto),
		 rule_name_word(NAMES_OP, r->sport.op), r->sport.value,
		 rule_name_word(NAMES_OP, r->dport.op), r->dport.value,
		 rule_name_text(NAMES_SCOPE, r->scope), rule_name_text(NAMES_DIR, r->dir),
		 log_code, frag_letters[r->frag & 3],
		 r->tunnel, expire);
	return buf;
}
