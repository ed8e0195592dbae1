/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Giving up privileges a daemon does not need. ebfilt's daemons stay
 * uid 0 (the pins, the state files and the log files are root's, so no
 * capability is needed to reach them) but keep only the capabilities
 * their work takes: a bug in a long-running parser of records or netlink
 * messages then cannot load programs, change routes or read files that
 * are not root's.
 */
#ifndef EBFILT_UTIL_PRIVS_H
#define EBFILT_UTIL_PRIVS_H

#include <stdint.h>

#define PRIV_CAP(cap) (1ULL << (cap))

/*
 * Keep only the capabilities in keep (PRIV_CAP(CAP_BPF) | ...): drop the
 * others from the bounding, permitted, effective, inheritable and ambient
 * sets, and set no_new_privs so no program run later can gain any. The
 * kept ones stay only if they were permitted. 0 or a negative errno,
 * reported; a daemon that cannot do this should not start.
 */
int privs_keep_only(uint64_t keep);

#endif
