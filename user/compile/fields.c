// SPDX-License-Identifier: GPL-2.0
/*
 * The classes of each packet field. Each field's classes come from a sweep
 * that keeps one working bitmap and interns it whenever it changes, so the
 * work is about (events + classes x words), not values x rules:
 *   - addresses: distinct prefixes in trie order, a stack of the enclosing
 *     ones; a prefix's bitmap holds the rules of every enclosing prefix;
 *   - ports: rule intervals opened and closed along 0..65535;
 *   - protocol and meta: few keys, each checked against every rule.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "compile/bitmaps.h"
#include "compile/fields.h"

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

int build_addr_classes(struct classifier *c, const struct rule_table *table, bool src,
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
		err = bitmap_intern(c, bm, &(*out)[*nout].class);
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
	case EBFILT_OP_ANY: lo[0] = 0; hi[0] = 65535; return 1;
	case EBFILT_OP_EQ:  lo[0] = v; hi[0] = v; return 1;
	case EBFILT_OP_LT:  lo[0] = 0; hi[0] = v - 1; return v > 0;
	case EBFILT_OP_LE:  lo[0] = 0; hi[0] = v; return 1;
	case EBFILT_OP_GT:  lo[0] = v + 1; hi[0] = 65535; return v < 65535;
	case EBFILT_OP_GE:  lo[0] = v; hi[0] = 65535; return 1;
	case EBFILT_OP_NEQ:
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

int build_port_classes(struct classifier *c, const struct rule_table *table, bool src,
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
			err = bitmap_intern(c, bm, &class);
		classes[port] = class;
	}
	/* A packet without ports matches only the rules whose operator is any. */
	memset(bm, 0, sizeof(bm));
	for (i = 0; i < table->count; i++)
		if ((src ? table->rules[i].sport.op : table->rules[i].dport.op) == EBFILT_OP_ANY)
			bitmap_set(bm, (uint32_t)i);
	if (!err)
		err = bitmap_intern(c, bm, &classes[EBFILT_PORT_ABSENT]);
	free(events);
	return err;
}

/* ---- protocol and meta ---- */

static bool frag_accepts(enum ebfilt_frag_ctl ctl, uint32_t frag)
{
	switch (ctl) {
	case EBFILT_FRAGCTL_ALL:     return true;
	case EBFILT_FRAGCTL_NONE:    return frag == EBFILT_FRAG_NONE;
	case EBFILT_FRAGCTL_ONLY:    return frag != EBFILT_FRAG_NONE;
	case EBFILT_FRAGCTL_HEADERS: return frag != EBFILT_FRAG_LATER;
	}
	return false;
}

/* The interface class of a rule: 0 for "all", else 1.. by first use. */
int iface_class(struct classifier *c, const char *name, uint32_t *class)
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
			 uint32_t tunnel, uint32_t inbound, uint32_t local, uint32_t frag,
			 uint32_t srcroute)
{
	if (r->action == EBFILT_ELSE || r->action == EBFILT_ENDIF)
		return false;	/* markers of a scope: no packet is theirs */
	if (rule_iface && rule_iface != iface)
		return false;
	/* -t N: the traffic of tunnel N's interface; -t 0: of no tunnel's. */
	if (r->tunnel != tunnel)
		return false;
	if ((r->dir == EBFILT_DIR_INBOUND && !inbound) || (r->dir == EBFILT_DIR_OUTBOUND && inbound))
		return false;
	if ((r->scope == EBFILT_SCOPE_LOCAL && !local) || (r->scope == EBFILT_SCOPE_ROUTE && local))
		return false;
	/* -g N keeps a permit rule from letting source-routed packets through. */
	if (srcroute && !r->src_route && r->action == EBFILT_PERMIT)
		return false;
	return frag_accepts(r->frag, frag);
}

int build_meta_classes(struct classifier *c, const struct rule_table *table,
			      const uint32_t *rule_iface)
{
	uint64_t bm[EBFILT_BITMAP_WORDS];
	uint32_t iface, in, local, frag, sr, key;
	size_t i;
	int err;

	/*
	 * Only the classes in use: no packet's interface has another. Those
	 * get class 0's (an interface no rule names), all the same.
	 */
	for (iface = 0; iface < EBFILT_MAX_IFACES; iface++)
	for (in = 0; in < 2; in++)
	for (local = 0; local < 2; local++)
	for (frag = 0; frag < 3; frag++)
	for (sr = 0; sr < 2; sr++) {
		key = ebfilt_meta_key(iface, in, local, frag, sr);
		if (iface > c->nifaces) {
			c->meta[key] = c->meta[ebfilt_meta_key(0, in, local, frag, sr)];
			continue;
		}
		memset(bm, 0, sizeof(bm));
		for (i = 0; i < table->count; i++)
			if (meta_accepts(&table->rules[i], rule_iface[i], iface,
					 c->iface_tunnel[iface], in, local, frag, sr))
				bitmap_set(bm, (uint32_t)i);
		err = bitmap_intern(c, bm, &c->meta[key]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Every key's bitmap is the rules for any protocol, plus those naming the
 * key's protocol (the ACK bit deciding for tcp/ack), plus AH's when the
 * key says AH (a rule for ah matches what AH carries); the key of a packet
 * without a protocol, only the rules for any. Built from the rules grouped
 * by protocol, not by asking each of the 1,025 keys about every rule.
 */
int build_proto_classes(struct classifier *c, const struct rule_table *table)
{
	uint64_t base[EBFILT_BITMAP_WORDS], bm[EBFILT_BITMAP_WORDS];
	uint32_t start[257] = { 0 }, fill[256], *order, key, p, j;
	const struct filter_rule *r;
	size_t i;
	int err = 0;

	order = malloc((table->count + 1) * sizeof(*order));
	if (!order)
		return -ENOMEM;
	memset(base, 0, sizeof(base));
	for (i = 0; i < table->count; i++) {
		if (table->rules[i].proto == PROTO_ALL)
			bitmap_set(base, (uint32_t)i);
		else
			start[table->rules[i].proto + 1]++;
	}
	for (p = 0; p < 256; p++) {
		start[p + 1] += start[p];
		fill[p] = start[p];
	}
	for (i = 0; i < table->count; i++)
		if (table->rules[i].proto != PROTO_ALL)
			order[fill[table->rules[i].proto]++] = (uint32_t)i;
	for (key = 0; key < EBFILT_PROTO_KEYS && !err; key++) {
		memcpy(bm, base, sizeof(bm));
		for (j = start[key & 0xff]; key != EBFILT_PROTO_ABSENT && j < start[(key & 0xff) + 1];
		     j++) {
			r = &table->rules[order[j]];
			if (!r->tcp_ack || (key & EBFILT_PROTO_ACK))
				bitmap_set(bm, order[j]);
		}
		for (j = start[IPPROTO_AH]; (key & EBFILT_PROTO_AH) && key != EBFILT_PROTO_ABSENT &&
					    j < start[IPPROTO_AH + 1]; j++)
			bitmap_set(bm, order[j]);
		err = bitmap_intern(c, bm, &c->proto[key]);
	}
	free(order);
	return err;
}
