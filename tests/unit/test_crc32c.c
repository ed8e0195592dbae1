// SPDX-License-Identifier: GPL-2.0
/*
 * CRC-32C: the check value of the standard, and agreement with a plain
 * bitwise implementation on random lengths and alignments, of the path
 * this processor takes and of the table path (the one a processor without
 * the instruction takes): stores must read the same on both.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/crc32c.h"

static uint32_t bitwise(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0u;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? crc >> 1 ^ 0x82f63b78u : crc >> 1;
	}
	return ~crc;
}

static void test_check_value(void **state)
{
	(void)state;
	assert_int_equal(crc32c(0, "123456789", 9), 0xe3069283u);
	assert_int_equal(crc32c_table(0, "123456789", 9), 0xe3069283u);
	assert_int_equal(crc32c(0, "", 0), 0);
	/* In pieces, as the frames are checked: header, then record. */
	assert_int_equal(crc32c(crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
}

static void test_agrees(void **state)
{
	uint8_t buf[600];
	size_t i, off, len;
	int round;

	(void)state;
	srand(7);
	for (round = 0; round < 2000; round++) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)rand();
		off = (size_t)rand() % 8;
		len = (size_t)rand() % (sizeof(buf) - 8);
		assert_int_equal(crc32c(0, buf + off, len), bitwise(buf + off, len));
		assert_int_equal(crc32c_table(0, buf + off, len), bitwise(buf + off, len));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_agrees),
	};

	return cmocka_run_group_tests_name("crc32c", tests, NULL, NULL);
}
