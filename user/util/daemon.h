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

/*
 * Claim the pid file path (creating its directory): lock it for the
 * daemon's life and write our pid into it. A second daemon finds it locked
 * and is refused ("already running (pid N)", -EEXIST); a file left by a
 * killed daemon is not locked and is taken over. Reported; 0 or -errno.
 */
int daemon_claim(const char *path);
/* Remove the pid file and let go of it, on the way out (once: later calls do nothing). */
void daemon_release(const char *path);

/*
 * The pid of the daemon called name that holds path, else 0: a pid file
 * nobody holds was left by a daemon that ended (killed, or a zombie nobody
 * reaped), whatever process its pid names now.
 */
pid_t daemon_pid(const char *path, const char *name);

/*
 * Start the program name (the one beside this program, else from PATH)
 * and wait up to 5 s for it to say it is ready; a failure is reported.
 */
int daemon_start(const char *name, const char *path);
/*
 * Send sig to it, through a pidfd so a reused pid is never signalled: 0,
 * -ESRCH when none runs, or -errno.
 */
int daemon_signal(const char *name, const char *path, int sig);
/*
 * Stop it (SIGTERM, as daemon_signal() sends it)
 * and wait up to 5 s for it to end (-ETIMEDOUT if it does not).
 */
int daemon_stop(const char *name, const char *path);

#endif
