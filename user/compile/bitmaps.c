// SPDX-License-Identifier: GPL-2.0
/*
 * Rule bitmaps and their interning: equal bitmaps are stored once, and a
 * class is the index of its bitmap. An open-addressing hash over the
 * bitmaps finds an equal one in about one comparison; each bitmap's hash
 * is kept, so a probe that meets another bitmap compares two words, not
 * two bitmaps. The hash is kept up to date as bits change (a sweep
 * interns tens of thousands of bitmaps that differ from the last in a
 * bit or two), as are the summary words.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile/bitmaps.h"

/*
 * A word's part of the hash: 0 for an empty word, so the empty bitmap's
 * hash is 0; otherwise a mix of the word and its index (murmur3's
 * finaliser). The hash is the sum of the parts: a change to one word
 * changes it by that word's parts, old and new.
 */
static uint64_t word_hash(uint32_t index, uint64_t word)
{
	uint64_t h;

	if (!word)
		return 0;
	h = word ^ ((uint64_t)index + 1) * 0x9e3779b97f4a7c15ULL;
	h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdULL;
	h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* Rule word w becomes word: its summary bit and both words' parts of the hash follow. */
static void draft_store(struct bitmap_draft *d, uint32_t w, uint64_t word)
{
	uint32_t sw = w / 64, at = EBFILT_MAX_SUMMARY + w;
	uint64_t summary = d->bm[sw];

	if (word == d->bm[at])
		return;
	d->hash += word_hash(at, word) - word_hash(at, d->bm[at]);
	d->bm[at] = word;
	if (word)
		summary |= 1ULL << (w % 64);
	else
		summary &= ~(1ULL << (w % 64));
	d->hash += word_hash(sw, summary) - word_hash(sw, d->bm[sw]);
	d->bm[sw] = summary;
}

void bitmap_set(struct bitmap_draft *d, uint32_t bit)
{
	draft_store(d, bit / 64, d->bm[EBFILT_MAX_SUMMARY + bit / 64] | 1ULL << (bit % 64));
}

void bitmap_clear(struct bitmap_draft *d, uint32_t bit)
{
	draft_store(d, bit / 64, d->bm[EBFILT_MAX_SUMMARY + bit / 64] & ~(1ULL << (bit % 64)));
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

int bitmap_intern(struct classifier *c, const struct bitmap_draft *d, uint32_t *class)
{
	const uint64_t *bm = d->bm;
	uint64_t hash = d->hash;
	size_t slot;

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
