// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the log store: records come back in order with their
 * interface names; wrapping keeps the newest and counts exactly the
 * overwritten records nobody cleared or retrieved; a torn frame at the end
 * is found and counted, and so are numbers the file never held; a writer killed at random moments leaves a store
 * whose records are whole and consecutive; a store of another size is set
 * aside.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"

#define MIB (1u << 20)

static char dir[] = "/tmp/ebfilt-store-XXXXXX";

static void reset(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -f %s/ebfilt.log*", dir);
	assert_int_equal(system(cmd), 0);
}

/* A record of len bytes whose content says n. */
static size_t record(uint64_t n, uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(n * 7 + i);
	memcpy(buf, &n, sizeof(n));
	return len;
}

static size_t len_of(uint64_t n)
{
	return 16 + (size_t)(n * 37 % 300);
}

static void append_n(struct log_store *s, uint64_t from, uint64_t count)
{
	uint8_t buf[512];
	uint64_t n;

	for (n = from; n < from + count; n++) {
		struct frame_iface iface = { n % 2 ? "eth0" : "wg0", NULL };

		assert_int_equal(store_append(s, buf, record(n, buf, len_of(n)), &iface), 0);
	}
}

/* Read everything from seq from; check each record; returns how many, first seq in *first. */
static uint64_t read_all(uint64_t from, uint64_t *first, uint64_t *last)
{
	struct store_reader *r;
	struct log_frame f;
	const void *rec;
	uint8_t want[512];
	uint64_t count = 0, n;

	assert_int_equal(store_reader_open(&r, dir), 0);
	while (store_reader_next(r, from, &f, &rec) == 1) {
		memcpy(&n, rec, sizeof(n));
		assert_int_equal(f.len, len_of(n));
		record(n, want, f.len);
		assert_memory_equal(rec, want, f.len);
		assert_string_equal(f.ifname, n % 2 ? "eth0" : "wg0");
		if (!count)
			*first = f.seq;
		else
			assert_int_equal(f.seq, *last + 1);	/* consecutive */
		assert_int_equal(n, f.seq);	/* record n was appended as the n-th */
		*last = f.seq;
		count++;
	}
	store_reader_close(r);
	return count;
}

static struct store_super super(void)
{
	struct store_reader *r;
	struct store_super sb;

	assert_int_equal(store_reader_open(&r, dir), 0);
	sb = *store_reader_super(r);
	store_reader_close(r);
	return sb;
}

static void test_order(void **state)
{
	struct log_store *s;
	uint64_t first = 0, last = 0;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 0, 1000);
	assert_int_equal(store_flush(s, false), 0);
	assert_int_equal(read_all(0, &first, &last), 1000);
	assert_int_equal(first, 0);
	assert_int_equal(last, 999);
	assert_int_equal(read_all(600, &first, &last), 400);	/* from a sequence number */
	assert_int_equal(first, 600);
	store_close(s);
	/* Reopened, it goes on where it stopped. */
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 1000, 10);
	store_close(s);
	assert_int_equal(read_all(0, &first, &last), 1010);
	assert_int_equal(super().lost, 0);
}

static void test_wrap_and_losses(void **state)
{
	struct store_marks marks = { 0 };
	struct log_store *s;
	uint64_t first = 0, last = 0, kept, total = 40000;
	struct store_super sb;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 0, total);	/* about 8 MiB through 1 MiB */
	store_close(s);
	kept = read_all(0, &first, &last);
	sb = super();
	assert_int_equal(last, total - 1);
	assert_int_equal(first, total - kept);
	assert_true(kept > 1000 && kept < total / 4);
	assert_int_equal(sb.lost, total - kept);	/* each overwritten record, exactly */

	/*
	 * Cleared and retrieved records are not lost when overwritten: only
	 * those at or past both marks are.
	 */
	marks.store_id = sb.id;
	marks.cleared_seq = total - kept / 2;
	marks.retrieved_seq = total - kept / 4;
	assert_int_equal(store_marks_write(dir, &marks), 0);
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, total, kept);	/* overwrites about every record there was */
	store_close(s);
	read_all(0, &first, &last);
	assert_true(first > marks.retrieved_seq);	/* records of each kind went */
	sb = super();
	assert_int_equal(sb.lost, (total - kept) + (first - marks.retrieved_seq));
}

static void test_torn_frame(void **state)
{
	struct log_store *s;
	struct store_super sb;
	uint64_t first = 0, last = 0;
	struct log_frame torn = { .magic = FRAME_MAGIC, .len = 100, .crc = 1 };
	char path[256];
	int fd;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 0, 50);
	store_close(s);
	sb = super();
	/* A frame begun at the head and never finished (killed mid-write). */
	torn.seq = sb.next_seq;
	snprintf(path, sizeof(path), "%s/ebfilt.log", dir);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, &torn, sizeof(torn), (off_t)(STORE_DATA_OFF + sb.head)),
			 sizeof(torn));
	close(fd);
	assert_int_equal(read_all(0, &first, &last), 50);	/* readers stop before it */
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 50, 5);	/* written over it */
	store_close(s);
	assert_int_equal(super().torn, 1);
	assert_int_equal(read_all(0, &first, &last), 55);
}

/*
 * Frames at the tail damaged (overwritten before a power loss let the
 * superblock move the tail): opening moves the tail to the next whole
 * frame, counting the records skipped, and readers read from there.
 */
static void test_damaged_tail(void **state)
{
	uint64_t first = 0, last = 0, count;
	struct log_store *s;
	uint8_t junk[300];
	char path[256];
	int fd;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 0, 100);
	store_close(s);
	memset(junk, 0xaa, sizeof(junk));
	snprintf(path, sizeof(path), "%s/ebfilt.log", dir);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof(junk), STORE_DATA_OFF + 8), sizeof(junk));
	close(fd);
	/* Readers skip the damage and count what it hid. */
	count = read_all(0, &first, &last);
	assert_true(first > 0);
	assert_int_equal(count, 100 - first);
	assert_int_equal(last, 99);
	assert_int_equal(store_open(&s, dir, MIB), 0);
	store_close(s);
	count = read_all(0, &first, &last);
	assert_true(first > 0);
	assert_int_equal(last, 99);
	assert_int_equal(count, 100 - first);
	assert_int_equal(super().lost, first);	/* each record skipped, counted */
}

/*
 * A power loss after a superblock that moved the head reached the disk
 * but before the frames it counted did (written, not yet synced): the
 * records synced before are all there, and the missing ones are counted
 * torn; the store goes on from the last one there.
 */
static void test_power_loss(void **state)
{
	uint64_t first = 0, last = 0;
	struct store_super sb;
	struct log_store *s;
	static uint8_t zeros[MIB];
	char path[256];
	int fd, status;
	pid_t pid;

	(void)state;
	reset();
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {	/* the writer, which dies without closing */
		if (store_open(&s, dir, MIB))
			_exit(1);
		append_n(s, 0, 100);
		if (store_flush(s, true))
			_exit(1);
		append_n(s, 100, 50);
		_exit(store_flush(s, false) ? 1 : 0);
	}
	waitpid(pid, &status, 0);
	assert_int_equal(status, 0);
	sb = super();
	assert_int_equal(sb.synced_seq, 100);
	assert_int_equal(sb.next_seq, 150);
	/* The disk kept the superblock but not the frames after synced_head. */
	snprintf(path, sizeof(path), "%s/ebfilt.log", dir);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, zeros, sb.head - sb.synced_head,
				(off_t)(STORE_DATA_OFF + sb.synced_head)),
			 (ssize_t)(sb.head - sb.synced_head));
	close(fd);
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 100, 3);
	store_close(s);
	assert_int_equal(read_all(0, &first, &last), 103);
	assert_int_equal(first, 0);
	assert_int_equal(super().torn, 50);
	assert_int_equal(super().lost, 0);
}

/*
 * Numbers the file counts but never holds (a hostile or damaged
 * superblock that says 100 more records were written than were): where
 * the next record was expected stands a later one. Readers and the
 * follower take it, counting the hundred skipped, and miss nothing after.
 */
static void test_numbers_skipped(void **state)
{
	uint64_t first = 0, last = 0, n;
	struct store_reader *r;
	struct store_follow *fw;
	struct store_super sb;
	struct log_store *s;
	struct log_frame f;
	const void *rec;
	char path[256];
	int fd;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 0, 5);
	store_close(s);
	sb = super();
	sb.next_seq = sb.synced_seq = 105;
	sb.gen++;
	snprintf(path, sizeof(path), "%s/ebfilt.log", dir);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(store_super_put(fd, &sb, true), 0);
	close(fd);
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 105, 5);
	assert_int_equal(store_flush(s, false), 0);

	assert_int_equal(store_reader_open(&r, dir), 0);
	for (n = 0; n < 10; n++) {
		assert_int_equal(store_reader_next(r, 0, &f, &rec), 1);
		assert_int_equal(f.seq, n < 5 ? n : n + 100);
	}
	assert_int_equal(store_reader_next(r, 0, &f, &rec), 0);
	assert_int_equal(store_reader_skipped(r), 100);
	store_reader_close(r);
	assert_int_equal(read_all(105, &first, &last), 5);

	assert_int_equal(store_follow_open(&fw, s, 0, 0), 0);
	for (n = 0; n < 10; n++) {
		assert_int_equal(store_follow_next(fw, &f, &rec), 1);
		assert_int_equal(f.seq, n < 5 ? n : n + 100);
	}
	assert_int_equal(store_follow_next(fw, &f, &rec), 0);
	assert_int_equal(store_follow_take_overrun(fw), 100);
	store_follow_close(fw);
	store_close(s);
}

/* A writer killed at random moments: every record before the last one whole is there. */
static void test_killed_writer(void **state)
{
	uint64_t first = 0, last = 0, count, prev_last = 0;
	struct log_store *s;
	int round, status;
	pid_t pid;

	(void)state;
	reset();
	srand((unsigned int)time(NULL));
	for (round = 0; round < 12; round++) {
		pid = fork();
		assert_true(pid >= 0);
		if (!pid) {
			uint64_t n;

			if (store_open(&s, dir, MIB))
				_exit(1);
			n = super().next_seq;
			for (;; n += 100) {
				append_n(s, n, 100);
				store_flush(s, false);
			}
		}
		usleep(20000 + (useconds_t)(rand() % 60000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		count = read_all(0, &first, &last);
		assert_true(count > 0);
		assert_int_equal(last - first + 1, count);
		assert_true(last >= prev_last);
		prev_last = last;
	}
	/* And the store opens and goes on after the last whole record. */
	assert_int_equal(store_open(&s, dir, MIB), 0);
	assert_int_equal(super().next_seq, prev_last + 1);
	append_n(s, prev_last + 1, 10);
	store_close(s);
	read_all(0, &first, &last);
	assert_int_equal(last, prev_last + 10);
}

static void test_other_size(void **state)
{
	struct log_store *s;
	char path[256];
	struct stat st;

	(void)state;
	reset();
	assert_int_equal(store_open(&s, dir, MIB), 0);
	append_n(s, 0, 10);
	store_close(s);
	assert_int_equal(store_open(&s, dir, 2 * MIB), 0);	/* log_size changed */
	store_close(s);
	snprintf(path, sizeof(path), "%s/ebfilt.log.old", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, STORE_DATA_OFF + MIB);
	snprintf(path, sizeof(path), "%s/ebfilt.log", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, STORE_DATA_OFF + 2 * MIB);
	/* Its blocks are allocated, not a sparse promise. */
	assert_true((uint64_t)st.st_blocks * 512 >= STORE_DATA_OFF + 2 * MIB);
	assert_int_equal(super().next_seq, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_wrap_and_losses),
		cmocka_unit_test(test_torn_frame),
		cmocka_unit_test(test_damaged_tail),
		cmocka_unit_test(test_power_loss),
		cmocka_unit_test(test_numbers_skipped),
		cmocka_unit_test(test_killed_writer),
		cmocka_unit_test(test_other_size),
	};
	int rc;

	diag_init("test_store");
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests_name("store", tests, NULL, NULL);
	reset();
	rmdir(dir);
	return rc;
}
