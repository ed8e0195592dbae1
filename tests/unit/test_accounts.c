// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the daemon's accounts (losses.h) as the forwarder uses
 * them: a state file of the layout before the forwarder's place keeps its
 * counts; a daemon that stopped leaves as held only what it took and
 * neither accounted for nor left waiting in the store; logging maps
 * replaced hand on what was waiting or in hand, and keep the cursor.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logging/losses.h"
#include "util/diag.h"

static char dir[] = "/tmp/ebfilt-accounts-XXXXXX";
static char state[sizeof(dir) + 32];

static void write_state(const void *bytes, size_t len)
{
	FILE *out = fopen(state, "we");

	assert_non_null(out);
	assert_int_equal(fwrite(bytes, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
}

/* The 04 layout is this one up to the forwarder's place, with its own magic. */
static void test_migrate_04(void **state_)
{
	struct log_accounts old = { .magic = 0xeb1f0a04u, .taken = 10, .written = 7,
				    .syslog_lost = 2, .unsent = 1, .store_written = 10 };
	struct log_accounts *a;
	struct stat st;

	(void)state_;
	write_state(&old, offsetof(struct log_accounts, fwd_store));
	assert_int_equal(accounts_open(&a), 0);
	assert_int_equal(a->taken, 10);
	assert_int_equal(a->written, 7);
	assert_int_equal(a->syslog_lost, 2);
	assert_int_equal(a->unsent, 1);
	assert_int_equal(a->store_written, 10);
	assert_int_equal(a->fwd_store, 0);
	assert_int_equal(accounts_waiting(a), 0);
	accounts_close(a);
	assert_int_equal(stat(state, &st), 0);
	assert_int_equal(st.st_size, sizeof(struct log_accounts));
	unlink(state);
}

/* Not a state file of ours (another size, or magic): counted from zero. */
static void test_foreign_file(void **state_)
{
	struct log_accounts old = { .magic = 0xeb1f0a03u, .taken = 10 };
	struct log_accounts *a;

	(void)state_;
	write_state(&old, offsetof(struct log_accounts, fwd_store));
	assert_int_equal(accounts_open(&a), 0);
	assert_int_equal(a->taken, 0);
	accounts_close(a);
	unlink(state);
}

static void test_resume_held(void **state_)
{
	struct log_accounts *a;

	(void)state_;
	assert_int_equal(accounts_open(&a), 0);
	a->taken = 100;
	a->written = 60;
	a->syslog_lost = 10;
	/* 25 wait in the store for the next daemon: 5 were in the last one's hands. */
	accounts_resume(a, 25);
	assert_int_equal(a->unsent, 5);
	/* Waiting covers what is not accounted for: nothing held. */
	accounts_resume(a, 25);
	assert_int_equal(a->unsent, 5);
	accounts_close(a);
	unlink(state);
}

static void test_waiting(void **state_)
{
	struct log_accounts a = { .fwd_store = 7, .fwd_seq = 90, .store_next = 100 };

	(void)state_;
	assert_int_equal(accounts_waiting(&a), 10);
	a.fwd_seq = 100;
	assert_int_equal(accounts_waiting(&a), 0);
	a.fwd_seq = 90;
	a.fwd_store = 0;	/* no cursor: nothing waits for it */
	assert_int_equal(accounts_waiting(&a), 0);
}

/* New logging maps: counts from zero, the unsettled handed on, the cursor kept. */
static void test_carry_over(void **state_)
{
	struct log_accounts *a;

	(void)state_;
	assert_int_equal(accounts_open(&a), 0);
	*a = (struct log_accounts){ .magic = a->magic, .taken = 100, .written = 50,
				    .syslog_lost = 5, .syslog_overrun = 2, .unsent = 5,
				    .fwd_store = 7, .fwd_seq = 1000, .fwd_off = 4096,
				    .store_next = 1040 };
	accounts_carry_over(a, NULL);
	assert_int_equal(a->taken, 0);
	assert_int_equal(a->written, 0);
	assert_int_equal(a->adopted, 40);
	assert_int_equal(a->carried_syslog, 5);
	assert_int_equal(a->carried_overrun, 2);
	assert_int_equal(a->carried_unsent, 5);
	assert_int_equal(a->fwd_store, 7);
	assert_int_equal(a->fwd_seq, 1000);
	assert_int_equal(a->fwd_off, 4096);
	assert_int_equal(accounts_waiting(a), 40);
	/* Those 40 sent under the new maps: every count adds up. */
	a->written = 40;
	a->fwd_seq = 1040;
	accounts_resume(a, accounts_waiting(a));
	assert_int_equal(a->unsent, 0);
	accounts_close(a);
	unlink(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_04),
		cmocka_unit_test(test_foreign_file),
		cmocka_unit_test(test_resume_held),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_carry_over),
	};
	char pins[sizeof(dir) + 8];
	int rc;

	diag_init("test_accounts");
	diag_set_level(DIAG_SILENT);	/* the foreign file is said; expected here */
	if (!mkdtemp(dir))
		return 1;
	snprintf(state, sizeof(state), "%s/ipsec_logd.state", dir);
	snprintf(pins, sizeof(pins), "%s/pins", dir);
	setenv("EBFILT_RUNDIR", dir, 1);
	setenv("EBFILT_PINDIR", pins, 1);	/* none: no logging maps */
	rc = cmocka_run_group_tests_name("accounts", tests, NULL, NULL);
	unlink(state);
	rmdir(dir);
	return rc;
}
