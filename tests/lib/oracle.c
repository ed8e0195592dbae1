// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

static bool addr_matches(const struct rule_addr *rule, const uint8_t *addr)
{
	int bit;

	for (bit = 0; bit < rule->prefix; bit++) {
		int mask = 0x80 >> (bit % 8);

		if ((rule->bytes[bit / 8] & mask) != (addr[bit / 8] & mask))
			return false;
	}
	return true;
}

static bool op_matches(const struct port_match *m, uint16_t value)
{
	switch (m->op) {
	case EBFILT_OP_ANY: return true;
	case EBFILT_OP_EQ:  return value == m->value;
	case EBFILT_OP_NEQ: return value != m->value;
	case EBFILT_OP_LT:  return value < m->value;
	case EBFILT_OP_LE:  return value <= m->value;
	case EBFILT_OP_GT:  return value > m->value;
	case EBFILT_OP_GE:  return value >= m->value;
	}
	return false;
}

static bool has_ports(const struct test_packet *p)
{
	return p->frag != EBFILT_FRAG_LATER &&
	       (p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP ||
		p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6);
}

static bool rule_matches(const struct filter_rule *r, const struct test_packet *p,
			 const struct test_path *path)
{
	bool ack = p->tcp_ack && p->frag != EBFILT_FRAG_LATER;

	if (!addr_matches(&r->src, p->saddr) || !addr_matches(&r->dst, p->daddr))
		return false;
	if (r->proto != PROTO_ALL && !(p->ah && r->proto == IPPROTO_AH) &&
	    !(r->proto == p->proto && (!r->tcp_ack || ack)))
		return false;
	if (has_ports(p)) {
		if (!op_matches(&r->sport, p->sport) || !op_matches(&r->dport, p->dport))
			return false;
	} else if (r->sport.op != EBFILT_OP_ANY || r->dport.op != EBFILT_OP_ANY) {
		return false;
	}
	if (r->dir == EBFILT_DIR_INBOUND && !path->inbound)
		return false;
	if (r->dir == EBFILT_DIR_OUTBOUND && path->inbound)
		return false;
	if (r->scope == EBFILT_SCOPE_LOCAL && !path->local)
		return false;
	if (r->scope == EBFILT_SCOPE_ROUTE && path->local)
		return false;
	if (r->tunnel != path->tunnel)	/* -t 0: only traffic on no tunnel */
		return false;
	if (strcmp(r->iface, "all") && strcmp(r->iface, path->iface))
		return false;
	if (r->frag == EBFILT_FRAGCTL_NONE && p->frag != EBFILT_FRAG_NONE)
		return false;
	if (r->frag == EBFILT_FRAGCTL_ONLY && p->frag == EBFILT_FRAG_NONE)
		return false;
	if (r->frag == EBFILT_FRAGCTL_HEADERS && p->frag == EBFILT_FRAG_LATER)
		return false;
	if (p->srcroute && !r->src_route && r->action == EBFILT_PERMIT)
		return false;
	return true;
}

/* Bytes of the transport header rules read (0: none). */
static size_t transport_needed(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:    return 20;
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: return 8;
	default:             return 0;
	}
}

/* What packet_build() writes after the IP headers. */
static size_t transport_written(const struct test_packet *p)
{
	uint8_t payload[TEST_L4_MAX];
	size_t len = packet_payload(p, payload);

	if (p->frag == EBFILT_FRAG_LATER)
		return len;
	switch (p->proto) {
	case IPPROTO_TCP:    return 20 + len;
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: return 8 + len;
	default:             return len;
	}
}

int oracle_unseen(const struct test_packet *p)
{
	bool later = p->frag == EBFILT_FRAG_LATER;
	size_t link = 14 + 4u * p->vlans, ip, needed, ext;
	unsigned int offset = p->frag_offset ? p->frag_offset : 185;

	if (p->vlans > 2)
		return 1;
	if (14 + 4u * p->vlans + (p->version == 4 ? 20 : 40) + transport_written(p) - p->cut < link)
		return 1;	/* a VLAN tag cut short */
	if (p->version == 4) {
		ip = (p->srcroute ? 28 : 20) + (p->ah && !later ? 12 : 0);
	} else {
		ext = p->ipv6_ext + p->srcroute + (p->frag != EBFILT_FRAG_NONE) + (p->ah && !later);
		if (ext > 8)
			return 1;
		ip = 40 + 8 * (ext - (p->ah && !later)) + (p->ah && !later ? 12 : 0);
	}
	needed = link + ip + (later ? 0 : transport_needed(p->proto));
	if (link + ip + transport_written(p) - p->cut < needed)
		return 1;
	/* IPv6 later fragments, and IPv4 ones behind AH, start at 64 bytes. */
	if (later && offset * 8 < (p->version == 6 || p->ah ? 64 : transport_needed(p->proto)))
		return 2;
	return 0;
}

/* ---- the stateful rules: IF scopes, expirations, shuns ---- */

#define ORACLE_MAX_STATE 4096

struct oracle_condition {
	unsigned long if_id;
	uint8_t a[16], b[16];	/* the pair, lower address first */
};

struct oracle_shun {
	bool port;		/* SHUN_PORT: the port too */
	uint8_t addr[16];
	uint16_t remote_port;
	unsigned long rule_id;
};

struct oracle_state {
	unsigned int ago_s;	/* seconds since the activation */
	struct oracle_condition conds[ORACLE_MAX_STATE];
	size_t nconds;
	struct oracle_shun shuns[ORACLE_MAX_STATE];
	size_t nshuns;
};

struct oracle_state *oracle_state_new(unsigned int ago_s)
{
	struct oracle_state *st = calloc(1, sizeof(*st));

	if (st)
		st->ago_s = ago_s;
	return st;
}

void oracle_state_free(struct oracle_state *st)
{
	free(st);
}

static void pair_of(const struct test_packet *p, uint8_t a[16], uint8_t b[16])
{
	bool swap = memcmp(p->saddr, p->daddr, 16) > 0;

	memcpy(a, swap ? p->daddr : p->saddr, 16);
	memcpy(b, swap ? p->saddr : p->daddr, 16);
}

static bool condition_holds(const struct oracle_state *st, unsigned long if_id,
			    const struct test_packet *p)
{
	uint8_t a[16], b[16];
	size_t i;

	if (!st)
		return false;
	pair_of(p, a, b);
	for (i = 0; i < st->nconds; i++)
		if (st->conds[i].if_id == if_id && !memcmp(st->conds[i].a, a, 16) &&
		    !memcmp(st->conds[i].b, b, 16))
			return true;
	return false;
}

static void condition_meet(struct oracle_state *st, unsigned long if_id,
			   const struct test_packet *p)
{
	if (!st || condition_holds(st, if_id, p) || st->nconds == ORACLE_MAX_STATE)
		return;
	st->conds[st->nconds].if_id = if_id;
	pair_of(p, st->conds[st->nconds].a, st->conds[st->nconds].b);
	st->nconds++;
}

static bool shun_ports(const struct test_packet *p)
{
	return p->frag != EBFILT_FRAG_LATER && (p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP);
}

/* The remote side: the source of an inbound packet, the destination of an outbound one. */
static const struct oracle_shun *shun_find(const struct oracle_state *st,
					   const struct test_packet *p, bool inbound)
{
	const uint8_t *remote = inbound ? p->saddr : p->daddr;
	uint16_t port = inbound ? p->sport : p->dport;
	size_t i;

	for (i = 0; st && i < st->nshuns; i++)
		if (!st->shuns[i].port && !memcmp(st->shuns[i].addr, remote, 16))
			return &st->shuns[i];
	for (i = 0; st && shun_ports(p) && i < st->nshuns; i++)
		if (st->shuns[i].port && !memcmp(st->shuns[i].addr, remote, 16) &&
		    st->shuns[i].remote_port == port)
			return &st->shuns[i];
	return NULL;
}

static void shun_add(struct oracle_state *st, const struct filter_rule *r, unsigned long id,
		     const struct test_packet *p, bool inbound)
{
	struct oracle_shun s = { .port = r->action == EBFILT_SHUN_PORT, .rule_id = id };
	size_t i;

	if (!st || (s.port && !shun_ports(p)))
		return;
	memcpy(s.addr, inbound ? p->saddr : p->daddr, 16);
	s.remote_port = s.port ? (inbound ? p->sport : p->dport) : 0;
	for (i = 0; i < st->nshuns; i++) {
		if (st->shuns[i].port == s.port && !memcmp(st->shuns[i].addr, s.addr, 16) &&
		    st->shuns[i].remote_port == s.remote_port) {
			st->shuns[i].rule_id = id;	/* made again: by this rule now */
			return;
		}
	}
	if (st->nshuns < ORACLE_MAX_STATE)
		st->shuns[st->nshuns++] = s;
}

/* Rule i's enclosing IF scopes hold as its branches want. Found by walking from the top. */
static bool scopes_hold(const struct rule_table *t, size_t rule, const struct oracle_state *st,
			const struct test_packet *p)
{
	unsigned long open[64];
	bool in_else[64];
	size_t top = 0, i;

	for (i = 0; i < rule; i++) {
		switch (t->rules[i].action) {
		case EBFILT_IF:
			open[top] = i + 1;
			in_else[top++] = false;
			break;
		case EBFILT_ELSE:
			in_else[top - 1] = true;
			break;
		case EBFILT_ENDIF:
			top--;
			break;
		default:
			break;
		}
	}
	for (i = 0; i < top; i++)
		if (condition_holds(st, open[i], p) == in_else[i])
			return false;
	return true;
}

/* Whether text (as -x or a pattern file's line gives it) occurs in hay. */
static bool pattern_in(const char *text, const uint8_t *hay, size_t len)
{
	uint8_t needle[RULE_PATTERN_MAX + 1];
	size_t n = 0, i;
	unsigned int byte;

	if (!strncmp(text, "0x", 2) || !strncmp(text, "0X", 2)) {
		for (i = 2; text[i] && sscanf(text + i, "%2x", &byte) == 1; i += 2)
			needle[n++] = (uint8_t)byte;
	} else {
		n = strlen(text);
		memcpy(needle, text, n);
	}
	for (i = 0; n && i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return true;
	return false;
}

/*
 * Whether the payload the filter scans (the first EBFILT_PATTERN_SCAN
 * bytes after the transport header, of those the frame holds) holds one of
 * rule r's patterns: the obvious way, substring by substring.
 */
static bool patterns_found(const struct filter_rule *r, const struct test_packet *p)
{
	uint8_t payload[TEST_L4_MAX];
	size_t len = packet_payload(p, payload);
	bool found = false;
	char line[RULE_PATTERN_MAX + 2];
	FILE *f;

	len = len > p->cut ? len - p->cut : 0;
	if (len > EBFILT_PATTERN_SCAN)
		len = EBFILT_PATTERN_SCAN;
	if (r->pattern_kind == PATTERN_TEXT)
		return pattern_in(r->pattern, payload, len);
	f = fopen(r->pattern, "r");
	while (f && !found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		found = line[0] && pattern_in(line, payload, len);
	}
	if (f)
		fclose(f);
	return found;
}

unsigned long oracle_judge(const struct rule_table *table, const struct test_packet *pkt,
			   const struct test_path *path, struct oracle_state *st)
{
	const struct oracle_shun *shun;
	const struct filter_rule *r;
	size_t i;

	shun = shun_find(st, pkt, path->inbound);
	if (shun)
		return shun->rule_id;
	for (i = 0; i < table->count; i++) {
		r = &table->rules[i];
		if (r->action == EBFILT_ELSE || r->action == EBFILT_ENDIF || !rule_matches(r, pkt, path))
			continue;
		/* Patterns are looked for in inbound packets only. */
		if (r->pattern_kind != PATTERN_NONE && !(path->inbound && patterns_found(r, pkt)))
			continue;
		if (r->expire && (r->action == EBFILT_PERMIT || r->action == EBFILT_DENY) && st &&
		    r->expire <= st->ago_s)
			continue;	/* expired */
		if (!scopes_hold(table, i, st, pkt))
			continue;
		if (r->action == EBFILT_IF) {
			condition_meet(st, i + 1, pkt);
			continue;
		}
		if (r->action == EBFILT_SHUN_HOST || r->action == EBFILT_SHUN_PORT)
			shun_add(st, r, i + 1, pkt, path->inbound);
		return i + 1;
	}
	return 0;
}

bool oracle_shunned(const struct oracle_state *st, const struct test_packet *pkt, bool inbound)
{
	return shun_find(st, pkt, inbound) != NULL;
}

unsigned long oracle_match(const struct rule_table *table, const struct test_packet *pkt,
			   const struct test_path *path)
{
	return oracle_judge(table, pkt, path, NULL);
}
