/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Following interfaces while the filter is active (ebfilt_watchd(8)): an
 * interface that appears, or comes up, and that ebfilt.conf wants, gets
 * the dispatcher on its hooks, as mkfilt -u would have attached it; one
 * that goes away leaves the record. Interfaces the configuration leaves
 * out stay out.
 */
#ifndef EBFILT_DATAPATH_WATCH_H
#define EBFILT_DATAPATH_WATCH_H

#include <limits.h>

/* What a pass did, for the daemon to say: "attached", or why not. */
typedef void (*watch_notice_fn)(void *ctx, const char *name, int ifindex, const char *what);

/*
 * One pass, under the activation lock: attach what is wanted and not
 * attached, forget what is gone. With no filter in force, the watcher's
 * pid file is let go (under the lock) and WATCH_NOTHING_IN_FORCE returned.
 * Else 0 or a negative errno.
 */
#define WATCH_NOTHING_IN_FORCE 1
int watch_pass(watch_notice_fn notice, void *ctx);

/*
 * Subscribe to the kernel's link events (rtnetlink): a descriptor, or a
 * negative errno (reported). SIGTERM, SIGINT and SIGHUP are blocked from
 * here on, for watch_run() to read.
 */
int watch_open(void);
/*
 * Passes at start, on every link event read from fd (which it closes), on
 * SIGHUP, and every 30 s, until SIGTERM or SIGINT, or no filter is in
 * force. 0, or a negative errno (reported) when it cannot wait.
 */
int watch_run(int fd, watch_notice_fn notice, void *ctx);

/* The watcher's pid file. */
int watch_pid_path(char path[PATH_MAX]);
/*
 * After an activation or deactivation, under the activation lock: a
 * watcher that runs is told to look again (it goes once no filter is in
 * force); with none running and a filter in force, one is started.
 */
void watch_follow(void);

#endif
