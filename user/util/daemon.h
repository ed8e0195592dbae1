/* SPDX-License-Identifier: GPL-2.0 */
/* Becoming a daemon, and its pid file. Functions return 0 or a negative errno. */
#ifndef EBFILT_UTIL_DAEMON_H
#define EBFILT_UTIL_DAEMON_H

/* Fork into the background in a new session, from /, with /dev/null for stdio. */
int daemon_detach(void);

/* Write our pid into path (creating its directory); remove it. */
int daemon_write_pid(const char *path);
void daemon_remove_pid(const char *path);

#endif
