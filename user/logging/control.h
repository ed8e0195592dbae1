/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet logging control, shared by mkfilt -g and ipsec_logd: the pinned
 * logging maps (settings and totals), the "logging is started" mark kept
 * in EBFILT_RUNDIR so a later activation starts with logging on, and the
 * daemon: its pid file, starting and stopping it. Functions return 0 or a
 * negative errno.
 */
#ifndef EBFILT_LOGGING_CONTROL_H
#define EBFILT_LOGGING_CONTROL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ebfilt/record.h"

/* Open a pinned logging map by name ("log_ring", ...): a descriptor, or -errno. */
int log_map_open(const char *name);

/* Update fields of the pinned log_settings; a negative value leaves a field as it is. */
int log_settings_update(int enabled, int buffer, long rate_limit);

/* Sum the pinned log_totals over the CPUs; *map_id identifies the maps' life. */
int log_totals_read(struct ebfilt_log_totals *totals, uint32_t *map_id);

/* The mark that logging is started (mkfilt -g start / stop). */
bool logging_started(void);
int logging_mark(bool started);

/* The pid of the running ipsec_logd, or 0. */
pid_t logd_pid(void);
int logd_pid_path(char path[PATH_MAX]);

/*
 * Start ipsec_logd (the one beside this program, else from PATH) and wait
 * up to 5 s for it to run; stop it and wait up to 5 s for it to end
 * (-ETIMEDOUT if it does not). A failure is reported.
 */
int logd_start(void);
int logd_stop(void);

/*
 * Whether systemd runs ipsec_logd: ipsec_logd.service is enabled or active,
 * and this command works on the unit's run directory (EBFILT_RUNDIR not
 * set). EBFILT_SYSTEMCTL names the systemctl to ask instead (tests); it
 * also skips the checks for systemd and EBFILT_RUNDIR.
 */
bool logd_unit_owns(void);

/* systemctl start|stop ipsec_logd.service; 0, or -ECHILD when it failed (reported). */
int logd_unit(const char *verb);

#endif
