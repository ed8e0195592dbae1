// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_log dump -f json: one object a line, its field names fixed
 * (ipsec_log(8) lists them), so scripts can rely on them.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "logging/dump_priv.h"
#include "rules/format.h"
#include "util/json.h"

#define JSON_NAME_MAX 256	/* bytes of an interface name written; the kernel's are 15 */

/* A JSON string from bytes that come from outside (util/json.h). */
static void line_string(struct dump_line *l, const char *text)
{
	char quoted[JSON_QUOTED_MAX(JSON_NAME_MAX)];

	dump_line_add(l, "%s", json_quote(text, JSON_NAME_MAX, quoted, sizeof(quoted)));
}

static void json_addr(struct dump_line *l, const char *key, const struct ebfilt_log_record *r,
		      const uint8_t *addr)
{
	char text[RULE_ADDR_TEXT_MAX];

	if (r->flags & EBFILT_LOG_ADDRS)
		dump_line_add(l, ",\"%s\":\"%s\"", key, dump_addr(r, addr, text));
	else
		dump_line_add(l, ",\"%s\":null", key);
}

/* What the transport header told: ports, ICMP's type and code, TCP's flags. */
static void json_transport(struct dump_line *l, const struct ebfilt_log_record *r)
{
	char flags[9];

	if ((r->flags & EBFILT_LOG_PORTS) && log_is_icmp(r))
		dump_line_add(l, ",\"icmp_type\":%u,\"icmp_code\":%u", r->sport, r->dport);
	else if (r->flags & EBFILT_LOG_PORTS)
		dump_line_add(l, ",\"sport\":%u,\"dport\":%u", r->sport, r->dport);
	if (dump_tcp_flags(r, flags))
		dump_line_add(l, ",\"tcp_flags\":\"%s\"", flags);
}

static void json_packet(struct dump_line *l, const struct log_view *v)
{
	static const char *const frags[] = {
		[EBFILT_FRAG_NONE] = "none", [EBFILT_FRAG_FIRST] = "first",
		[EBFILT_FRAG_LATER] = "later",
	};
	const struct ebfilt_log_record *r = v->pkt;
	const char *proto = dump_proto_name(r);
	enum log_why why = log_why_of(r);
	unsigned int i;

	dump_line_add(l, ",\"type\":\"packet\",\"rule\":%u,\"action\":\"%s\",\"direction\":\"%s\"",
		      r->rule_id, r->action == EBFILT_PERMIT ? "permit" : "deny",
		      r->inbound ? "in" : "out");
	dump_line_add(l, ",\"interface\":");
	if (v->ifname)
		line_string(l, v->ifname);
	else
		dump_line_add(l, "null");
	dump_line_add(l, ",\"ifindex\":%u,\"version\":%u", r->ifindex, r->version);
	json_addr(l, "src", r, r->saddr);
	json_addr(l, "dst", r, r->daddr);
	if (r->flags & EBFILT_LOG_PROTO)
		dump_line_add(l, ",\"proto\":%u", r->proto);
	else
		dump_line_add(l, ",\"proto\":null");
	if (proto)
		dump_line_add(l, ",\"proto_name\":\"%s\"", proto);
	else
		dump_line_add(l, ",\"proto_name\":null");
	json_transport(l, r);
	dump_line_add(l, ",\"ip_len\":%u,\"cap_len\":%u", r->ip_len, r->cap_len);
	if ((unsigned int)r->frag <= EBFILT_FRAG_LATER)
		dump_line_add(l, ",\"frag\":\"%s\"", frags[r->frag]);
	else
		dump_line_add(l, ",\"frag\":%u", (unsigned int)r->frag);
	dump_line_add(l, ",\"short\":%s,\"local\":%s,\"tunnel\":%u",
		      r->flags & EBFILT_LOG_SHORT ? "true" : "false", r->local ? "true" : "false",
		      r->tunnel);
	dump_line_add(l, ",\"reason\":\"%s\",\"reason_code\":%d,\"severity\":\"%s\",\"detail\":%s",
		      log_why_name(why), (int)why, event_severity_name(log_severity_of(r)),
		      r->detail ? "true" : "false");
	/* The payload only where the rule asked for it (-l D) and it was captured. */
	if (r->detail && r->payload_off && r->payload_off < r->cap_len) {
		dump_line_add(l, ",\"payload_hex\":\"");
		for (i = r->payload_off; i < r->cap_len; i++)
			dump_line_add(l, "%02x", r->headers[i]);
		dump_line_add(l, "\"");
	}
}

int dump_json(struct dump_out *d, const struct log_view *v)
{
	static const char *const types[] = { "packet", "session", "event" };
	const struct ebfilt_rec_hdr *hdr = v->hdr;
	char when[32];
	struct dump_line l;
	struct tm tm;

	gmtime_r(&v->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	dump_line_init(&l);
	dump_line_add(&l, "{\"time\":\"%s.%06luZ\"", when,
		      (unsigned long)v->when.tv_nsec / 1000 % 1000000);
	if (hdr->type == EBFILT_REC_PACKET && v->pkt) {
		json_packet(&l, v);
	} else if (v->ev) {
		dump_json_event(&l, v);
	} else if (hdr->type == EBFILT_REC_SESSION && v->sess) {
		dump_session_json(&l, v);
	} else {
		/* Kinds of records to come, and versions not known: what their header says. */
		if ((unsigned int)hdr->type - 1 < sizeof(types) / sizeof(types[0]))
			dump_line_add(&l, ",\"type\":\"%s\"", types[hdr->type - 1]);
		else
			dump_line_add(&l, ",\"type\":%u", (unsigned int)hdr->type);
		dump_line_add(&l, ",\"record_version\":%u,\"len\":%u", hdr->version, hdr->len);
	}
	dump_line_add(&l, "}\n");
	return l.cut ? -EMSGSIZE : dump_put(d, l.text);
}
