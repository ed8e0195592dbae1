/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compiler's rule bitmaps (see include/ebfilt/abi.h for the layout:
 * summary words, then one bit per rule). Internal to user/compile/.
 */
#ifndef EBFILT_COMPILE_BITMAPS_H
#define EBFILT_COMPILE_BITMAPS_H

#include <stdint.h>

#include "compile/classifier.h"

/* Set or clear the bit of rule index bit (rule ID - 1); summaries are left alone. */
void bitmap_set(uint64_t *bm, uint32_t bit);
void bitmap_clear(uint64_t *bm, uint32_t bit);

/*
 * The class of bm, which is summarised here: an equal bitmap's class, or a
 * new one. 0 or -ENOMEM.
 */
int bitmap_intern(struct classifier *c, uint64_t *bm, uint32_t *class);

#endif
