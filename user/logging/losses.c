// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "logging/control.h"
#include "logging/losses.h"
#include "util/file.h"
#include "util/paths.h"

static int state_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "ipsec_logd.state");
}

static int write_state(FILE *out, void *ctx)
{
	const struct log_accounts *a = ctx;

	fprintf(out, "%u %llu %llu %llu %llu %llu\n", a->maps_id,
		(unsigned long long)a->reported.emitted, (unsigned long long)a->reported.ring_full,
		(unsigned long long)a->reported.rate_limited, (unsigned long long)a->syslog_lost,
		(unsigned long long)a->written);
	return 0;
}

void accounts_save(const struct log_accounts *a)
{
	char path[PATH_MAX];

	if (!state_path(path))
		file_write_atomic(path, 0644, write_state, (void *)a);
}

/* The six numbers of the state file; 0, or -1 when there are none. */
static int read_state(unsigned long long v[6])
{
	char path[PATH_MAX];
	FILE *f;
	int n = 0;

	if (state_path(path) || !(f = fopen(path, "re")))
		return -1;
	n = fscanf(f, "%llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]);
	fclose(f);
	return n == 6 ? 0 : -1;
}

void accounts_load(struct log_accounts *a)
{
	unsigned long long v[6];

	if (read_state(v) || v[0] > UINT32_MAX)
		return;
	a->maps_id = (uint32_t)v[0];
	a->reported = (struct ebfilt_log_totals){ v[1], v[2], v[3] };
}

void accounts_read_saved(uint64_t *written, uint64_t *syslog_lost)
{
	unsigned long long v[6] = { 0 };

	read_state(v);
	*syslog_lost = v[4];
	*written = v[5];
}

void accounts_report_losses(struct log_accounts *a, struct syslog_out *out)
{
	struct ebfilt_log_totals now;
	uint64_t full, limited, syslog_lost;
	uint32_t id;

	if (log_totals_read(&now, &id))
		return;
	if (id != a->maps_id) {	/* new logging maps: their counters start at zero */
		memset(&a->reported, 0, sizeof(a->reported));
		a->maps_id = id;
	}
	full = now.ring_full - a->reported.ring_full;
	limited = now.rate_limited - a->reported.rate_limited;
	syslog_lost = a->syslog_lost - a->syslog_reported;
	if (full + limited + syslog_lost == 0)
		return;
	if (syslog_out_send(out, LOG_WARNING,
			    "%llu log records lost since the last report: %llu with the log buffer "
			    "full, %llu over the rate limit, %llu not taken by syslog",
			    (unsigned long long)(full + limited + syslog_lost),
			    (unsigned long long)full, (unsigned long long)limited,
			    (unsigned long long)syslog_lost))
		return;
	a->reported.ring_full = now.ring_full;
	a->reported.rate_limited = now.rate_limited;
	a->syslog_reported += syslog_lost;
}

bool accounts_maps_replaced(const struct log_accounts *a)
{
	struct ebfilt_log_totals totals;
	uint32_t id;

	return log_totals_read(&totals, &id) == 0 && id != a->maps_id;
}
