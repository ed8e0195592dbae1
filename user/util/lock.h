/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one lock: an exclusive flock() on "<dir>/.lock". ebfilt takes it in
 * two directories, always in this order and never the other way round:
 *   1. EBFILT_CONFDIR, by every command that changes a rule table, for
 *      its whole read-change-write;
 *   2. EBFILT_RUNDIR, by mkfilt while it changes programs, maps, pins,
 *      attachments and their record.
 * A holder that dies releases the lock with its file descriptor.
 */
#ifndef EBFILT_UTIL_LOCK_H
#define EBFILT_UTIL_LOCK_H

/*
 * Wait for and take the lock of dir (created, with its parents, when
 * missing). Returns a descriptor for lock_release(), or a negative errno
 * after reporting the problem.
 */
int lock_acquire(const char *dir);
void lock_release(int fd);

#endif
