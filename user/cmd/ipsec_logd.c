// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_logd: read the filter's packet log records and write them to syslog
 * (facility local4, tag ipsec_logd) in AIX's format (ipsec_logd(8)).
 * Started by mkfilt -g start, or in the foreground (-F) by a service
 * manager. The work is in logging/logd.c.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "logging/control.h"
#include "logging/logd.h"
#include "logging/status.h"
#include "util/cmdline.h"
#include "util/daemon.h"
#include "util/diag.h"

static volatile sig_atomic_t stopping, reloading;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reloading = 1;
	else
		stopping = 1;
}

/* -o's path, made absolute: the daemon works from /. */
static int absolute_path(const char *path, char out[PATH_MAX])
{
	char cwd[PATH_MAX];

	if (path[0] == '/') {
		if (snprintf(out, PATH_MAX, "%s", path) < PATH_MAX)
			return 0;
	} else if (getcwd(cwd, sizeof(cwd)) && snprintf(out, PATH_MAX, "%s/%s", cwd, path) < PATH_MAX) {
		return 0;
	}
	pr_err("-o %s: path too long", path);
	return -ENAMETOOLONG;
}

int main(int argc, char **argv)
{
	static struct logd d;
	char file[PATH_MAX], pid_path[PATH_MAX];
	enum log_reader_want want;
	struct cmd_flags flags;
	struct config conf;

	if (cmd_parse(argc, argv, "Fprso:", false, &flags))
		return 1;
	if (cmd_flag(&flags, 'p') && cmd_flag(&flags, 'r')) {
		pr_err("-r: cannot be used with -p");
		return 1;
	}
	if (cmd_flag(&flags, 's')) {
		logging_print_status(stdout);
		return 0;
	}
	if (config_load(&conf) || logd_pid_path(pid_path))
		return 1;
	if (logd_pid()) {
		pr_err("already running (pid %d)", (int)logd_pid());
		return 1;
	}
	if (cmd_flag(&flags, 'o') && absolute_path(cmd_flag(&flags, 'o'), file))
		return 1;
	want = cmd_flag(&flags, 'p') ? READER_PERF : cmd_flag(&flags, 'r') ? READER_RING : READER_ANY;
	if (!cmd_flag(&flags, 'F') && daemon_detach())
		return 1;
	if (daemon_write_pid(pid_path))
		pr_warn("cannot write the pid file %s", pid_path);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	diag_route_libbpf();
	if (logd_open(&d, &conf.log, want, cmd_flag(&flags, 'o') ? file : NULL))
		return 1;
	logd_run(&d, &stopping, &reloading);
	logd_close(&d);
	daemon_remove_pid(pid_path);
	return 0;
}
