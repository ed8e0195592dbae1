// SPDX-License-Identifier: GPL-2.0
/*
 * Rule compiler. Each field's classes come from a sweep that keeps one
 * working bitmap and interns it whenever it changes, so the work is about
 * (events + classes x words), not values x rules:
 *   - addresses: distinct prefixes in trie order, a stack of the enclosing
 *     ones; a prefix's bitmap holds the rules of every enclosing prefix;
 *   - ports: rule intervals opened and closed along 0..65535;
 *   - protocol and meta: few keys, each checked against every rule.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "log.h"

static void bitmap_set(uint64_t *bm, uint32_t bit)
{
	bm[EBFILT_MAX_SUMMARY + bit / 64] |= 1ULL << (bit % 64);
}

static void bitmap_clear(uint64_t *bm, uint32_t bit)
{
	bm[EBFILT_MAX_SUMMARY + bit / 64] &= ~(1ULL << (bit % 64));
}

static void bitmap_summarise(uint64_t *bm)
{
	uint32_t w;

	memset(bm, 0, EBFILT_MAX_SUMMARY * sizeof(*bm));
	for (w = 0; w < EBFILT_MAX_WORDS; w++)
		if (bm[EBFILT_MAX_SUMMARY + w])
			bm[w / 64] |= 1ULL << (w % 64);
}

static uint64_t bitmap_hash(const uint64_t *bm)
{
	uint64_t h = 1469598103934665603ULL;
	size_t w;

	for (w = 0; w < EBFILT_BITMAP_WORDS; w++)
		h = (h ^ bm[w]) * 1099511628211ULL;
	return h;
}

static int intern_grow(struct classifier *c)
{
	size_t cap = c->intern_cap ? c->intern_cap * 2 : 1024, i;
	uint32_t *table = malloc(cap * sizeof(*table));

	if (!table)
		return -ENOMEM;
	memset(table, 0xff, cap * sizeof(*table));
	for (i = 0; i < c->nbitmaps; i++) {
		size_t slot = bitmap_hash(c->bitmaps[i]) & (cap - 1);

		while (table[slot] != UINT32_MAX)
			slot = (slot + 1) & (cap - 1);
		table[slot] = (uint32_t)i;
	}
	free(c->intern);
	c->intern = table;
	c->intern_cap = cap;
	return 0;
}

/* The class of bm (summarised here): an existing equal bitmap's, or a new one. */
static int intern(struct classifier *c, uint64_t *bm, uint32_t *class)
{
	size_t slot;

	bitmap_summarise(bm);
	if (c->nbitmaps * 2 >= c->intern_cap && intern_grow(c))
		return -ENOMEM;
	for (slot = bitmap_hash(bm) & (c->intern_cap - 1); c->intern[slot] != UINT32_MAX;
	     slot = (slot + 1) & (c->intern_cap - 1)) {
		if (!memcmp(c->bitmaps[c->intern[slot]], bm, sizeof(ebfilt_bitmap))) {
			*class = c->intern[slot];
			return 0;
		}
	}
	if (c->nbitmaps == c->bitmaps_cap) {
		size_t cap = c->bitmaps_cap ? c->bitmaps_cap * 2 : 64;
		ebfilt_bitmap *grown = realloc(c->bitmaps, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		c->bitmaps = grown;
		c->bitmaps_cap = cap;
	}
	memcpy(c->bitmaps[c->nbitmaps], bm, sizeof(ebfilt_bitmap));
	c->intern[slot] = (uint32_t)c->nbitmaps;
	*class = (uint32_t)c->nbitmaps++;
	return 0;
}

/* ---- addresses ---- */

struct prefix_ref {
	struct ebfilt_lpm_key key;
	int32_t rule;		/* bit, or -1 for the any-prefix every trie holds */
};

static int prefix_order(const void *a, const void *b)
{
	const struct prefix_ref *x = a, *y = b;
	int diff = memcmp(x->key.addr, y->key.addr, 16);

	if (diff)
		return diff;
	return (int)x->key.prefixlen - (int)y->key.prefixlen;
}

static bool prefix_contains(const struct ebfilt_lpm_key *outer, const struct ebfilt_lpm_key *inner)
{
	uint32_t full = outer->prefixlen / 8, rest = outer->prefixlen % 8;

	if (outer->prefixlen > inner->prefixlen || memcmp(outer->addr, inner->addr, full))
		return false;
	return !rest || !((outer->addr[full] ^ inner->addr[full]) & (0xff << (8 - rest)));
}

/* Rules of refs[first..] sharing refs[first]'s prefix: set or clear their bits. */
static size_t apply_group(const struct prefix_ref *refs, size_t n, size_t first, uint64_t *bm,
			  bool set)
{
	size_t i;

	for (i = first; i < n && !prefix_order(&refs[i], &refs[first]); i++) {
		if (refs[i].rule < 0)
			continue;
		if (set)
			bitmap_set(bm, (uint32_t)refs[i].rule);
		else
			bitmap_clear(bm, (uint32_t)refs[i].rule);
	}
	return i;
}

static int build_addr_classes(struct classifier *c, const struct rule_table *table, bool src,
			      struct lpm_entry **out, size_t *nout, uint32_t *any_class)
{
	size_t n = table->count + 1, i, next, depth = 0, *stack = NULL;
	struct prefix_ref *refs = calloc(n, sizeof(*refs));
	uint64_t bm[EBFILT_BITMAP_WORDS] = { 0 };
	int err = -ENOMEM;

	*out = calloc(n, sizeof(**out));
	stack = calloc(n, sizeof(*stack));
	if (!refs || !*out || !stack)
		goto cleanup;
	for (i = 0; i < table->count; i++) {
		const struct rule_addr *a = src ? &table->rules[i].src : &table->rules[i].dst;

		refs[i].key.prefixlen = a->prefix;
		memcpy(refs[i].key.addr, a->bytes, 16);
		refs[i].rule = (int32_t)i;
	}
	refs[table->count].rule = -1;	/* 0/0: every address finds a class */
	qsort(refs, n, sizeof(*refs), prefix_order);
	*nout = 0;
	for (i = 0; i < n; i = next) {
		while (depth && !prefix_contains(&refs[stack[depth - 1]].key, &refs[i].key))
			apply_group(refs, n, stack[--depth], bm, false);
		next = apply_group(refs, n, i, bm, true);
		stack[depth++] = i;
		(*out)[*nout].key = refs[i].key;
		err = intern(c, bm, &(*out)[*nout].class);
		if (err)
			goto cleanup;
		if (refs[i].key.prefixlen == 0)
			*any_class = (*out)[*nout].class;
		(*nout)++;
	}
	err = 0;
cleanup:
	free(stack);
	free(refs);
	return err;
}

/* ---- ports ---- */

struct port_event {
	uint32_t at;		/* first port where the change applies */
	uint32_t rule;
	bool set;
};

static int event_order(const void *a, const void *b)
{
	const struct port_event *x = a, *y = b;

	return x->at != y->at ? (x->at < y->at ? -1 : 1) : (int)x->set - (int)y->set;
}

/* The port intervals an operator accepts: up to two [lo, hi]. */
static int port_intervals(const struct port_match *m, uint32_t lo[2], uint32_t hi[2])
{
	uint32_t v = m->value;

	switch (m->op) {
	case OP_ANY: lo[0] = 0; hi[0] = 65535; return 1;
	case OP_EQ:  lo[0] = v; hi[0] = v; return 1;
	case OP_LT:  lo[0] = 0; hi[0] = v - 1; return v > 0;
	case OP_LE:  lo[0] = 0; hi[0] = v; return 1;
	case OP_GT:  lo[0] = v + 1; hi[0] = 65535; return v < 65535;
	case OP_GE:  lo[0] = v; hi[0] = 65535; return 1;
	case OP_NEQ:
		lo[0] = 0; hi[0] = v - 1;
		lo[1] = v + 1; hi[1] = 65535;
		if (v == 0)
			return lo[0] = 1, hi[0] = 65535, 1;
		if (v == 65535)
			return 1;
		return 2;
	}
	return 0;
}

static int build_port_classes(struct classifier *c, const struct rule_table *table, bool src,
			      uint32_t *classes)
{
	struct port_event *events = calloc(table->count * 4 + 1, sizeof(*events));
	uint64_t bm[EBFILT_BITMAP_WORDS] = { 0 };
	size_t n = 0, e = 0, i;
	uint32_t port, lo[2], hi[2], class = 0;
	int k, count, err = 0;

	if (!events)
		return -ENOMEM;
	for (i = 0; i < table->count; i++) {
		const struct port_match *m = src ? &table->rules[i].sport : &table->rules[i].dport;

		count = port_intervals(m, lo, hi);
		for (k = 0; k < count; k++) {
			events[n++] = (struct port_event){ lo[k], (uint32_t)i, true };
			events[n++] = (struct port_event){ hi[k] + 1, (uint32_t)i, false };
		}
	}
	qsort(events, n, sizeof(*events), event_order);
	for (port = 0; port < 65536 && !err; port++) {
		bool changed = port == 0;

		for (; e < n && events[e].at == port; e++, changed = true)
			(events[e].set ? bitmap_set : bitmap_clear)(bm, events[e].rule);
		if (changed)
			err = intern(c, bm, &class);
		classes[port] = class;
	}
	/* A packet without ports matches only the rules whose operator is any. */
	memset(bm, 0, sizeof(bm));
	for (i = 0; i < table->count; i++)
		if ((src ? table->rules[i].sport.op : table->rules[i].dport.op) == OP_ANY)
			bitmap_set(bm, (uint32_t)i);
	if (!err)
		err = intern(c, bm, &classes[EBFILT_PORT_ABSENT]);
	free(events);
	return err;
}

/* ---- protocol and meta ---- */

static bool proto_accepts(const struct filter_rule *r, uint32_t key)
{
	uint32_t proto = key & 0xff;

	if (key == EBFILT_PROTO_ABSENT)
		return r->proto == PROTO_ALL;
	if (r->proto == PROTO_ALL)
		return true;
	if ((key & EBFILT_PROTO_AH) && r->proto == IPPROTO_AH)
		return true;
	return r->proto == proto && (!r->tcp_ack || (key & EBFILT_PROTO_ACK));
}

static bool frag_accepts(enum frag_ctl ctl, uint32_t frag)
{
	switch (ctl) {
	case FRAG_ALL:     return true;
	case FRAG_NONE:    return frag == EBFILT_FRAG_NONE;
	case FRAG_ONLY:    return frag != EBFILT_FRAG_NONE;
	case FRAG_HEADERS: return frag != EBFILT_FRAG_LATER;
	}
	return false;
}

/* The interface class of a rule: 0 for "all", else 1.. by first use. */
static int iface_class(struct classifier *c, const char *name, uint32_t *class)
{
	size_t i;

	*class = 0;
	if (!strcmp(name, "all"))
		return 0;
	for (i = 1; i <= c->nifaces; i++) {
		if (!strcmp(c->ifaces[i], name)) {
			*class = (uint32_t)i;
			return 0;
		}
	}
	if (c->nifaces + 1 >= EBFILT_MAX_IFACES)
		return -E2BIG;
	c->nifaces++;
	strcpy(c->ifaces[c->nifaces], name);
	*class = (uint32_t)c->nifaces;
	return 0;
}

static bool meta_accepts(const struct filter_rule *r, uint32_t rule_iface, uint32_t iface,
			 uint32_t inbound, uint32_t local, uint32_t frag, uint32_t srcroute)
{
	if (rule_iface && rule_iface != iface)
		return false;
	if ((r->dir == DIR_INBOUND && !inbound) || (r->dir == DIR_OUTBOUND && inbound))
		return false;
	if ((r->scope == SCOPE_LOCAL && !local) || (r->scope == SCOPE_ROUTE && local))
		return false;
	/* -g N keeps a permit rule from letting source-routed packets through. */
	if (srcroute && !r->src_route && r->action == ACTION_PERMIT)
		return false;
	return frag_accepts(r->frag, frag);
}

static int build_meta_classes(struct classifier *c, const struct rule_table *table,
			      const uint32_t *rule_iface)
{
	uint64_t bm[EBFILT_BITMAP_WORDS];
	uint32_t iface, in, local, frag, sr, key;
	size_t i;
	int err;

	for (iface = 0; iface < EBFILT_MAX_IFACES; iface++)
	for (in = 0; in < 2; in++)
	for (local = 0; local < 2; local++)
	for (frag = 0; frag < 3; frag++)
	for (sr = 0; sr < 2; sr++) {
		memset(bm, 0, sizeof(bm));
		for (i = 0; i < table->count; i++)
			if (meta_accepts(&table->rules[i], rule_iface[i], iface, in, local, frag, sr))
				bitmap_set(bm, (uint32_t)i);
		key = ebfilt_meta_key(iface, in, local, frag, sr);
		err = intern(c, bm, &c->meta[key]);
		if (err)
			return err;
	}
	return 0;
}

static int build_proto_classes(struct classifier *c, const struct rule_table *table)
{
	uint64_t bm[EBFILT_BITMAP_WORDS];
	uint32_t key;
	size_t i;
	int err;

	for (key = 0; key < EBFILT_PROTO_KEYS; key++) {
		memset(bm, 0, sizeof(bm));
		for (i = 0; i < table->count; i++)
			if (proto_accepts(&table->rules[i], key))
				bitmap_set(bm, (uint32_t)i);
		err = intern(c, bm, &c->proto[key]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- rules ---- */

/* The kernel record stores these enums as they are. */
_Static_assert((int)SCOPE_ROUTE == EBFILT_SCOPE_ROUTE && (int)DIR_OUTBOUND == EBFILT_DIR_OUTBOUND &&
	       (int)FRAG_HEADERS == EBFILT_FRAGCTL_HEADERS && (int)OP_GE == EBFILT_OP_GE,
	       "rule enums match include/ebfilt.h");

void rule_to_kernel(const struct filter_rule *rule, struct ebfilt_rule *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->saddr, rule->src.bytes, 16);
	memcpy(out->daddr, rule->dst.bytes, 16);
	out->sprefix = rule->src.prefix;
	out->dprefix = rule->dst.prefix;
	out->action = rule->action == ACTION_PERMIT ? EBFILT_PERMIT : EBFILT_DENY;
	out->proto = rule->proto;
	out->flags = (rule->tcp_ack ? EBFILT_RULE_TCP_ACK : 0) | (rule->log ? EBFILT_RULE_LOG : 0) |
		     (rule->src_route ? EBFILT_RULE_SRCROUTE : 0);
	out->scope = (uint8_t)rule->scope;
	out->dir = (uint8_t)rule->dir;
	out->frag = (uint8_t)rule->frag;
	out->sport_op = (uint8_t)rule->sport.op;
	out->dport_op = (uint8_t)rule->dport.op;
	out->sport = rule->sport.value;
	out->dport = rule->dport.value;
	out->tunnel = rule->tunnel;
	out->expire = rule->expire;
	memcpy(out->iface, rule->iface, sizeof(out->iface));
}

void rule_from_kernel(const struct ebfilt_rule *in, uint8_t version, struct filter_rule *out)
{
	rule_init(out, version);
	memcpy(out->src.bytes, in->saddr, 16);
	memcpy(out->dst.bytes, in->daddr, 16);
	out->src.prefix = in->sprefix;
	out->dst.prefix = in->dprefix;
	out->action = in->action == EBFILT_PERMIT ? ACTION_PERMIT : ACTION_DENY;
	out->proto = in->proto;
	out->tcp_ack = in->flags & EBFILT_RULE_TCP_ACK;
	out->log = in->flags & EBFILT_RULE_LOG;
	out->src_route = in->flags & EBFILT_RULE_SRCROUTE;
	out->scope = (enum rule_scope)in->scope;
	out->dir = (enum rule_dir)in->dir;
	out->frag = (enum frag_ctl)in->frag;
	out->sport = (struct port_match){ (enum port_op)in->sport_op, in->sport };
	out->dport = (struct port_match){ (enum port_op)in->dport_op, in->dport };
	out->tunnel = in->tunnel;
	out->expire = in->expire;
	memcpy(out->iface, in->iface, sizeof(out->iface));
	out->iface[sizeof(out->iface) - 1] = '\0';
}

/* What the kernel does not enforce yet is refused, never ignored. */
static int check_enforceable(const struct rule_table *table, size_t i)
{
	const struct filter_rule *r = &table->rules[i];
	const char *why = NULL;

	if (r->action != ACTION_PERMIT && r->action != ACTION_DENY)
		why = r->action == ACTION_SHUN_HOST || r->action == ACTION_SHUN_PORT
			      ? "shun rules are not enforced yet"
			      : "IF/ELSE/ENDIF rules are not enforced yet";
	else if (r->tunnel)
		why = "tunnel IDs (-t) are not enforced yet";
	else if (r->expire)
		why = "expiration times (-e) are not enforced yet";
	else if (r->pattern_kind != PATTERN_NONE)
		why = "patterns (-x, -X) are not enforced yet";
	if (!why)
		return 0;
	pr_err("IPv%u rule %zu: %s; the table cannot be activated", table->version, i + 1, why);
	return -EOPNOTSUPP;
}

static int build_rules(struct classifier *c, const struct rule_table *table, uint32_t *rule_iface)
{
	size_t i;
	int err;

	c->rules = calloc(table->count + 1, sizeof(*c->rules));
	if (!c->rules)
		return -ENOMEM;
	rule_to_kernel(&table->default_rule, &c->rules[0]);
	for (i = 0; i < table->count; i++) {
		err = check_enforceable(table, i);
		if (err)
			return err;
		rule_to_kernel(&table->rules[i], &c->rules[i + 1]);
		if (table->rules[i].scope != SCOPE_BOTH)
			c->config.flags |= EBFILT_CFG_NEED_SCOPE;
		if (iface_class(c, table->rules[i].iface, &rule_iface[i])) {
			pr_err("IPv%u rule %zu: -i %s: more than %d interfaces are named in one table",
			       table->version, i + 1, table->rules[i].iface, EBFILT_MAX_IFACES - 1);
			return -E2BIG;
		}
		c->rules[i + 1].iface_class = (uint8_t)rule_iface[i];
	}
	return 0;
}

int classifier_build(struct classifier *c, const struct rule_table *table)
{
	uint32_t *rule_iface = NULL;
	int err;

	memset(c, 0, sizeof(*c));
	c->version = table->version;
	if (table->count > EBFILT_MAX_RULES) {
		pr_err("IPv%u table has %zu rules; at most %d can be activated", table->version,
		       table->count, EBFILT_MAX_RULES);
		return -E2BIG;
	}
	rule_iface = calloc(table->count + 1, sizeof(*rule_iface));
	err = rule_iface ? build_rules(c, table, rule_iface) : -ENOMEM;
	if (!err)
		err = build_addr_classes(c, table, true, &c->src, &c->nsrc, &c->config.src_any_class);
	if (!err)
		err = build_addr_classes(c, table, false, &c->dst, &c->ndst, &c->config.dst_any_class);
	if (!err)
		err = build_port_classes(c, table, true, c->sport);
	if (!err)
		err = build_port_classes(c, table, false, c->dport);
	if (!err)
		err = build_proto_classes(c, table);
	if (!err)
		err = build_meta_classes(c, table, rule_iface);
	free(rule_iface);
	if (err) {
		if (err == -ENOMEM)
			pr_err("out of memory compiling the IPv%u table", table->version);
		classifier_free(c);
		return err;
	}
	c->config.active = 1;
	c->config.nrules = (uint32_t)table->count;
	c->config.nwords = (uint32_t)(table->count + 63) / 64;
	c->config.nsummary = (c->config.nwords + 63) / 64;
	c->config.default_action = table->default_rule.action == ACTION_PERMIT ? EBFILT_PERMIT
									       : EBFILT_DENY;
	if (table->default_rule.log)
		c->config.flags |= EBFILT_CFG_DEFAULT_LOG;
	return 0;
}

void classifier_free(struct classifier *c)
{
	free(c->bitmaps);
	free(c->intern);
	free(c->src);
	free(c->dst);
	free(c->rules);
	memset(c, 0, sizeof(*c));
}
