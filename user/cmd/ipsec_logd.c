// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_logd: read the filter's packet log records and write them to syslog
 * (facility local4, tag ipsec_logd) in AIX's format (ipsec_logd(8)).
 * Started by mkfilt -g start, or in the foreground (-F) by a service
 * manager. The work is in logging/logd.c.
 */
#include <errno.h>
#include <linux/capability.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config/config.h"
#include "logging/control.h"
#include "logging/logd.h"
#include "logging/status.h"
#include "logging/syslog.h"
#include "util/cmdline.h"
#include "util/daemon.h"
#include "util/diag.h"
#include "util/privs.h"

/* As SYNOPSIS in ipsec_logd(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "ipsec_logd [-F] [-p|-r] [-o file]\n"
	"ipsec_logd -s [-j]";

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
	bool foreground;
	int err;

	err = cmd_parse(argc, argv, synopsis, "Fprso:j", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_flag(&flags, 'p') && cmd_flag(&flags, 'r')) {
		pr_err("-r: cannot be used with -p");
		return 1;
	}
	if (cmd_flag(&flags, 'j') && !cmd_flag(&flags, 's')) {
		cmd_usage_error(synopsis, "-j: only with -s");
		return 1;
	}
	if (cmd_flag(&flags, 's'))
		return logging_print_status(stdout, cmd_flag(&flags, 'j') != NULL) ? 1 : 0;
	if (config_load(&conf) || logd_pid_path(pid_path))
		return 1;
	if (cmd_flag(&flags, 'o') && absolute_path(cmd_flag(&flags, 'o'), file))
		return 1;
	want = cmd_flag(&flags, 'p') ? READER_PERF : cmd_flag(&flags, 'r') ? READER_RING : READER_ANY;
	foreground = cmd_flag(&flags, 'F') != NULL;
	diag_route_libbpf();
	/* Everything that can stop it happens before the command returns, with the reason. */
	if (!foreground && daemon_detach())
		return 1;
	if (daemon_claim(pid_path))
		return 1;
	d.sessions = conf.session;	/* the idle timeouts its sweep applies */
	if (logd_open(&d, &conf.log, want, cmd_flag(&flags, 'o') ? file : NULL) ||
	    privs_keep_only(PRIV_CAP(CAP_BPF) | PRIV_CAP(CAP_PERFMON))) {
		daemon_release(pid_path);
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	daemon_ready();
	/* After the terminal is gone, the daemon's own messages are its events. */
	if (!foreground)
		diag_set_sink(logd_diag_sink, &d);
	logd_run(&d, &stopping, &reloading);
	logd_close(&d);
	daemon_release(pid_path);
	return 0;
}
