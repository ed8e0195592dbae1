// SPDX-License-Identifier: GPL-2.0
/*
 * The operands of the filter language's primitives: numbers, addresses and
 * their ranges, networks (A/LEN or A mask M), ports and services, ranges of
 * ports or rule IDs. Each error names the word and its position.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <string.h>

#include "logging/query_tree.h"
#include "rules/parse.h"
#include "util/escape.h"

/* A number 0..max in the current word. */
int qnumber(struct qparser *p, const char *text, unsigned long max, uint32_t *value)
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

/* The current word into word, and a new address node on side for it. */
static int addr_node(struct qparser *p, enum qside side, char word[128], uint32_t *index,
		     struct qnode **n)
{
	int err = qword_copy(p, word, 128);

	if (!err)
		err = qnode_new(p, QN_ADDR, index);
	if (err)
		return err;
	*n = &p->q->nodes[*index];
	(*n)->side = (uint8_t)side;
	return 0;
}

int qparse_addrs(struct qparser *p, enum qside side, uint32_t *index)
{
	char word[128];
	struct qnode *n;
	const char *why;
	int err = addr_node(p, side, word, index, &n);

	if (err)
		return err;
	why = addr_range_of(word, n);
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
int qparse_net(struct qparser *p, enum qside side, uint32_t *index)
{
	char word[128], *slash;
	uint8_t mask[16] = { 0 }, version;
	uint32_t prefix, i;
	struct qnode *n;
	const char *why;
	int err = addr_node(p, side, word, index, &n);

	if (err)
		return err;
	slash = strchr(word, '/');
	if (slash)
		*slash = '\0';
	why = addr_of(word, &n->arg.addr.version, n->arg.addr.lo);
	if (why)
		return word_fail(p, why);
	version = n->arg.addr.version;
	if (slash) {
		err = qnumber(p, slash + 1, version == 4 ? 32 : 128, &prefix);
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
		return qnumber(p, text, 65535, port);
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
int qparse_range(struct qparser *p, enum qnode_kind kind, enum qside side,
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
		err = qnumber(p, word, UINT32_MAX, &lo);
		hi = lo;
		if (!err && dots)
			err = qnumber(p, dots + 2, UINT32_MAX, &hi);
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

/* A word that is an address or a range of them stands for "host" and it. */
bool qat_address(const struct qparser *p)
{
	struct qnode n;
	char word[128];

	if (p->tok.len >= sizeof(word))
		return false;
	memcpy(word, p->text + p->tok.pos, p->tok.len);
	word[p->tok.len] = '\0';
	return !addr_range_of(word, &n);
}
