// SPDX-License-Identifier: GPL-2.0
/*
 * Rule bitmaps and their interning: equal bitmaps are stored once, and a
 * class is the index of its bitmap. An open-addressing hash over the
 * bitmaps finds an equal one in about one comparison; each bitmap's hash
 * is kept, so a probe that meets another bitmap compares two words, not
 * two bitmaps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile/bitmaps.h"

void bitmap_set(uint64_t *bm, uint32_t bit)
{
	bm[EBFILT_MAX_SUMMARY + bit / 64] |= 1ULL << (bit % 64);
}

void bitmap_clear(uint64_t *bm, uint32_t bit)
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
		size_t slot = c->hashes[i] & (cap - 1);

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
int bitmap_intern(struct classifier *c, uint64_t *bm, uint32_t *class)
{
	uint64_t hash;
	size_t slot;

	bitmap_summarise(bm);
	hash = bitmap_hash(bm);
	if (c->nbitmaps * 2 >= c->intern_cap && intern_grow(c))
		return -ENOMEM;
	for (slot = hash & (c->intern_cap - 1); c->intern[slot] != UINT32_MAX;
	     slot = (slot + 1) & (c->intern_cap - 1)) {
		if (c->hashes[c->intern[slot]] == hash &&
		    !memcmp(c->bitmaps[c->intern[slot]], bm, sizeof(ebfilt_bitmap))) {
			*class = c->intern[slot];
			return 0;
		}
	}
	if (c->nbitmaps == c->bitmaps_cap) {
		size_t cap = c->bitmaps_cap ? c->bitmaps_cap * 2 : 64;
		ebfilt_bitmap *grown = realloc(c->bitmaps, cap * sizeof(*grown));
		uint64_t *hashes = realloc(c->hashes, cap * sizeof(*hashes));

		if (grown)
			c->bitmaps = grown;
		if (hashes)
			c->hashes = hashes;
		if (!grown || !hashes)
			return -ENOMEM;
		c->bitmaps_cap = cap;
	}
	c->hashes[c->nbitmaps] = hash;
	memcpy(c->bitmaps[c->nbitmaps], bm, sizeof(ebfilt_bitmap));
	c->intern[slot] = (uint32_t)c->nbitmaps;
	*class = (uint32_t)c->nbitmaps++;
	return 0;
}
