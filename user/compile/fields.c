// SPDX-License-Identifier: GPL-2.0
/*
 * The classes of each packet field. Each field's classes come from a sweep
 * that keeps one working bitmap and interns it whenever it changes, so the
 * work is about (events + classes x words), not values x rules:
 *   - addresses: distinct prefixes in trie order, a stack of the enclosing
 *     ones; a prefix's bitmap holds the rules of every enclosing prefix,
 *     and the address space becomes intervals of classes (abi.h);
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

struct addr_prefix {
	uint32_t prefixlen;
	uint8_t addr[16];	/* IPv4 in the first 4 bytes, the rest zero */
};

struct prefix_ref {
	struct addr_prefix key;
	int32_t rule;		/* bit, or -1 for the 0/0 every field has */
};

/* Trie order: by address, then the shorter (enclosing) prefix first. */
static int prefix_order(const void *a, const void *b)
{
	const struct prefix_ref *x = a, *y = b;
	int diff = memcmp(x->key.addr, y->key.addr, 16);

	if (diff)
		return diff;
	return (int)x->key.prefixlen - (int)y->key.prefixlen;
}

typedef unsigned __int128 addr128;

static addr128 addr_value(const uint8_t addr[16])
{
	addr128 v = 0;
	int i;

	for (i = 0; i < 16; i++)
		v = v << 8 | addr[i];
	return v;
}

/* The last address of a prefix, in an address space of width bits at the top of 128. */
static addr128 prefix_last(const struct addr_prefix *p, unsigned int width)
{
	unsigned int host = width - p->prefixlen + (128 - width);

	return addr_value(p->addr) | (host >= 128 ? ~(addr128)0 : (((addr128)1 << host) - 1));
}

/* Rules of refs[first..] sharing refs[first]'s prefix: set or clear their bits. */
static size_t apply_group(const struct prefix_ref *refs, size_t n, size_t first,
			  struct bitmap_draft *bm, bool set)
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

/* The sweep over one field's prefixes in trie order. */
struct addr_sweep {
	struct prefix_ref *refs;
	size_t n;
	size_t *stack;			/* the prefixes enclosing the one at hand */
	uint32_t *classes;		/* the class of each of them */
	size_t depth;
	unsigned int width;		/* 32 or 128 */
	struct bitmap_draft bm;		/* the rules of every prefix on the stack */
	struct ebfilt_addr_bound *out;
	size_t nout;
};

/*
 * Intervals: the next starts at start with class. One that starts where
 * the last did replaces it; one of the last's class only extends it.
 */
static void bound_add(struct addr_sweep *w, addr128 start, uint32_t class)
{
	struct ebfilt_addr_bound *last = w->nout ? &w->out[w->nout - 1] : NULL;

	if (last && last->hi == (uint64_t)(start >> 64) && last->lo == (uint64_t)start) {
		w->nout--;
		last = w->nout ? &w->out[w->nout - 1] : NULL;
	}
	if (last && last->class == class)
		return;
	w->out[w->nout++] = (struct ebfilt_addr_bound){ .hi = (uint64_t)(start >> 64),
							.lo = (uint64_t)start, .class = class };
}

/*
 * Leave the prefixes of the stack that do not hold next (NULL: all of
 * them but 0/0): after each, its parent's class applies again.
 */
static void leave_prefixes(struct addr_sweep *w, const addr128 *next)
{
	while (w->depth > 1) {
		addr128 last = prefix_last(&w->refs[w->stack[w->depth - 1]].key, w->width);

		if (next && *next <= last)
			return;
		apply_group(w->refs, w->n, w->stack[--w->depth], &w->bm, false);
		if (last != ~(addr128)0)
			bound_add(w, last + 1, w->classes[w->depth - 1]);
	}
}

static int sweep_addrs(struct classifier *c, struct addr_sweep *w, uint32_t *any_class)
{
	size_t i, next;
	int err;

	qsort(w->refs, w->n, sizeof(*w->refs), prefix_order);
	/*
	 * In trie order, prefixes nest or follow each other. Entering a prefix
	 * starts an interval of its class (its rules and all the enclosing
	 * ones'); leaving it, its parent's.
	 */
	for (i = 0; i < w->n; i = next) {
		addr128 start = addr_value(w->refs[i].key.addr);

		leave_prefixes(w, &start);
		next = apply_group(w->refs, w->n, i, &w->bm, true);
		w->stack[w->depth] = i;
		err = bitmap_intern(c, &w->bm, &w->classes[w->depth]);
		if (err)
			return err;
		if (w->refs[i].key.prefixlen == 0)
			*any_class = w->classes[w->depth];
		bound_add(w, start, w->classes[w->depth]);
		w->depth++;
	}
	leave_prefixes(w, NULL);
	return 0;
}

int build_addr_classes(struct classifier *c, const struct rule_table *table, bool src,
		       struct ebfilt_addr_bound **out, size_t *nout, uint32_t *any_class)
{
	struct addr_sweep *w = calloc(1, sizeof(*w));
	size_t i, n = table->count + 1;
	int err = -ENOMEM;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->n = n;
	w->width = table->version == 4 ? 32 : 128;
	w->refs = calloc(n, sizeof(*w->refs));
	w->stack = calloc(n, sizeof(*w->stack));
	w->classes = calloc(n, sizeof(*w->classes));
	w->out = calloc(2 * n + 1, sizeof(*w->out));
	if (!w->refs || !w->stack || !w->classes || !w->out)
		goto cleanup;
	for (i = 0; i < table->count; i++) {
		const struct rule_addr *a = src ? &table->rules[i].src : &table->rules[i].dst;

		w->refs[i].key.prefixlen = a->prefix;
		rule_addr_masked(a, w->refs[i].key.addr);
		w->refs[i].rule = (int32_t)i;
	}
	w->refs[table->count].rule = -1;	/* 0/0: every address finds a class */
	err = sweep_addrs(c, w, any_class);
	if (!err) {
		*out = w->out;
		*nout = w->nout;
		w->out = NULL;
	}
cleanup:
	free(w->out);
	free(w->classes);
	free(w->stack);
	free(w->refs);
	free(w);
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
	struct bitmap_draft bm = { 0 };
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
			(events[e].set ? bitmap_set : bitmap_clear)(&bm, events[e].rule);
		if (changed)
			err = bitmap_intern(c, &bm, &class);
		classes[port] = class;
	}
	/* A packet without ports matches only the rules whose operator is any. */
	memset(&bm, 0, sizeof(bm));
	for (i = 0; i < table->count; i++)
		if ((src ? table->rules[i].sport.op : table->rules[i].dport.op) == EBFILT_OP_ANY)
			bitmap_set(&bm, (uint32_t)i);
	if (!err)
		err = bitmap_intern(c, &bm, &classes[EBFILT_PORT_ABSENT]);
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
	struct bitmap_draft bm;
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
		memset(&bm, 0, sizeof(bm));
		for (i = 0; i < table->count; i++)
			if (meta_accepts(&table->rules[i], rule_iface[i], iface,
					 c->iface_tunnel[iface], in, local, frag, sr))
				bitmap_set(&bm, (uint32_t)i);
		err = bitmap_intern(c, &bm, &c->meta[key]);
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
	struct bitmap_draft base = { 0 }, bm;
	uint32_t start[257] = { 0 }, fill[256], *order, key, p, j;
	const struct filter_rule *r;
	size_t i;
	int err = 0;

	order = malloc((table->count + 1) * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 0; i < table->count; i++) {
		if (table->rules[i].proto == PROTO_ALL)
			bitmap_set(&base, (uint32_t)i);
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
		bm = base;
		for (j = start[key & 0xff]; key != EBFILT_PROTO_ABSENT && j < start[(key & 0xff) + 1];
		     j++) {
			r = &table->rules[order[j]];
			if (!r->tcp_ack || (key & EBFILT_PROTO_ACK))
				bitmap_set(&bm, order[j]);
		}
		for (j = start[IPPROTO_AH]; (key & EBFILT_PROTO_AH) && key != EBFILT_PROTO_ABSENT &&
					    j < start[IPPROTO_AH + 1]; j++)
			bitmap_set(&bm, order[j]);
		err = bitmap_intern(c, &bm, &c->proto[key]);
	}
	free(order);
	return err;
}
