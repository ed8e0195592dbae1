// SPDX-License-Identifier: GPL-2.0
/*
 * The filter language's tree, matched against a record: every node of a
 * packet's field fails on a record that is not a packet, or that did not
 * carry the field.
 */
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "logging/query_tree.h"

static bool addr_in(const struct qnode *n, const uint8_t addr[16], unsigned int len)
{
	return memcmp(addr, n->arg.addr.lo, len) >= 0 && memcmp(addr, n->arg.addr.hi, len) <= 0;
}

static bool range_in(const struct qnode *n, uint32_t value)
{
	return value >= n->arg.range.lo && value <= n->arg.range.hi;
}

static bool match_packet(const struct qnode *n, const struct ebfilt_log_record *r,
			 const char *ifname)
{
	bool proto = r->flags & EBFILT_LOG_PROTO;
	unsigned int len = r->version == 4 ? 4 : 16;

	switch (n->kind) {
	case QN_ADDR:
		return (r->flags & EBFILT_LOG_ADDRS) && r->version == n->arg.addr.version &&
		       (((n->side & QS_SRC) && addr_in(n, r->saddr, len)) ||
			((n->side & QS_DST) && addr_in(n, r->daddr, len)));
	case QN_PORT:
		/* ICMP's type and code are in the ports' place, and are not ports. */
		return (r->flags & EBFILT_LOG_PORTS) && r->proto != IPPROTO_ICMP &&
		       r->proto != IPPROTO_ICMPV6 &&
		       (((n->side & QS_SRC) && range_in(n, r->sport)) ||
			((n->side & QS_DST) && range_in(n, r->dport)));
	case QN_PROTO:
		return proto && r->proto == n->arg.num;
	case QN_VERSION:
		return r->version == n->arg.num;
	case QN_AH:	/* the record's protocol is the one AH protects */
		return (r->flags & EBFILT_LOG_AH) || (proto && r->proto == IPPROTO_AH);
	case QN_ESP:
		return (r->flags & EBFILT_LOG_ESP) || (proto && r->proto == IPPROTO_ESP);
	case QN_RULE:
		return range_in(n, r->rule_id);
	case QN_ACTION:
		return r->action == n->arg.num;
	case QN_IFACE:
		return ifname &&
		       !strncasecmp(ifname, n->arg.iface.name, strlen(n->arg.iface.name)) &&
		       (n->arg.iface.inbound < 0 || r->inbound == n->arg.iface.inbound);
	case QN_WHY:
		return log_why_of(r) == n->arg.num;
	case QN_SEV:
		return log_severity_of(r) <= (int)n->arg.num;
	case QN_APP:
		return !strcasecmp(n->arg.app, "filter");
	default:
		return false;
	}
}

/* An event has a severity, a component (logapp) and maybe a rule; nothing of a packet. */
static bool match_event(const struct qnode *n, const struct event_record *ev)
{
	switch (n->kind) {
	case QN_SEV:
		return ev->severity <= n->arg.num;
	case QN_APP:
		return !strcasecmp(n->arg.app, event_component_name(ev->component));
	case QN_RULE:
		return ev->rule_id && range_in(n, ev->rule_id);
	default:
		return false;
	}
}

/* A session's fields as a packet's: src is its initiator; a session was permitted. */
static bool match_session(const struct qnode *n, const struct ebfilt_session_record *s,
			  const char *ifname)
{
	unsigned int len = s->version == 4 ? 4 : 16;
	bool ports = s->proto == IPPROTO_TCP || s->proto == IPPROTO_UDP;

	switch (n->kind) {
	case QN_ADDR:
		return s->version == n->arg.addr.version &&
		       (((n->side & QS_SRC) && addr_in(n, s->saddr, len)) ||
			((n->side & QS_DST) && addr_in(n, s->daddr, len)));
	case QN_PORT:
		return ports && (((n->side & QS_SRC) && range_in(n, s->sport)) ||
				 ((n->side & QS_DST) && range_in(n, s->dport)));
	case QN_PROTO:
		return s->proto == n->arg.num;
	case QN_VERSION:
		return s->version == n->arg.num;
	case QN_AH:
		return s->proto == IPPROTO_AH;
	case QN_ESP:
		return s->proto == IPPROTO_ESP;
	case QN_RULE:
		return range_in(n, s->rule_id);
	case QN_ACTION:
		return n->arg.num == EBFILT_PERMIT;
	case QN_IFACE:
		return ifname &&
		       !strncasecmp(ifname, n->arg.iface.name, strlen(n->arg.iface.name)) &&
		       (n->arg.iface.inbound < 0 || s->inbound == n->arg.iface.inbound);
	case QN_SEV:
		return LOG_INFO <= (int)n->arg.num;
	case QN_APP:
		return !strcasecmp(n->arg.app, "filter");
	default:	/* logwhy: a packet's reason */
		return false;
	}
}

static bool match(const struct log_query *q, uint32_t index, const struct log_view *v)
{
	const struct qnode *n = &q->nodes[index];
	const struct ebfilt_rec_hdr *hdr = v->hdr ? v->hdr : v->pkt ? &v->pkt->hdr : NULL;
	uint32_t c;

	switch (n->kind) {
	case QN_TRUE:
		return true;
	case QN_AND:
		for (c = n->first; c != QN_NONE; c = q->nodes[c].next)
			if (!match(q, c, v))
				return false;
		return true;
	case QN_OR:
		for (c = n->first; c != QN_NONE; c = q->nodes[c].next)
			if (match(q, c, v))
				return true;
		return false;
	case QN_NOT:
		return !match(q, n->first, v);
	case QN_LEVEL:
		return hdr && hdr->type == n->arg.num;
	default:
		if (v->ev)
			return match_event(n, v->ev);
		if (v->sess)
			return match_session(n, v->sess, v->ifname);
		return v->pkt && match_packet(n, v->pkt, v->ifname);
	}
}

bool query_match(const struct log_query *q, const struct log_view *v)
{
	return match(q, q->root, v);
}
