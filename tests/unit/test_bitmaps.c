// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's bitmap drafts (compile/bitmaps.h): after any sequence of
 * sets and clears, a draft's words, summary words and hash are those of a
 * draft built from nothing with only the bits left set; interning gives
 * equal bitmaps one class and different ones different classes, and
 * keeps an exact copy. EBFILT_TEST_SEED reproduces a run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "compile/bitmaps.h"
#include "random_rules.h"

#define ROUNDS	200
#define STEPS	400

/* A few rules close together, some far apart: words fill, empty and share summaries. */
static uint32_t random_bit(void)
{
	return random_chance(75) ? random_below(200) : random_below(EBFILT_MAX_RULES);
}

/* What the draft must hold: the bits of want[], summarised from scratch. */
static void check_draft(const struct bitmap_draft *d, const bool *want)
{
	struct bitmap_draft fresh = { 0 };
	uint32_t bit, w;

	for (bit = 0; bit < EBFILT_MAX_RULES; bit++)
		if (want[bit])
			bitmap_set(&fresh, bit);
	for (w = 0; w < EBFILT_MAX_WORDS; w++) {
		uint64_t word = 0;

		for (bit = 0; bit < 64; bit++)
			word |= (uint64_t)want[w * 64 + bit] << bit;
		assert_int_equal(d->bm[EBFILT_MAX_SUMMARY + w], word);
		assert_int_equal(!!(d->bm[w / 64] & 1ULL << (w % 64)), word != 0);
	}
	assert_memory_equal(d->bm, fresh.bm, sizeof(d->bm));
	assert_int_equal(d->hash, fresh.hash);
}

static void test_incremental(void **state)
{
	static bool want[EBFILT_MAX_RULES];
	struct bitmap_draft d = { 0 };
	int round, step;
	uint32_t bit;

	(void)state;
	assert_int_equal(d.hash, 0);
	for (round = 0; round < ROUNDS; round++) {
		for (step = 0; step < STEPS; step++) {
			bit = random_bit();
			if (random_chance(50)) {
				bitmap_set(&d, bit);	/* twice is once */
				want[bit] = true;
			} else {
				bitmap_clear(&d, bit);
				want[bit] = false;
			}
		}
		check_draft(&d, want);
	}
	for (bit = 0; bit < EBFILT_MAX_RULES; bit++)
		bitmap_clear(&d, bit);
	assert_int_equal(d.hash, 0);	/* empty again: as from nothing */
}

static void test_intern(void **state)
{
	struct classifier c = { 0 };
	struct bitmap_draft a = { 0 }, b = { 0 };
	uint32_t ca, cb, cz, again;

	(void)state;
	bitmap_set(&a, 3);
	bitmap_set(&a, 9000);
	/* b reaches a's bits another way. */
	bitmap_set(&b, 9000);
	bitmap_set(&b, 64);
	bitmap_set(&b, 3);
	bitmap_clear(&b, 64);
	assert_int_equal(bitmap_intern(&c, &a, &ca), 0);
	assert_int_equal(bitmap_intern(&c, &b, &cb), 0);
	assert_int_equal(ca, cb);
	assert_memory_equal(c.bitmaps[ca], a.bm, sizeof(a.bm));
	bitmap_clear(&b, 3);
	assert_int_equal(bitmap_intern(&c, &b, &cb), 0);
	assert_int_not_equal(ca, cb);
	assert_memory_equal(c.bitmaps[cb], b.bm, sizeof(b.bm));
	memset(&b, 0, sizeof(b));
	assert_int_equal(bitmap_intern(&c, &b, &cz), 0);
	assert_int_equal(bitmap_intern(&c, &a, &again), 0);
	assert_int_equal(again, ca);
	assert_int_equal(c.nbitmaps, 3);
	classifier_free(&c);
}

/* Many bitmaps: the index grows and still finds each. */
static void test_many(void **state)
{
	struct classifier c = { 0 };
	struct bitmap_draft d = { 0 };
	uint32_t bit, class;

	(void)state;
	for (bit = 0; bit < 5000; bit++) {
		bitmap_set(&d, bit);
		assert_int_equal(bitmap_intern(&c, &d, &class), 0);
		assert_int_equal(class, bit);
	}
	memset(&d, 0, sizeof(d));
	for (bit = 0; bit < 5000; bit++) {
		bitmap_set(&d, bit);
		assert_int_equal(bitmap_intern(&c, &d, &class), 0);
		assert_int_equal(class, bit);
	}
	assert_int_equal(c.nbitmaps, 5000);
	classifier_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_many),
	};

	random_seed_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
