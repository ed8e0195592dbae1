/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compiler's rule bitmaps (see include/ebfilt/abi.h for the layout:
 * summary words, then one bit per rule). Internal to user/compile/.
 */
#ifndef EBFILT_COMPILE_BITMAPS_H
#define EBFILT_COMPILE_BITMAPS_H

#include <stdint.h>

#include "compile/classifier.h"

/*
 * A bitmap being built: its words (summaries kept up to date) and its
 * hash, both updated bit by bit, so interning one that differs from the
 * last in a few bits costs no pass over its 1.3 KiB. Start from zero
 * (memset or = { 0 }: the empty bitmap's hash is 0) or from a copy.
 */
struct bitmap_draft {
	uint64_t bm[EBFILT_BITMAP_WORDS];
	uint64_t hash;
};

/* Set or clear the bit of rule index bit (rule ID - 1); either may be a no-op. */
void bitmap_set(struct bitmap_draft *d, uint32_t bit);
void bitmap_clear(struct bitmap_draft *d, uint32_t bit);

/* The class of d's bitmap: an equal bitmap's class, or a new one. 0 or -ENOMEM. */
int bitmap_intern(struct classifier *c, const struct bitmap_draft *d, uint32_t *class);

#endif
