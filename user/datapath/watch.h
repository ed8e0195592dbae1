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
#include <signal.h>

/* What a pass did, for the daemon to say: "attached", or why not. */
typedef void (*watch_notice_fn)(void *ctx, const char *name, int ifindex, const char *what);

/*
 * One pass, under the activation lock: attach what is wanted and not
 * attached, forget what is gone. Nothing is done while no filter is in
 * force. 0 or a negative errno.
 */
int watch_pass(watch_notice_fn notice, void *ctx);

/* Subscribe to the kernel's link events (rtnetlink): a descriptor, or a negative errno (reported). */
int watch_open(void);
/*
 * Passes at start, on every link event read from fd (which it closes),
 * and every 30 s, until *stopping. 0.
 */
int watch_run(int fd, volatile sig_atomic_t *stopping, watch_notice_fn notice, void *ctx);

/* The daemon that runs the watch: its pid file, and keeping it running or stopping it. */
int watch_pid_path(char path[PATH_MAX]);
int watch_start(void);
int watch_stop(void);

#endif
