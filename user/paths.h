/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where ebfilt keeps its files. Each location has a system default and an
 * environment override, so tests never touch the real ones:
 *   EBFILT_CONFDIR  rule tables and configuration   (/etc/ebfilt)
 *   EBFILT_RUNDIR   pid files and sockets           (/run/ebfilt)
 *   EBFILT_PINDIR   pinned BPF programs and maps    (/sys/fs/bpf/ebfilt)
 * The returned strings are static or from the environment: do not free.
 */
#ifndef EBFILT_PATHS_H
#define EBFILT_PATHS_H

#include <stddef.h>

const char *ebfilt_confdir(void);
const char *ebfilt_rundir(void);
const char *ebfilt_pindir(void);

/*
 * Write "<confdir>/<name>" into buf. Returns 0, or -ENAMETOOLONG when the
 * result does not fit.
 */
int confdir_path(char *buf, size_t size, const char *name);

#endif
