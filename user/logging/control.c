// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <systemd/sd-daemon.h>

#include "datapath/pins.h"
#include "logging/control.h"
#include "util/daemon.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"
#include "util/percpu.h"

int log_map_open(const char *name)
{
	return pins_open_map(MAPS_LOG, 0, name);
}

int log_settings_update(int enabled, int buffer, long rate_limit)
{
	struct ebfilt_log_settings set;
	uint32_t zero = 0;
	int fd = log_map_open("log_settings"), err = 0;

	if (fd < 0)
		return fd;
	if (bpf_map_lookup_elem(fd, &zero, &set))
		err = -errno;
	if (!err) {
		if (enabled >= 0)
			set.enabled = (uint32_t)enabled;
		if (buffer >= 0)
			set.buffer = (enum ebfilt_log_buffer)buffer;
		if (rate_limit >= 0)
			set.rate_limit = (uint32_t)rate_limit;
		if (bpf_map_update_elem(fd, &zero, &set, BPF_ANY))
			err = -errno;
	}
	close(fd);
	return err;
}

int log_totals_read(struct ebfilt_log_totals *totals, uint32_t *map_id)
{
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info);
	int fd = log_map_open("log_totals"), err;

	memset(totals, 0, sizeof(*totals));
	if (fd < 0)
		return fd;
	err = bpf_obj_get_info_by_fd(fd, &info, &len) ? -errno : 0;
	if (!err)
		err = percpu_sum_struct(fd, 0, totals);
	if (map_id)
		*map_id = info.id;
	close(fd);
	return err;
}

static int mark_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "logging");
}

bool logging_started(void)
{
	char path[PATH_MAX];

	return !mark_path(path) && access(path, F_OK) == 0;
}

static int write_mark(FILE *out, void *ctx)
{
	(void)ctx;
	fputs("start\n", out);
	return 0;
}

int logging_mark(bool started)
{
	char path[PATH_MAX];
	int err;

	err = mark_path(path);
	if (err)
		return err;
	if (!started) {
		if (!unlink(path) || errno == ENOENT)
			return 0;
		err = -errno;
		pr_err("cannot remove %s: %s", path, strerror(-err));
		return err;
	}
	err = make_dirs(ebfilt_rundir(), 0755);
	return err ? err : file_write_atomic(path, 0644, write_mark, NULL);
}

int logd_pid_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "ipsec_logd.pid");
}

pid_t logd_pid(void)
{
	char path[PATH_MAX];

	return logd_pid_path(path) ? 0 : daemon_pid(path, "ipsec_logd");
}

int logd_start(void)
{
	char path[PATH_MAX];
	int err = logd_pid_path(path);

	return err ? err : daemon_start("ipsec_logd", path);
}

int logd_stop(void)
{
	char path[PATH_MAX];
	int err = logd_pid_path(path);

	return err ? err : daemon_stop("ipsec_logd", path);
}

#define LOGD_UNIT "ipsec_logd.service"

static const char *systemctl_program(void)
{
	const char *program = getenv("EBFILT_SYSTEMCTL");

	if (program && *program)
		return program;
	/* The unit's daemon keeps its pid file in /run/ebfilt: another run directory, another daemon. */
	return sd_booted() > 0 && !getenv("EBFILT_RUNDIR") ? "systemctl" : NULL;
}

/* Run "systemctl [--quiet] verb ipsec_logd.service": its exit status, or -errno. */
static int systemctl_run(const char *program, const char *verb, bool quiet)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (quiet)
			execlp(program, program, "--quiet", verb, LOGD_UNIT, (char *)NULL);
		else
			execlp(program, program, verb, LOGD_UNIT, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool logd_unit_owns(void)
{
	const char *program = systemctl_program();

	return program && (systemctl_run(program, "is-enabled", true) == 0 ||
			   systemctl_run(program, "is-active", true) == 0);
}

int logd_unit(const char *verb)
{
	const char *program = systemctl_program();
	int rc;

	if (!program)
		return -ENOENT;
	rc = systemctl_run(program, verb, false);
	if (rc == 0)
		return 0;
	if (rc < 0)
		pr_err("cannot run %s %s %s: %s", program, verb, LOGD_UNIT, strerror(-rc));
	else
		pr_err("%s %s %s failed (exit status %d); see journalctl -u ipsec_logd",
		       program, verb, LOGD_UNIT, rc);
	return -ECHILD;
}
