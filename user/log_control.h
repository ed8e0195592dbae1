/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet logging control shared by mkfilt -g and ipsec_logd: the pinned
 * logging maps (see bpf/log.bpf.h), the "logging is started" mark kept in
 * EBFILT_RUNDIR so a later activation starts with logging on, and the
 * daemon's pid file. Functions return 0 or -errno.
 */
#ifndef EBFILT_LOG_CONTROL_H
#define EBFILT_LOG_CONTROL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "log_record.h"

/* Open a pinned logging map by name ("log_ring", ...): an fd, or -errno. */
int log_map_open(const char *name);

/* Update fields of the pinned log_ctl; a negative value leaves a field as it is. */
int log_ctl_update(int enabled, int use_perf, long rate_limit);

/* Sum the pinned log_stats over the CPUs; *map_id identifies the maps' life. */
int log_stats_read(uint64_t totals[EBFILT_LOG_STAT_COUNT], uint32_t *map_id);

/* The mark that logging is started (mkfilt -g start / stop). */
bool logging_started(void);
int logging_mark(bool started);

/* The pid of the running ipsec_logd, or 0. */
pid_t logd_pid(void);
int logd_pid_path(char *buf, size_t size);

#endif
