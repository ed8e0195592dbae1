// SPDX-License-Identifier: GPL-2.0
/*
 * The order of the rules' bits in the bitmaps (abi.h: struct
 * ebfilt_rule_order). The kernel reads only the bitmap words in which
 * every field has some rule matching the packet. In table order, rules
 * with wild or wide addresses sit in nearly every word, so nearly every
 * word qualifies, and a packet no rule takes reads them all. Sorted by
 * their addresses (the field with fewer wildcards first, the wild ones
 * last, then the other field), rules that a packet's addresses can match
 * sit in a few runs of words: the rest are skipped by the summary words.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile/order.h"

struct order_ctx {
	const struct rule_table *table;
	uint8_t (*net)[2][16];	/* each rule's networks: [0] source, [1] destination */
	bool dst_first;
};

/* Wild addresses last; then by network, the wider prefix first. */
static int addr_cmp(const struct order_ctx *ctx, uint32_t ia, uint32_t ib, int side)
{
	const struct filter_rule *a = &ctx->table->rules[ia], *b = &ctx->table->rules[ib];
	uint8_t pa = side ? a->dst.prefix : a->src.prefix, pb = side ? b->dst.prefix : b->src.prefix;
	int diff;

	if (!pa != !pb)
		return pa ? -1 : 1;
	diff = memcmp(ctx->net[ia][side], ctx->net[ib][side], 16);
	return diff ? diff : (int)pa - (int)pb;
}

static int port_cmp(const struct port_match *a, const struct port_match *b)
{
	if ((a->op == EBFILT_OP_ANY) != (b->op == EBFILT_OP_ANY))
		return a->op == EBFILT_OP_ANY ? 1 : -1;
	if (a->op != b->op)
		return a->op < b->op ? -1 : 1;
	return a->value != b->value ? (a->value < b->value ? -1 : 1) : 0;
}

static int rule_cmp(const void *pa, const void *pb, void *arg)
{
	const struct order_ctx *ctx = arg;
	uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
	const struct filter_rule *a = &ctx->table->rules[ia], *b = &ctx->table->rules[ib];
	int diff;

	diff = addr_cmp(ctx, ia, ib, ctx->dst_first);
	if (!diff)
		diff = addr_cmp(ctx, ia, ib, !ctx->dst_first);
	if (!diff && a->proto != b->proto)
		diff = a->proto == PROTO_ALL ? 1 : b->proto == PROTO_ALL ? -1 : a->proto - b->proto;
	if (!diff)
		diff = port_cmp(&a->dport, &b->dport);
	if (!diff)
		diff = port_cmp(&a->sport, &b->sport);
	return diff ? diff : (ia > ib) - (ia < ib);
}

static int index_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

int rule_order_build(const struct rule_table *table, bool table_order, uint32_t *order)
{
	struct order_ctx ctx = { .table = table };
	size_t i, wild_src = 0, wild_dst = 0;

	for (i = 0; i < table->count; i++) {
		order[i] = (uint32_t)i;
		wild_src += !table->rules[i].src.prefix;
		wild_dst += !table->rules[i].dst.prefix;
	}
	if (table_order)
		return 0;
	ctx.net = calloc(table->count + 1, sizeof(*ctx.net));
	if (!ctx.net)
		return -ENOMEM;
	for (i = 0; i < table->count; i++) {
		rule_addr_masked(&table->rules[i].src, ctx.net[i][0]);
		rule_addr_masked(&table->rules[i].dst, ctx.net[i][1]);
	}
	ctx.dst_first = wild_dst <= wild_src;
	qsort_r(order, table->count, sizeof(*order), rule_cmp, &ctx);
	free(ctx.net);
	/* Within a word, by rule ID: its lowest bit is then its first rule. */
	for (i = 0; i < table->count; i += 64)
		qsort(order + i, table->count - i < 64 ? table->count - i : 64, sizeof(*order),
		      index_cmp);
	return 0;
}

void rule_order_encode(const uint32_t *order, size_t n, struct ebfilt_rule_order *out)
{
	uint16_t first = EBFILT_NO_RULE;
	size_t i, w;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
		out->bit_rule[i] = (uint16_t)(order[i] + 1);
	for (w = EBFILT_MAX_WORDS; w-- > 0;) {
		for (i = w * 64; i < n && i < (w + 1) * 64; i++)
			if (out->bit_rule[i] < first)
				first = out->bit_rule[i];
		out->first_id[w] = first;
	}
}
