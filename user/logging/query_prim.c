// SPDX-License-Identifier: GPL-2.0
/*
 * The filter language's primitives: each word, its operands parsed by
 * query_operand.c, made once into a node (query_eval.c matches the nodes
 * against records).
 */
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "logging/events.h"
#include "logging/query_tree.h"
#include "util/escape.h"

struct qname {
	const char *word;
	uint32_t value;
};

#define NAMES(table) table, sizeof(table) / sizeof(table[0])

static const struct qname actions[] = {
	{ "permit", EBFILT_PERMIT }, { "pass", EBFILT_PERMIT },
	{ "deny", EBFILT_DENY }, { "block", EBFILT_DENY },
};
static const struct qname whys[] = {
	{ "rule", LOG_WHY_RULE }, { "default", LOG_WHY_DEFAULT }, { "shun", LOG_WHY_SHUN },
	{ "unseen", LOG_WHY_UNSEEN }, { "frag", LOG_WHY_FRAG },
	{ "1", LOG_WHY_RULE }, { "2", LOG_WHY_DEFAULT }, { "3", LOG_WHY_SHUN },
	{ "4", LOG_WHY_UNSEEN }, { "5", LOG_WHY_FRAG },
};
static const struct qname levels[] = {
	{ "pkt", EBFILT_REC_PACKET }, { "sess", EBFILT_REC_SESSION }, { "event", EBFILT_REC_EVENT },
};
static const struct qname directions[] = {
	{ "in", 1 }, { "inbound", 1 }, { "out", 0 }, { "outbound", 0 },
};
/* Protocols whose name stands alone as a primitive. */
static const struct qname protocols[] = {
	{ "icmp", IPPROTO_ICMP }, { "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP },
	{ "icmp6", IPPROTO_ICMPV6 }, { "icmpv6", IPPROTO_ICMPV6 }, { "esp", IPPROTO_ESP },
	{ "ah", IPPROTO_AH },
};

static const struct qname *name_find(const struct qparser *p, const struct qname *names,
				     size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (qword_is(p, names[i].word))
			return &names[i];
	return NULL;
}

/* A protocol's node: AH and ESP by the flags too, for they can precede another. */
static int proto_node(struct qparser *p, uint32_t proto, uint32_t *index)
{
	int err = qnode_new(p, proto == IPPROTO_AH ? QN_AH : proto == IPPROTO_ESP ? QN_ESP
						      : QN_PROTO, index);

	if (err)
		return err;
	p->q->nodes[*index].arg.num = proto;
	qnext(p);
	return 0;
}

static int parse_proto_arg(struct qparser *p, uint32_t *index)
{
	const struct qname *n = name_find(p, NAMES(protocols));
	char word[64], token[ESCAPED_MAX];
	struct protoent *e;
	uint32_t proto;
	int err;

	err = qword_copy(p, word, sizeof(word));
	if (err)
		return err;
	if (n)
		return proto_node(p, n->value, index);
	if (isdigit((unsigned char)word[0])) {
		err = qnumber(p, word, 255, &proto);
		return err ? err : proto_node(p, proto, index);
	}
	e = getprotobyname(word);
	if (!e)
		return qfail(p, p->tok.pos, "unknown protocol '%s'",
			     qquote(p, token, sizeof(token)));
	return proto_node(p, (uint32_t)e->p_proto, index);
}

/* A word after a keyword, one of a few names. */
struct qvalued {
	const char *keyword;
	enum qnode_kind kind;
	const struct qname *names;
	size_t count;
	const char *choices;	/* for the message */
};

static const struct qvalued valued[] = {
	{ "action", QN_ACTION, NAMES(actions), "permit pass deny block" },
	{ "logwhy", QN_WHY, NAMES(whys), "1-5 rule default shun unseen frag" },
	{ "loglvl", QN_LEVEL, NAMES(levels), "pkt sess event" },
};

/* A node with a fixed value; the current token is its last. */
static int simple(struct qparser *p, enum qnode_kind kind, uint32_t value, uint32_t *index)
{
	int err = qnode_new(p, kind, index);

	if (err)
		return err;
	p->q->nodes[*index].arg.num = value;
	qnext(p);
	return 0;
}

static int parse_valued(struct qparser *p, const struct qvalued *v, uint32_t *index)
{
	const struct qname *n = name_find(p, v->names, v->count);
	char token[ESCAPED_MAX];

	if (p->tok.type != QT_WORD)
		return qunexpected(p);
	if (!n)
		return qfail(p, p->tok.pos, "'%s' is not one of %s",
			     qquote(p, token, sizeof(token)), v->choices);
	return simple(p, v->kind, n->value, index);
}

/* logsev LEVEL: syslog's names (and the other spellings) as events.c knows them. */
static int parse_severity(struct qparser *p, uint32_t *index)
{
	char word[16], token[ESCAPED_MAX];
	int sev = -1;

	if (p->tok.type != QT_WORD)
		return qunexpected(p);
	if (p->tok.len < sizeof(word) && !qword_copy(p, word, sizeof(word)))
		sev = event_severity_by_name(word);
	if (sev < 0)
		return qfail(p, p->tok.pos, "'%s' is not one of %s", qquote(p, token, sizeof(token)),
			     "emerg alert crit err warning notice info debug");
	return simple(p, QN_SEV, (uint32_t)sev, index);
}

static int parse_logiface(struct qparser *p, uint32_t *index)
{
	char name[IF_NAMESIZE];
	const struct qname *dir;
	int err;

	err = qword_copy(p, name, sizeof(name));
	if (!err)
		err = qnode_new(p, QN_IFACE, index);
	if (err)
		return err;
	memcpy(p->q->nodes[*index].arg.iface.name, name, sizeof(name));
	qnext(p);
	dir = name_find(p, NAMES(directions));
	p->q->nodes[*index].arg.iface.inbound = dir ? (int8_t)dir->value : -1;
	if (dir)
		qnext(p);
	return 0;
}

/*
 * Packet records come from the filter; the record types still to come
 * (sessions, extended events) will say which application logged them,
 * and until then match no application.
 */
static int parse_app(struct qparser *p, uint32_t *index)
{
	char name[QUERY_APP_MAX + 1];
	int err;

	err = qword_copy(p, name, sizeof(name));
	if (!err)
		err = qnode_new(p, QN_APP, index);
	if (err)
		return err;
	memcpy(p->q->nodes[*index].arg.app, name, sizeof(name));
	qnext(p);
	return 0;
}

/* After src, dst, from or to: host, net, port, or an address. */
static int parse_sided(struct qparser *p, enum qside side, uint32_t *index)
{
	if (qword_is(p, "host")) {
		qnext(p);
		return qparse_addrs(p, side, index);
	}
	if (qword_is(p, "net")) {
		qnext(p);
		return qparse_net(p, side, index);
	}
	if (qword_is(p, "port")) {
		qnext(p);
		return qparse_range(p, QN_PORT, side, index);
	}
	return qparse_addrs(p, side, index);
}

int query_primitive(struct qparser *p, uint32_t *index)
{
	const struct qname *proto = name_find(p, NAMES(protocols));
	bool src = qword_is(p, "src") || qword_is(p, "from");
	size_t i;

	if (proto)
		return proto_node(p, proto->value, index);
	if (qword_is(p, "ip") || qword_is(p, "ip6"))
		return simple(p, QN_VERSION, qword_is(p, "ip") ? 4 : 6, index);
	if (qword_is(p, "host") || qword_is(p, "net") || qword_is(p, "port"))
		return parse_sided(p, QS_EITHER, index);
	if (qat_address(p))
		return qparse_addrs(p, QS_EITHER, index);
	if (src || qword_is(p, "dst") || qword_is(p, "to")) {
		qnext(p);
		return parse_sided(p, src ? QS_SRC : QS_DST, index);
	}
	if (qword_is(p, "srcport") || qword_is(p, "dstport")) {
		src = qword_is(p, "srcport");
		qnext(p);
		return qparse_range(p, QN_PORT, src ? QS_SRC : QS_DST, index);
	}
	if (qword_is(p, "rule")) {
		qnext(p);
		return qparse_range(p, QN_RULE, QS_EITHER, index);
	}
	if (qword_is(p, "proto")) {
		qnext(p);
		return parse_proto_arg(p, index);
	}
	if (qword_is(p, "logiface")) {
		qnext(p);
		return parse_logiface(p, index);
	}
	if (qword_is(p, "logsev")) {
		qnext(p);
		return parse_severity(p, index);
	}
	if (qword_is(p, "logapp")) {
		qnext(p);
		return parse_app(p, index);
	}
	for (i = 0; i < sizeof(valued) / sizeof(valued[0]); i++)
		if (qword_is(p, valued[i].keyword)) {
			qnext(p);
			return parse_valued(p, &valued[i], index);
		}
	return qunexpected(p);
}

