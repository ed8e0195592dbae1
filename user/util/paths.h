/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where ebfilt keeps its files, and the one way to build a path. Each
 * location has a system default and an environment override, so tests
 * never touch the real ones:
 *   EBFILT_CONFDIR  rule tables and ebfilt.conf      (/etc/ebfilt)
 *   EBFILT_RUNDIR   state, pid files and locks       (/run/ebfilt)
 *   EBFILT_PINDIR   pinned BPF programs and maps     (/sys/fs/bpf/ebfilt)
 *   EBFILT_LOGDIR   the log store (ipsec_log(8))     (/var/log/ebfilt)
 * The returned strings are static or from the environment: do not free.
 */
#ifndef EBFILT_UTIL_PATHS_H
#define EBFILT_UTIL_PATHS_H

#include <limits.h>

const char *ebfilt_confdir(void);
const char *ebfilt_rundir(void);
const char *ebfilt_pindir(void);
const char *ebfilt_logdir(void);

/*
 * Write "<dir>/<name>" into buf, name being a printf format. Returns 0, or
 * -ENAMETOOLONG after saying which path does not fit.
 */
__attribute__((format(printf, 3, 4)))
int path_build(char buf[PATH_MAX], const char *dir, const char *fmt, ...);

#endif
