/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ebfilt's daemons (ipsec_logd, ebfilt_watchd): becoming one, its pid
 * file, and starting and stopping one from a command. Functions return 0
 * or a negative errno.
 */
#ifndef EBFILT_UTIL_DAEMON_H
#define EBFILT_UTIL_DAEMON_H

#include <sys/types.h>

/*
 * Fork into the background in a new session, working from /. The command
 * the administrator ran waits until the daemon calls daemon_ready(), and
 * exits 0 then, or 1 when the daemon ended before: errors in starting up
 * still reach the terminal, and the exit status says whether it started.
 */
int daemon_detach(void);
/*
 * Started: let the waiting command go, point stdio at /dev/null, and tell
 * systemd (Type=notify) when it started us.
 */
void daemon_ready(void);

/* Write our pid into path (creating its directory); remove it. */
int daemon_write_pid(const char *path);
void daemon_remove_pid(const char *path);

/*
 * The pid in path when it names a live process called name, else 0: a
 * pid file left by a killed daemon may name no process, another process,
 * or a zombie nobody reaped.
 */
pid_t daemon_pid(const char *path, const char *name);

/*
 * Start the program name (the one beside this program, else from PATH)
 * and wait up to 5 s for it to say it is ready; a failure is reported.
 */
int daemon_start(const char *name, const char *path);
/* Stop it and wait up to 5 s for it to end (-ETIMEDOUT if it does not). */
int daemon_stop(const char *name, const char *path);

#endif
