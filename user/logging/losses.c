// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "logging/control.h"
#include "logging/events_raise.h"
#include "logging/losses.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"

/*
 * 02, 03, 04: the store's and journal's counts; 05: the forwarder's place;
 * 06: sessions evicted.
 */
#define LOG_ACCOUNTS_MAGIC 0xeb1f0a06u
#define LOG_ACCOUNTS_MAGIC_04 0xeb1f0a04u
#define LOG_ACCOUNTS_SIZE_04 offsetof(struct log_accounts, fwd_store)
#define LOG_ACCOUNTS_MAGIC_05 0xeb1f0a05u
#define LOG_ACCOUNTS_SIZE_05 offsetof(struct log_accounts, sessions_evicted)

static int state_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "ipsec_logd.state");
}

/* ctx: the accounts to write, NULL for new ones. */
static int write_accounts(FILE *out, void *ctx)
{
	const struct log_accounts empty = { .magic = LOG_ACCOUNTS_MAGIC };

	return fwrite(ctx ? ctx : &empty, sizeof(empty), 1, out) == 1 ? 0 : -EIO;
}

/* New logging maps count from zero; what was carried stays, and the forwarder's place. */
static void start_over(struct log_accounts *a, uint32_t maps_id)
{
	struct log_accounts carried = {
		.carried_full = a->carried_full, .carried_limited = a->carried_limited,
		.carried_syslog = a->carried_syslog, .carried_unsent = a->carried_unsent,
		.carried_store = a->carried_store, .carried_journal = a->carried_journal,
		.carried_overrun = a->carried_overrun, .adopted = a->adopted,
		.fwd_store = a->fwd_store, .fwd_seq = a->fwd_seq, .fwd_off = a->fwd_off,
		.store_next = a->store_next, .carried_evicted = a->carried_evicted,
	};

	*a = carried;
	a->magic = LOG_ACCOUNTS_MAGIC;
	a->maps_id = maps_id;
}

void accounts_carry_over(struct log_accounts *a, const struct ebfilt_log_totals *last)
{
	uint64_t settled = a->written + a->syslog_lost + a->unsent;
	struct ebfilt_log_totals now;
	uint32_t id = 0;

	if (last) {
		a->carried_full += last->ring_full - a->reported.ring_full;
		a->carried_limited += last->rate_limited - a->reported.rate_limited;
	}
	a->carried_syslog += a->syslog_lost - a->syslog_reported;
	a->carried_overrun += a->syslog_overrun - a->overrun_reported;
	a->carried_unsent += a->unsent - a->unsent_reported;
	a->carried_store += a->store_lost - a->store_reported;
	a->carried_journal += a->journal_lost - a->journal_reported;
	if (a->sessions_evicted > a->evicted_reported)
		a->carried_evicted += a->sessions_evicted - a->evicted_reported;
	/* Waiting in the store or in hand: the new counts will see them sent or lost. */
	a->adopted = a->taken + a->adopted > settled ? a->taken + a->adopted - settled : 0;
	log_totals_read(&now, &id);
	start_over(a, id);
}

/*
 * A state file of an earlier layout (04, before the forwarder's place; 05,
 * before sessions): rewritten in this one with its counts, so an upgrade
 * loses none. 0 when it was one.
 */
static int migrate_04(const char *path, int fd, const struct stat *st)
{
	struct log_accounts a = { 0 };
	size_t size = st->st_size == (off_t)LOG_ACCOUNTS_SIZE_04 ? LOG_ACCOUNTS_SIZE_04
								  : LOG_ACCOUNTS_SIZE_05;

	if ((st->st_size != (off_t)LOG_ACCOUNTS_SIZE_04 &&
	     st->st_size != (off_t)LOG_ACCOUNTS_SIZE_05) ||
	    pread(fd, &a, size, 0) != (ssize_t)size ||
	    a.magic != (size == LOG_ACCOUNTS_SIZE_04 ? LOG_ACCOUNTS_MAGIC_04 : LOG_ACCOUNTS_MAGIC_05))
		return -EINVAL;
	a.magic = LOG_ACCOUNTS_MAGIC;
	return file_write_atomic(path, 0644, write_accounts, &a);
}

/* The state file, opened for mapping: created when missing, renewed when damaged. */
static int open_state(const char *path, bool *fresh)
{
	struct stat st;
	int fd, err;

	*fresh = false;
	for (;;) {
		fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) &&
		    st.st_size == (off_t)sizeof(struct log_accounts))
			return fd;
		if (fd >= 0 && S_ISREG(st.st_mode) && !migrate_04(path, fd, &st)) {
			close(fd);
			continue;
		}
		if (fd >= 0) {
			close(fd);
			pr_warn("%s: not a state file of this ipsec_logd; counting from zero", path);
		} else if (errno != ENOENT) {
			err = -errno;
			pr_warn("%s: %s; counting from zero", path, strerror(-err));
		}
		if (*fresh)
			return -EIO;
		err = make_dirs(ebfilt_rundir(), 0755);
		if (!err)
			err = file_write_atomic(path, 0644, write_accounts, NULL);
		if (err)
			return err;
		*fresh = true;
	}
}

int accounts_open(struct log_accounts **out)
{
	struct ebfilt_log_totals now;
	struct log_accounts *a;
	char path[PATH_MAX];
	uint32_t maps_id = 0;
	bool fresh;
	int fd, err;

	err = state_path(path);
	if (err)
		return err;
	fd = open_state(path, &fresh);
	if (fd < 0)
		return fd;
	a = mmap(NULL, sizeof(*a), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	err = a == MAP_FAILED ? -errno : 0;
	close(fd);
	if (err) {
		pr_err("%s: %s", path, strerror(-err));
		return err;
	}
	log_totals_read(&now, &maps_id);
	if (a->magic != LOG_ACCOUNTS_MAGIC) {
		if (!fresh)
			pr_warn("%s: damaged; counting from zero", path);
		memset(a, 0, sizeof(*a));
		start_over(a, maps_id);
	}
	*out = a;
	return 0;
}

void accounts_resume(struct log_accounts *a, uint64_t waiting)
{
	uint64_t accounted = a->written + a->syslog_lost + a->unsent + waiting;
	struct ebfilt_log_totals now;
	uint32_t maps_id = 0;

	/* What the last daemon took and neither wrote, lost nor left in the store, it held. */
	if (a->taken + a->adopted > accounted)
		a->unsent += a->taken + a->adopted - accounted;
	/* New maps since: their counts start at zero; the old ones' unsaid losses carry. */
	if (!log_totals_read(&now, &maps_id) && maps_id && a->maps_id != maps_id)
		accounts_carry_over(a, NULL);
}

void accounts_close(struct log_accounts *a)
{
	if (a)
		munmap(a, sizeof(*a));
}

int accounts_read_saved(struct log_accounts *copy)
{
	char path[PATH_MAX];
	FILE *in;
	int err;

	err = state_path(path);
	if (err)
		return err;
	in = fopen(path, "re");
	if (!in)
		return -errno;
	err = fread(copy, sizeof(*copy), 1, in) == 1 && copy->magic == LOG_ACCOUNTS_MAGIC ? 0
											    : -EINVAL;
	fclose(in);
	return err;
}

int accounts_report_losses(struct log_accounts *a, accounts_say_fn say, void *ctx)
{
	uint64_t full, limited, syslog_lost, overrun, unsent, store, journal, evicted;
	struct ebfilt_log_totals now;
	char overwritten[96] = "", sessions[96] = "", text[EVENT_TEXT_MAX];
	uint32_t id;
	int err;

	if (log_totals_read(&now, &id))
		return 0;
	if (id != a->maps_id)	/* replaced under us, unread: carry what is known */
		accounts_carry_over(a, NULL);
	full = now.ring_full - a->reported.ring_full + a->carried_full;
	limited = now.rate_limited - a->reported.rate_limited + a->carried_limited;
	syslog_lost = a->syslog_lost - a->syslog_reported + a->carried_syslog;
	overrun = a->syslog_overrun - a->overrun_reported + a->carried_overrun;
	unsent = a->unsent - a->unsent_reported + a->carried_unsent;
	store = a->store_lost - a->store_reported + a->carried_store;
	journal = a->journal_lost - a->journal_reported + a->carried_journal;
	evicted = (a->sessions_evicted > a->evicted_reported ?
		   a->sessions_evicted - a->evicted_reported : 0) + a->carried_evicted;
	if (full + limited + syslog_lost + unsent + store + journal + evicted == 0)
		return 0;
	if (evicted)
		snprintf(sessions, sizeof(sessions),
			 "; %llu sessions dropped by a full session map, without a record",
			 (unsigned long long)evicted);
	/* Said only when it happened: the line reads as it always has otherwise. */
	if (overrun)
		snprintf(overwritten, sizeof(overwritten),
			 " (%llu of them overwritten in the log store before they were sent)",
			 (unsigned long long)overrun);
	/* The store and the journal keep copies: their losses are said apart. */
	event_format(text, sizeof(text), EV_RECORDS_LOST,
		     (unsigned long long)(full + limited + syslog_lost + unsent),
		     (unsigned long long)full, (unsigned long long)limited,
		     (unsigned long long)syslog_lost, overwritten, (unsigned long long)unsent,
		     (unsigned long long)store, (unsigned long long)journal, sessions);
	err = say(ctx, text);
	if (err)
		return err;
	a->overrun_reported = a->syslog_overrun;
	a->carried_overrun = 0;
	if (a->sessions_evicted > a->evicted_reported)
		a->evicted_reported = a->sessions_evicted;
	a->carried_evicted = 0;
	a->store_reported = a->store_lost;
	a->journal_reported = a->journal_lost;
	a->reported.ring_full = now.ring_full;
	a->reported.rate_limited = now.rate_limited;
	a->syslog_reported = a->syslog_lost;
	a->unsent_reported = a->unsent;
	a->carried_full = a->carried_limited = a->carried_syslog = a->carried_unsent = 0;
	a->carried_store = a->carried_journal = 0;
	return 0;
}

bool accounts_maps_replaced(const struct log_accounts *a)
{
	struct ebfilt_log_totals totals;
	uint32_t id;

	return log_totals_read(&totals, &id) == 0 && id != a->maps_id;
}
