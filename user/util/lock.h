/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one lock: an exclusive open-file-description lock (fcntl F_OFD_*)
 * on a file, released when its last descriptor closes, so a holder that
 * dies releases it. It serves two ways:
 *  - lock_acquire(dir) waits for "<dir>/.lock". ebfilt takes it in two
 *    directories, always in this order and never the other way round:
 *      1. EBFILT_CONFDIR, by every command that changes a rule table or
 *         the log macros, for its whole read-change-write;
 *      2. EBFILT_RUNDIR, by mkfilt and ebfilt_watchd while they change
 *         programs, maps, pins, attachments and their record;
 *    and, never together with either, EBFILT_LOGDIR, by ipsec_log while
 *    it changes the marks of the log store (clear, get).
 *  - lock_claim(fd) takes a daemon's pid file for the daemon's whole life,
 *    and lock_held(fd) tells whether someone holds it: two daemons can
 *    never run at once, and a pid file left by a killed one is not held.
 */
#ifndef EBFILT_UTIL_LOCK_H
#define EBFILT_UTIL_LOCK_H

#include <stdbool.h>

/*
 * Wait for and take the lock of dir (created, with its parents, when
 * missing). Returns a descriptor for lock_release(), or a negative errno
 * after reporting the problem.
 */
int lock_acquire(const char *dir);
void lock_release(int fd);

/* Take the lock of the open file fd without waiting: 0, -EAGAIN if held, or -errno. */
int lock_claim(int fd);
/*
 * Whether another open file description holds the lock of the file fd is
 * open on (fd opened for the question: its own lock does not count). A
 * failed question answers "held", the safe side for both uses.
 */
bool lock_held(int fd);

#endif
