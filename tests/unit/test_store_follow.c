// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of following the log store from inside its writer (the
 * forwarder's cursor): records come in order and whole, only once the
 * writer has written them, across the store's wraps; a cursor the writer
 * overtakes counts exactly the records it overwrote and goes on from the
 * oldest left; a cursor kept and given back (with its offset, or with a
 * wrong one) goes on from the same record; one older than the store starts
 * at its tail, and one past its end with the next record to come.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/events.h"
#include "logging/store.h"
#include "util/diag.h"

#define MIB (1u << 20)

static char dir[] = "/tmp/ebfilt-follow-XXXXXX";

static void reset(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -f %s/ebfilt.log*", dir);
	assert_int_equal(system(cmd), 0);
}

/* Record n: 16 to 315 bytes, its first 8 bytes say n. */
static size_t len_of(uint64_t n)
{
	return 16 + (size_t)(n * 37 % 300);
}

static void append_n(struct log_store *s, uint64_t from, uint64_t count)
{
	uint8_t buf[512];
	uint64_t n;
	size_t i;

	for (n = from; n < from + count; n++) {
		struct frame_iface iface = { "b1", NULL };

		for (i = 0; i < len_of(n); i++)
			buf[i] = (uint8_t)(n * 7 + i);
		memcpy(buf, &n, sizeof(n));
		assert_int_equal(store_append(s, buf, len_of(n), &iface), 0);
	}
}

/* Follow to the end: each record checked whole; how many, the first's number in *first. */
static uint64_t follow_all(struct store_follow *f, uint64_t *first)
{
	struct log_frame fr;
	const void *rec;
	const uint8_t *b;
	uint64_t count = 0, n;
	size_t i;
	int got;

	while ((got = store_follow_next(f, &fr, &rec)) == 1) {
		b = rec;
		memcpy(&n, b, sizeof(n));
		assert_int_equal(fr.seq, n);	/* the store numbers them as they came */
		assert_int_equal(fr.len, len_of(n));
		for (i = sizeof(n); i < fr.len; i++)
			assert_int_equal(b[i], (uint8_t)(n * 7 + i));
		assert_string_equal(fr.ifname, "b1");
		if (!count && first)
			*first = n;
		count++;
		assert_int_equal(store_follow_seq(f), n + 1);
	}
	assert_int_equal(got, 0);
	return count;
}

static void test_in_order_once_written(void **state)
{
	struct store_follow *f;
	struct log_store *s;
	uint64_t first = 99;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	assert_int_equal(store_follow_open(&f, s, 0, 0), 0);
	append_n(s, 0, 100);
	/* Buffered, not written yet: nothing to follow. */
	assert_int_equal(store_follow_behind(f), 0);
	assert_int_equal(follow_all(f, NULL), 0);
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(store_follow_behind(f), 100);
	assert_int_equal(follow_all(f, &first), 100);
	assert_int_equal(first, 0);
	append_n(s, 100, 50);
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(follow_all(f, &first), 50);
	assert_int_equal(first, 100);
	assert_int_equal(store_follow_take_overrun(f), 0);
	store_follow_close(f);
	store_close(s);
}

/* A follower that keeps up goes round a 1 MiB store many times and misses nothing. */
static void test_keeps_up_across_wraps(void **state)
{
	struct store_follow *f;
	struct log_store *s;
	uint64_t n, got = 0, first;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	assert_int_equal(store_follow_open(&f, s, 0, 0), 0);
	for (n = 0; n < 60000; n += 1000) {
		append_n(s, n, 1000);
		assert_int_equal(store_flush(s, false), 0);
		assert_int_equal(follow_all(f, &first), 1000);
		assert_int_equal(first, n);
		got += 1000;
	}
	assert_int_equal(got, 60000);
	assert_int_equal(store_follow_take_overrun(f), 0);
	store_follow_close(f);
	store_close(s);
}

/* The writer goes past the cursor: exactly what it overwrote is counted, then on from its tail. */
static void test_overrun_counted(void **state)
{
	struct store_reader *r;
	struct store_follow *f;
	struct log_store *s;
	uint64_t first, tail, followed;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	assert_int_equal(store_follow_open(&f, s, 0, 0), 0);
	append_n(s, 0, 1000);
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(follow_all(f, NULL), 1000);
	append_n(s, 1000, 40000);	/* about six times the store */
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(store_reader_open(&r, dir), 0);
	tail = store_reader_super(r)->tail_seq;
	store_reader_close(r);
	assert_true(tail > 1000);
	followed = follow_all(f, &first);
	assert_int_equal(first, tail);
	assert_int_equal(store_follow_take_overrun(f), tail - 1000);
	assert_int_equal(store_follow_take_overrun(f), 0);	/* taken once */
	assert_int_equal(1000 + (tail - 1000) + followed, 41000);
	store_follow_close(f);
	store_close(s);
}

/*
 * Events share the store with the records: a cursor overtaken by the
 * writer learns how many of the frames it lost were events (not records
 * lost), exactly.
 */
static void test_events_overrun(void **state)
{
	struct store_follow *f;
	struct log_store *s;
	struct event_record ev;
	struct frame_iface none = { NULL, NULL };
	struct log_frame fr;
	const void *rec;
	uint64_t frames;
	int i;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	assert_int_equal(store_follow_open(&f, s, UINT64_MAX, 0), 0);
	for (i = 0; i < 7; i++) {	/* seven events among the first records */
		event_record_make(&ev, EV_CONFIG_RELOADED, 0, "ipsec_logd", "configuration reloaded");
		assert_int_equal(store_append(s, &ev, ev.hdr.len, &none), 0);
		append_n(s, (uint64_t)i * 10, 10);
	}
	append_n(s, 70, 6000);	/* the writer wraps past the cursor, which never moved */
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(store_take_written(s), 6070);	/* events are not counted written */
	while (store_follow_next(f, &fr, &rec) == 1)
		;	/* the records left: their numbers are the store's, not append_n's */
	frames = store_follow_take_overrun(f);
	assert_true(frames > 77);
	assert_int_equal(store_take_events_overrun(s), 7);
	store_follow_close(f);
	store_close(s);
}

/* A cursor kept (seq and offset) and given back goes on from the same record. */
static void test_resume(void **state)
{
	struct store_follow *f;
	struct log_store *s;
	struct log_frame fr;
	const void *rec;
	uint64_t seq, off, first;
	int i;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 0, 5000);	/* wrapped: the tail is past record 0 */
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(store_follow_open(&f, s, 4000, 0), 0);	/* a wrong offset: walked to */
	for (i = 0; i < 300; i++)
		assert_int_equal(store_follow_next(f, &fr, &rec), 1);
	assert_int_equal(fr.seq, 4299);
	seq = store_follow_seq(f);
	off = store_follow_off(f);
	store_follow_close(f);
	store_close(s);

	/* Another daemon: the store reopened, the cursor given back. */
	assert_int_equal(store_open(&s, dir, MIB), 0);
	assert_int_equal(store_follow_open(&f, s, seq, off), 0);
	assert_int_equal(follow_all(f, &first), 700);
	assert_int_equal(first, 4300);
	assert_int_equal(store_follow_take_overrun(f), 0);
	store_follow_close(f);
	/* Older than the oldest record: from the tail, the ones between counted. */
	assert_int_equal(store_follow_open(&f, s, 0, 0), 0);
	first = follow_all(f, NULL);
	assert_int_equal(store_follow_take_overrun(f) + first, 5000);
	assert_true(first < 5000);
	store_follow_close(f);
	/* Past the end (another store's cursor): the next record to come. */
	assert_int_equal(store_follow_open(&f, s, UINT64_MAX, 0), 0);
	assert_int_equal(follow_all(f, NULL), 0);
	append_n(s, 5000, 3);
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(follow_all(f, &first), 3);
	assert_int_equal(first, 5000);
	store_follow_close(f);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order_once_written),
		cmocka_unit_test(test_keeps_up_across_wraps),
		cmocka_unit_test(test_overrun_counted),
		cmocka_unit_test(test_events_overrun),
		cmocka_unit_test(test_resume),
	};
	int rc;

	diag_init("test_store_follow");
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests_name("store_follow", tests, NULL, NULL);
	reset();
	rmdir(dir);
	return rc;
}
