// SPDX-License-Identifier: GPL-2.0
/*
 * The filter language's primitives: each word and its operands, parsed
 * once into a node (query_eval.c matches the nodes against records).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "logging/query_tree.h"
#include "rules/parse.h"
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
/* syslog's names, and SunScreen's shorter ones for two of them. */
static const struct qname severities[] = {
	{ "emerg", LOG_EMERG }, { "alert", LOG_ALERT }, { "crit", LOG_CRIT }, { "err", LOG_ERR },
	{ "error", LOG_ERR }, { "warning", LOG_WARNING }, { "warn", LOG_WARNING },
	{ "notice", LOG_NOTICE }, { "note", LOG_NOTICE }, { "info", LOG_INFO },
	{ "debug", LOG_DEBUG },
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

/* A number 0..max in the current word. */
static int number(struct qparser *p, const char *text, unsigned long max, uint32_t *value)
{
	unsigned long n;
	const char *why;
	char token[ESCAPED_MAX];

	if (parse_number(text, max, &n, &why))
		return qfail(p, p->tok.pos, "'%s': %s (0-%lu)",
			     escape_text(text, 24, token, sizeof(token)), why, max);
	*value = (uint32_t)n;
	return 0;
}

static const char *addr_of(const char *text, uint8_t *version, uint8_t out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, text, out) == 1)
		*version = 4;
	else if (inet_pton(AF_INET6, text, out) == 1)
		*version = 6;
	else
		return "not an IPv4 or IPv6 address";
	return NULL;
}

/* "A" or "A..B", of one IP version; NULL or why not. Cuts text at "..". */
static const char *addr_range_of(char *text, struct qnode *n)
{
	char *dots = strstr(text, "..");
	const char *why;
	uint8_t version;

	if (dots)
		*dots = '\0';
	why = addr_of(text, &n->arg.addr.version, n->arg.addr.lo);
	if (why || !dots) {
		memcpy(n->arg.addr.hi, n->arg.addr.lo, 16);
		return why;
	}
	why = addr_of(dots + 2, &version, n->arg.addr.hi);
	if (why)
		return why;
	if (version != n->arg.addr.version)
		return "a range from one IP version to the other";
	if (memcmp(n->arg.addr.lo, n->arg.addr.hi, 16) > 0)
		return "a range that ends before it starts";
	return NULL;
}

/* Kept whole for messages: the word in buf is cut at "..". */
static int word_fail(struct qparser *p, const char *why)
{
	char token[ESCAPED_MAX];

	return qfail(p, p->tok.pos, "'%s': %s", qquote(p, token, sizeof(token)), why);
}

static int parse_addrs(struct qparser *p, enum qside side, uint32_t *index)
{
	char word[128];
	const char *why;
	int err;

	err = qword_copy(p, word, sizeof(word));
	if (!err)
		err = qnode_new(p, QN_ADDR, index);
	if (err)
		return err;
	p->q->nodes[*index].side = (uint8_t)side;
	why = addr_range_of(word, &p->q->nodes[*index]);
	if (why)
		return word_fail(p, why);
	qnext(p);
	return 0;
}

/* Leading ones of a mask, or -1 when they are not contiguous. */
static int mask_prefix(const uint8_t mask[16], unsigned int bytes)
{
	unsigned int bit, prefix = 0;
	bool zeros = false;

	for (bit = 0; bit < bytes * 8; bit++) {
		bool one = mask[bit / 8] & (0x80 >> (bit % 8));

		if (one && zeros)
			return -1;
		zeros = !one;
		prefix += one;
	}
	return (int)prefix;
}

/* "A/LEN" or "A mask M": a range from the network's first address to its last. */
static int parse_net(struct qparser *p, enum qside side, uint32_t *index)
{
	char word[128], *slash;
	uint8_t mask[16] = { 0 }, version;
	uint32_t prefix, i;
	struct qnode *n;
	const char *why;
	int err;

	err = qword_copy(p, word, sizeof(word));
	if (!err)
		err = qnode_new(p, QN_ADDR, index);
	if (err)
		return err;
	n = &p->q->nodes[*index];
	n->side = (uint8_t)side;
	slash = strchr(word, '/');
	if (slash)
		*slash = '\0';
	why = addr_of(word, &n->arg.addr.version, n->arg.addr.lo);
	if (why)
		return word_fail(p, why);
	version = n->arg.addr.version;
	if (slash) {
		err = number(p, slash + 1, version == 4 ? 32 : 128, &prefix);
		if (err)
			return err;
	} else {
		qnext(p);
		if (!qword_is(p, "mask"))
			return qfail(p, p->tok.pos, "a network needs /LENGTH or mask MASK");
		qnext(p);
		err = qword_copy(p, word, sizeof(word));
		if (err)
			return err;
		why = addr_of(word, &version, mask);
		if (!why && version != n->arg.addr.version)
			why = "a mask of the other IP version";
		if (!why && mask_prefix(mask, version == 4 ? 4 : 16) < 0)
			why = "a mask whose ones are not contiguous";
		if (why)
			return word_fail(p, why);
		prefix = (uint32_t)mask_prefix(mask, version == 4 ? 4 : 16);
	}
	memset(mask, 0, sizeof(mask));
	for (i = 0; i < prefix; i++)
		mask[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	for (i = 0; i < (version == 4 ? 4u : 16u); i++) {
		n->arg.addr.lo[i] &= mask[i];
		n->arg.addr.hi[i] = n->arg.addr.lo[i] | (uint8_t)~mask[i];
	}
	qnext(p);
	return 0;
}

/* A port number or a service name, TCP's first (snoop's order). */
static int port_of(struct qparser *p, const char *text, uint32_t *port)
{
	char token[ESCAPED_MAX];
	struct servent *s;

	if (isdigit((unsigned char)text[0]))
		return number(p, text, 65535, port);
	s = getservbyname(text, "tcp");
	if (!s)
		s = getservbyname(text, "udp");
	if (!s)
		return qfail(p, p->tok.pos, "unknown service '%s'",
			     escape_text(text, 24, token, sizeof(token)));
	*port = ntohs((uint16_t)s->s_port);
	return 0;
}

/* "N" or "N..M" of ports (numbers or services), or of rule IDs. */
static int parse_range(struct qparser *p, enum qnode_kind kind, enum qside side,
		       uint32_t *index)
{
	char word[128], *dots;
	uint32_t lo, hi;
	int err;

	err = qword_copy(p, word, sizeof(word));
	if (err)
		return err;
	dots = strstr(word, "..");
	if (dots)
		*dots = '\0';
	if (kind == QN_PORT) {
		err = port_of(p, word, &lo);
		hi = lo;
		if (!err && dots)
			err = port_of(p, dots + 2, &hi);
	} else {
		err = number(p, word, UINT32_MAX, &lo);
		hi = lo;
		if (!err && dots)
			err = number(p, dots + 2, UINT32_MAX, &hi);
	}
	if (!err && lo > hi)
		err = word_fail(p, "a range that ends before it starts");
	if (!err)
		err = qnode_new(p, kind, index);
	if (err)
		return err;
	p->q->nodes[*index].side = (uint8_t)side;
	p->q->nodes[*index].arg.range.lo = lo;
	p->q->nodes[*index].arg.range.hi = hi;
	qnext(p);
	return 0;
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
		err = number(p, word, 255, &proto);
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
	{ "logsev", QN_SEV, NAMES(severities), "emerg alert crit err warning notice info debug" },
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
		return parse_addrs(p, side, index);
	}
	if (qword_is(p, "net")) {
		qnext(p);
		return parse_net(p, side, index);
	}
	if (qword_is(p, "port")) {
		qnext(p);
		return parse_range(p, QN_PORT, side, index);
	}
	return parse_addrs(p, side, index);
}

/* A word that is an address or a range of them stands for "host" and it. */
static bool naked_address(const struct qparser *p)
{
	struct qnode n;
	char word[128];

	if (p->tok.len >= sizeof(word))
		return false;
	memcpy(word, p->text + p->tok.pos, p->tok.len);
	word[p->tok.len] = '\0';
	return !addr_range_of(word, &n);
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
	if (naked_address(p))
		return parse_addrs(p, QS_EITHER, index);
	if (src || qword_is(p, "dst") || qword_is(p, "to")) {
		qnext(p);
		return parse_sided(p, src ? QS_SRC : QS_DST, index);
	}
	if (qword_is(p, "srcport") || qword_is(p, "dstport")) {
		src = qword_is(p, "srcport");
		qnext(p);
		return parse_range(p, QN_PORT, src ? QS_SRC : QS_DST, index);
	}
	if (qword_is(p, "rule")) {
		qnext(p);
		return parse_range(p, QN_RULE, QS_EITHER, index);
	}
	if (qword_is(p, "proto")) {
		qnext(p);
		return parse_proto_arg(p, index);
	}
	if (qword_is(p, "logiface")) {
		qnext(p);
		return parse_logiface(p, index);
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

