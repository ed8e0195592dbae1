// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "logging/control.h"
#include "logging/losses.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"

#define LOG_ACCOUNTS_MAGIC 0xeb1f0a04u	/* 02, 03, 04: the store's and journal's counts */

static int state_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "ipsec_logd.state");
}

static int write_empty(FILE *out, void *ctx)
{
	const struct log_accounts empty = { .magic = LOG_ACCOUNTS_MAGIC };

	(void)ctx;
	return fwrite(&empty, sizeof(empty), 1, out) == 1 ? 0 : -EIO;
}

/* The counts of new logging maps start from zero; what was carried stays. */
static void start_over(struct log_accounts *a, uint32_t maps_id)
{
	struct log_accounts carried = {
		.carried_full = a->carried_full, .carried_limited = a->carried_limited,
		.carried_syslog = a->carried_syslog, .carried_unsent = a->carried_unsent,
		.carried_store = a->carried_store, .carried_journal = a->carried_journal,
	};

	*a = carried;
	a->magic = LOG_ACCOUNTS_MAGIC;
	a->maps_id = maps_id;
}

void accounts_carry_over(struct log_accounts *a, const struct ebfilt_log_totals *last)
{
	struct ebfilt_log_totals now;
	uint32_t id = 0;

	if (last) {
		a->carried_full += last->ring_full - a->reported.ring_full;
		a->carried_limited += last->rate_limited - a->reported.rate_limited;
	}
	a->carried_syslog += a->syslog_lost - a->syslog_reported;
	a->carried_unsent += a->unsent - a->unsent_reported;
	a->carried_store += a->store_lost - a->store_reported;
	a->carried_journal += a->journal_lost - a->journal_reported;
	log_totals_read(&now, &id);
	start_over(a, id);
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
			err = file_write_atomic(path, 0644, write_empty, NULL);
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
	uint64_t accounted;
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
	/* What the last daemon took and neither wrote nor lost, it held when it stopped. */
	accounted = a->written + a->syslog_lost + a->unsent;
	if (a->taken > accounted)
		a->unsent += a->taken - accounted;
	/* New maps since: their counts start at zero; the old ones' unsaid losses carry. */
	if (maps_id && a->maps_id != maps_id)
		accounts_carry_over(a, NULL);
	*out = a;
	return 0;
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

void accounts_report_losses(struct log_accounts *a, struct syslog_out *out)
{
	struct ebfilt_log_totals now;
	uint64_t full, limited, syslog_lost, unsent, store, journal;
	uint32_t id;

	if (log_totals_read(&now, &id))
		return;
	if (id != a->maps_id)	/* replaced under us, unread: carry what is known */
		accounts_carry_over(a, NULL);
	full = now.ring_full - a->reported.ring_full + a->carried_full;
	limited = now.rate_limited - a->reported.rate_limited + a->carried_limited;
	syslog_lost = a->syslog_lost - a->syslog_reported + a->carried_syslog;
	unsent = a->unsent - a->unsent_reported + a->carried_unsent;
	store = a->store_lost - a->store_reported + a->carried_store;
	journal = a->journal_lost - a->journal_reported + a->carried_journal;
	if (full + limited + syslog_lost + unsent + store + journal == 0)
		return;
	/* The store and the journal keep copies: their losses are said apart. */
	if (syslog_out_send(out, LOG_WARNING,
			    "%llu log records lost since the last report: %llu with the log buffer "
			    "full, %llu over the rate limit, %llu not taken by syslog, %llu held by "
			    "an ipsec_logd that stopped; %llu not kept in the log store, %llu not "
			    "taken by the journal",
			    (unsigned long long)(full + limited + syslog_lost + unsent),
			    (unsigned long long)full, (unsigned long long)limited,
			    (unsigned long long)syslog_lost, (unsigned long long)unsent,
			    (unsigned long long)store, (unsigned long long)journal))
		return;
	a->store_reported = a->store_lost;
	a->journal_reported = a->journal_lost;
	a->reported.ring_full = now.ring_full;
	a->reported.rate_limited = now.rate_limited;
	a->syslog_reported = a->syslog_lost;
	a->unsent_reported = a->unsent;
	a->carried_full = a->carried_limited = a->carried_syslog = a->carried_unsent = 0;
	a->carried_store = a->carried_journal = 0;
}

bool accounts_maps_replaced(const struct log_accounts *a)
{
	struct ebfilt_log_totals totals;
	uint32_t id;

	return log_totals_read(&totals, &id) == 0 && id != a->maps_id;
}
