// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "random_rules.h"

static uint64_t rng_state = 1;

void random_seed(uint64_t seed)
{
	rng_state = seed ? seed : 1;
}

void random_seed_env(void)
{
	const char *seed = getenv("EBFILT_TEST_SEED");
	uint64_t value = seed ? strtoull(seed, NULL, 0) : (uint64_t)time(NULL);

	random_seed(value);
	printf("# seed %llu (set EBFILT_TEST_SEED to repeat)\n", (unsigned long long)value);
}

uint32_t random_below(uint32_t n)	/* xorshift64*: uniform enough, and repeatable */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32) % n;
}

bool random_chance(uint32_t percent)
{
	return random_below(100) < percent;
}

static const uint16_t port_pool[] = { 0, 1, 22, 53, 80, 443, 1023, 1024, 8080, 65534, 65535 };

static uint16_t some_port(bool icmp)
{
	uint16_t v = random_chance(70) ? port_pool[random_below(sizeof(port_pool) / 2)] : (uint16_t)random_below(65536);

	return icmp ? v % 256 : v;
}

/* Addresses come from a few documentation networks so rules and packets meet. */
static void some_addr(uint8_t version, uint8_t addr[16])
{
	static const uint8_t v4_nets[3][3] = { { 192, 0, 2 }, { 198, 51, 100 }, { 203, 0, 113 } };

	memset(addr, 0, 16);
	if (version == 4) {
		memcpy(addr, v4_nets[random_below(3)], 3);
		addr[3] = random_chance(20) ? 1 : (uint8_t)random_below(256);
		return;
	}
	addr[0] = 0x20, addr[1] = 0x01, addr[2] = 0x0d, addr[3] = 0xb8;
	addr[5] = (uint8_t)random_below(4);
	addr[7] = (uint8_t)random_below(3);
	addr[15] = random_chance(20) ? 1 : (uint8_t)random_below(256);
	if (addr[5] == 0 && addr[7] == 0 && random_chance(50))
		addr[15] = 1;	/* the local address 2001:db8::1 */
}

static void some_prefix(uint8_t version, struct rule_addr *a)
{
	static const uint8_t v4_lens[] = { 0, 8, 16, 23, 24, 25, 28, 30, 31, 32 };
	static const uint8_t v6_lens[] = { 0, 16, 32, 40, 48, 56, 64, 100, 120, 128 };
	int bit;

	if (random_chance(30)) {
		memset(a, 0, sizeof(*a));
		return;
	}
	some_addr(version, a->bytes);
	a->prefix = version == 4 ? v4_lens[random_below(10)] : v6_lens[random_below(10)];
	for (bit = a->prefix; bit < 128; bit++)
		a->bytes[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
}

void random_rule(struct filter_rule *r, uint8_t version, const char *const *ifaces,
		 size_t nifaces)
{
	static const uint8_t protos[] = { 0, 0, 0, 6, 6, 17, 17, 1, 50, 51, 132 };

	rule_init(r, version);
	r->action = random_chance(50) ? EBFILT_PERMIT : EBFILT_DENY;
	some_prefix(version, &r->src);
	some_prefix(version, &r->dst);
	r->proto = protos[random_below(sizeof(protos))];
	if (r->proto == 1 && version == 6)
		r->proto = IPPROTO_ICMPV6;
	r->tcp_ack = r->proto == 6 && random_chance(30);
	if (r->proto == 0 || r->proto == 6 || r->proto == 17 || r->proto == 1 || r->proto == 58) {
		bool icmp = r->proto == 1 || r->proto == 58;

		if (random_chance(50))
			r->sport = (struct port_match){ (enum ebfilt_port_op)random_below(7), some_port(icmp) };
		if (random_chance(60))
			r->dport = (struct port_match){ (enum ebfilt_port_op)random_below(7), some_port(icmp) };
	}
	r->scope = random_chance(80) ? EBFILT_SCOPE_BOTH : (enum ebfilt_scope)random_below(3);
	r->dir = random_chance(60) ? EBFILT_DIR_BOTH : (enum ebfilt_dir)random_below(3);
	r->frag = random_chance(80) ? EBFILT_FRAGCTL_ALL : (enum ebfilt_frag_ctl)random_below(4);
	r->src_route = random_chance(80);
	r->log = random_chance(20);
	strcpy(r->iface, ifaces[random_below((uint32_t)nifaces)]);
}

/* Times that are long past (5, 50) or far ahead (5000, 50000) of RANDOM_STATE_AGE. */
static uint32_t some_expire(void)
{
	static const uint32_t times[] = { 5, 50, 5000, 50000 };

	return random_chance(60) ? 0 : times[random_below(4)];
}

/* Text over a three-letter alphabet, so that payloads often hold patterns. */
static void some_letters(uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)('a' + random_below(3));
}

/* A pattern of 1 to 3 letters, now and then in hex. */
static void some_pattern(struct filter_rule *r)
{
	uint8_t text[3];
	size_t n = 1 + random_below(3), i;

	some_letters(text, n);
	r->pattern_kind = PATTERN_TEXT;
	if (random_chance(80)) {
		memcpy(r->pattern, text, n);
		r->pattern[n] = '\0';
		return;
	}
	strcpy(r->pattern, "0x");
	for (i = 0; i < n; i++)
		sprintf(r->pattern + 2 + 2 * i, "%02x", text[i]);
}

static int append(struct rule_table *t, const struct filter_rule *r)
{
	return rule_table_insert(t, t->count + 1, r);
}

void random_stateful_table(struct rule_table *t, uint8_t version, size_t n,
			   const char *const *ifaces, size_t nifaces)
{
	bool has_else[3] = { false };
	struct filter_rule r;
	size_t depth = 0, patterned = 0;

	while (t->count < n) {
		random_rule(&r, version, ifaces, nifaces);
		if (depth < 3 && random_chance(10)) {
			r.action = EBFILT_IF;
			r.expire = random_chance(50) ? 0 : 3600;	/* outlasting any test */
			has_else[depth++] = false;
		} else if (depth && !has_else[depth - 1] && random_chance(10)) {
			rule_init(&r, version);
			r.action = EBFILT_ELSE;
			has_else[depth - 1] = true;
		} else if (depth && random_chance(12)) {
			rule_init(&r, version);
			r.action = EBFILT_ENDIF;
			depth--;
		} else if (patterned < EBFILT_PATTERN_SETS && random_chance(8)) {
			/* Half of them broad, so that payloads decide. */
			if (random_chance(50)) {
				rule_init(&r, version);
				r.action = random_chance(50) ? EBFILT_PERMIT : EBFILT_DENY;
			}
			/* Patterns are inbound only: a rule with them is never outbound only. */
			some_pattern(&r);
			patterned++;
			if (r.dir == EBFILT_DIR_OUTBOUND)
				r.dir = EBFILT_DIR_BOTH;
			r.expire = some_expire();
		} else if (random_chance(5)) {
			/* Narrow, so that a few packets shun, not all of them. */
			r.action = random_chance(30) ? EBFILT_SHUN_HOST : EBFILT_SHUN_PORT;
			r.proto = random_chance(50) ? IPPROTO_TCP : IPPROTO_UDP;
			r.tcp_ack = false;
			r.dport = (struct port_match){ EBFILT_OP_EQ, some_port(false) };
			r.expire = random_chance(50) ? 0 : 3600;
		} else {
			r.expire = some_expire();
		}
		/* The tests bind RANDOM_TUNNEL to the inbound interface. */
		if (random_chance(15))
			r.tunnel = RANDOM_TUNNEL;
		if (append(t, &r))
			return;
	}
	while (depth--) {
		rule_init(&r, version);
		r.action = EBFILT_ENDIF;
		if (append(t, &r))
			return;
	}
}

void random_packet(struct test_packet *p, uint8_t version, const struct rule_table *t)
{
	static const uint8_t protos[] = { 6, 6, 6, 17, 17, 1, 50, 132, 99 };

	memset(p, 0, sizeof(*p));
	p->version = version;
	some_addr(version, p->saddr);
	some_addr(version, p->daddr);
	if (t && t->count && random_chance(50)) {	/* aim at a rule's networks */
		const struct filter_rule *r = &t->rules[random_below((uint32_t)t->count)];
		int i;

		for (i = 0; i < r->src.prefix / 8; i++)
			p->saddr[i] = r->src.bytes[i];
		for (i = 0; i < r->dst.prefix / 8; i++)
			p->daddr[i] = r->dst.bytes[i];
	}
	p->proto = protos[random_below(sizeof(protos))];
	if (p->proto == 1 && version == 6)
		p->proto = IPPROTO_ICMPV6;
	p->sport = some_port(p->proto == 1 || p->proto == 58);
	p->dport = some_port(p->proto == 1 || p->proto == 58);
	p->tcp_ack = random_chance(50);
	p->frag = random_chance(80) ? EBFILT_FRAG_NONE : (enum ebfilt_frag_state)(1 + random_below(2));
	p->ah = p->frag != EBFILT_FRAG_LATER && random_chance(10);
	p->srcroute = random_chance(10);
	p->vlans = (uint8_t)random_below(3);
	p->ipv6_ext = (uint8_t)random_below(3);
	/* Now and then a shape the filter cannot fully see (see oracle_unseen). */
	if (random_chance(3))
		p->vlans = 3;
	if (random_chance(3))
		p->ipv6_ext = (uint8_t)(7 + random_below(4));
	if (p->frag == EBFILT_FRAG_LATER && random_chance(30))
		p->frag_offset = (uint16_t)(1 + random_below(4));
	if (random_chance(8))
		p->cut = 1 + random_below(24);	/* the frame keeps its Ethernet header */
	/* Payloads for patterns: short, or long with letters around the scan bound. */
	if (random_chance(10)) {
		/* A few letters just before, across or after the bound. */
		p->payload_len = (uint16_t)(EBFILT_PATTERN_SCAN + 16);
		memset(p->payload, 'z', p->payload_len);
		some_letters(p->payload + EBFILT_PATTERN_SCAN - 12 + random_below(16), 4);
	} else if (random_chance(60)) {
		p->payload_len = (uint16_t)random_below(48);
		some_letters(p->payload, p->payload_len);
	}
}


/* Random bits beyond the prefix, so the packet is one of many the rule takes. */
static void addr_in(const struct rule_addr *a, uint8_t addr[16], uint8_t version)
{
	int bit;

	for (bit = 0; bit < (version == 4 ? 32 : 128); bit++) {
		uint8_t mask = (uint8_t)(0x80 >> (bit % 8));
		bool set = bit < a->prefix ? a->bytes[bit / 8] & mask : random_chance(50);

		addr[bit / 8] = (uint8_t)(set ? addr[bit / 8] | mask : addr[bit / 8] & ~mask);
	}
}

/* A value in 0..top that m accepts, if there is one. */
static uint16_t port_for(const struct port_match *m, uint32_t top)
{
	uint32_t v = m->value;

	switch (m->op) {
	case EBFILT_OP_ANY: return (uint16_t)random_below(top + 1);
	case EBFILT_OP_EQ:  return m->value;
	case EBFILT_OP_NEQ: return (uint16_t)((v + 1 + random_below(top)) % (top + 1));
	case EBFILT_OP_LT:  return (uint16_t)(v ? random_below(v < top + 1 ? v : top + 1) : 0);
	case EBFILT_OP_LE:  return (uint16_t)random_below((v < top ? v : top) + 1);
	case EBFILT_OP_GT:  return (uint16_t)(v < top ? v + 1 + random_below(top - v) : v);
	case EBFILT_OP_GE:  return (uint16_t)(v <= top ? v + random_below(top + 1 - v) : v);
	}
	return 0;
}

void packet_for_rule(struct test_packet *p, const struct filter_rule *r)
{
	uint32_t top;

	memset(p, 0, sizeof(*p));
	p->version = r->version;
	addr_in(&r->src, p->saddr, r->version);
	addr_in(&r->dst, p->daddr, r->version);
	p->proto = r->proto != PROTO_ALL ? r->proto : random_chance(50) ? IPPROTO_TCP : IPPROTO_UDP;
	p->tcp_ack = r->tcp_ack || random_chance(50);
	/* ICMP type and code stand in for the ports, one byte each. */
	top = p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6 ? 255 : 65535;
	p->sport = port_for(&r->sport, top);
	p->dport = port_for(&r->dport, top);
}
