// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "log_control.h"
#include "paths.h"

int log_map_open(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", ebfilt_pindir(), name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = bpf_obj_get(path);
	return fd < 0 ? -errno : fd;
}

int log_ctl_update(int enabled, int use_perf, long rate_limit)
{
	struct ebfilt_log_ctl ctl;
	uint32_t zero = 0;
	int fd = log_map_open("log_ctl"), err = 0;

	if (fd < 0)
		return fd;
	if (bpf_map_lookup_elem(fd, &zero, &ctl))
		err = -errno;
	if (!err) {
		if (enabled >= 0)
			ctl.enabled = (uint32_t)enabled;
		if (use_perf >= 0)
			ctl.use_perf = (uint32_t)use_perf;
		if (rate_limit >= 0)
			ctl.rate_limit = (uint32_t)rate_limit;
		if (bpf_map_update_elem(fd, &zero, &ctl, BPF_ANY))
			err = -errno;
	}
	close(fd);
	return err;
}

int log_stats_read(uint64_t totals[EBFILT_LOG_STAT_COUNT], uint32_t *map_id)
{
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info), key;
	int ncpu = libbpf_num_possible_cpus(), fd = log_map_open("log_stats"), i, err = 0;
	uint64_t *values = NULL;

	memset(totals, 0, EBFILT_LOG_STAT_COUNT * sizeof(*totals));
	if (fd < 0)
		return fd;
	values = calloc((size_t)ncpu, sizeof(*values));
	if (!values || bpf_obj_get_info_by_fd(fd, &info, &len))
		err = values ? -errno : -ENOMEM;
	for (key = 0; !err && key < EBFILT_LOG_STAT_COUNT; key++) {
		if (bpf_map_lookup_elem(fd, &key, values)) {
			err = -errno;
			break;
		}
		for (i = 0; i < ncpu; i++)
			totals[key] += values[i];
	}
	if (map_id)
		*map_id = info.id;
	free(values);
	close(fd);
	return err;
}

static int mark_path(char *buf, size_t size)
{
	return snprintf(buf, size, "%s/logging", ebfilt_rundir()) >= (int)size ? -ENAMETOOLONG : 0;
}

bool logging_started(void)
{
	char path[PATH_MAX];

	return !mark_path(path, sizeof(path)) && access(path, F_OK) == 0;
}

int logging_mark(bool started)
{
	char path[PATH_MAX];
	FILE *f;

	if (mark_path(path, sizeof(path)))
		return -ENAMETOOLONG;
	if (!started)
		return unlink(path) && errno != ENOENT ? -errno : 0;
	if (mkdir(ebfilt_rundir(), 0755) && errno != EEXIST)
		return -errno;
	f = fopen(path, "we");
	if (!f)
		return -errno;
	fputs("start\n", f);
	return fclose(f) ? -errno : 0;
}

int logd_pid_path(char *buf, size_t size)
{
	return snprintf(buf, size, "%s/ipsec_logd.pid", ebfilt_rundir()) >= (int)size
		       ? -ENAMETOOLONG : 0;
}

/*
 * A pid file left by a killed daemon may name no process, another process,
 * or a zombie nobody reaped (as under a minimal init): none of them counts.
 */
static bool is_live_logd(pid_t pid)
{
	char path[64], stat[256], *end;
	FILE *f;
	bool live = false;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(stat, sizeof(stat), f)) {
		/* "pid (comm) state ...": comm may hold spaces, so find the last ')'. */
		end = strrchr(stat, ')');
		live = end && end[1] == ' ' && end[2] != 'Z' && end[2] != 'X' &&
		       strstr(stat, "(ipsec_logd)");
	}
	fclose(f);
	return live;
}

pid_t logd_pid(void)
{
	char path[PATH_MAX];
	long pid = 0;
	FILE *f;

	if (logd_pid_path(path, sizeof(path)) || !(f = fopen(path, "re")))
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 0 && is_live_logd((pid_t)pid) ? (pid_t)pid : 0;
}
