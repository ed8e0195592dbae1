// SPDX-License-Identifier: GPL-2.0
/*
 * ebfilt_watchd: put the active filter on interfaces that appear after
 * mkfilt -u (ebfilt_watchd(8)). mkfilt -u starts it (or tells it to look
 * again) and it goes by itself once no filter is in force; -F keeps it in
 * the foreground for a service manager. The work is in datapath/watch.c.
 */
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <syslog.h>

#include "config/config.h"
#include "datapath/watch.h"
#include "logging/events_raise.h"
#include "util/cmdline.h"
#include "util/daemon.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/privs.h"

/* As SYNOPSIS in ebfilt_watchd(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "ebfilt_watchd [-F]";

/* Each interface taken or let go: an event, where the filter's own go. */
static void notice(void *ctx, const char *name, int ifindex, const char *what)
{
	char escaped[ESCAPED_MAX];

	event_raise(ctx, EV_INTERFACE, 0, false,
		    escape_text(name, IF_NAMESIZE, escaped, sizeof(escaped)), ifindex, what);
}

/* After the terminal is gone, the daemon's own messages are events too. */
static void to_events(void *ctx, enum diag_level level, const char *line)
{
	event_raise(ctx, level == DIAG_ERROR ? EV_WATCHD_ERROR : EV_WATCHD_WARNING, 0, false, line);
}

int main(int argc, char **argv)
{
	char pid_path[PATH_MAX];
	struct event_source events;
	struct cmd_flags flags;
	struct config conf;
	int fd, err;

	err = cmd_parse(argc, argv, synopsis, "F", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (config_load(&conf) || watch_pid_path(pid_path))
		return 1;
	diag_route_libbpf();
	if (!cmd_flag(&flags, 'F') && daemon_detach())
		return 1;
	if (daemon_claim(pid_path))
		return 1;
	fd = watch_open();
	/* Attaching takes CAP_NET_ADMIN and CAP_BPF; nothing else. */
	if (fd < 0 || privs_keep_only(PRIV_CAP(CAP_BPF) | PRIV_CAP(CAP_NET_ADMIN))) {
		daemon_release(pid_path);
		return 1;
	}
	daemon_ready();
	event_source_init(&events, "ebfilt_watchd", &conf.log);
	if (!cmd_flag(&flags, 'F'))
		diag_set_sink(to_events, &events);
	err = watch_run(fd, notice, &events);
	event_source_close(&events);
	daemon_release(pid_path);
	return err ? 1 : 0;
}
