/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing to the local syslog socket ourselves (not syslog(3)), so the
 * daemon knows when a line did not get through and can count it, can aim
 * at another socket (EBFILT_SYSLOG_SOCKET, for tests), and reconnects when
 * the syslog daemon comes back. Lines are RFC 3164 datagrams.
 */
#ifndef EBFILT_LOGGING_SYSLOG_H
#define EBFILT_LOGGING_SYSLOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SYSLOG_LOCAL4 20	/* facility number */

struct syslog_out {
	int file_fd;		/* not -1: lines go to this file instead (ipsec_logd -o) */
	int fd;			/* -1 while not connected */
	char path[108];		/* the socket (sun_path) */
	int facility;
	const char *tag;
	int pid;		/* cached: getpid() is a system call per line */
	int last_error;		/* the errno of the last line not sent; 0 after one went */
	bool nowait;		/* set by syslog_out_nowait() */
	int64_t refused_since;	/* ms (monotonic) the socket has refused lines since; 0: it takes them */
	struct syslog_batch *batch;	/* set by syslog_out_batching() */
	long stamp_second;	/* the second stamp[] was made for */
	char stamp[32];		/* "Nov 22 03:24:46", remade once a second */
};

/*
 * Set up (no connection yet): tag and facility, socket from the
 * environment. A daemon that forks after this sets pid again.
 */
void syslog_out_init(struct syslog_out *out, const char *tag, int facility);

/*
 * Write lines to a regular file (appending; created 0640) instead of
 * syslog, each counted as written once write(2) took it whole. A symbolic
 * link at path is refused; anything but a regular file is -EINVAL. 0 or
 * -errno.
 */
int syslog_out_to_file(struct syslog_out *out, const char *path);

/*
 * Batching for high rates (the daemon's records): syslog_out_queue() keeps
 * up to SYSLOG_BATCH lines and sends them with one sendmmsg(); they go out
 * when the batch is full, at syslog_out_flush(), and before any line sent
 * with syslog_out_send(), so the order holds. Each line stands for a
 * number of records (a repeat count stands for many): its outcome adds
 * them to *sent or *failed (both kept by the caller).
 */
#define SYSLOG_BATCH 64
int syslog_out_batching(struct syslog_out *out, uint64_t *sent, uint64_t *failed);
void syslog_out_queue(struct syslog_out *out, int severity, uint64_t records, const char *text);
/* The same, under another program's name and pid (an event it raised, said by the daemon). */
void syslog_out_queue_as(struct syslog_out *out, const char *tag, int pid, int severity,
			 uint64_t records, const char *text);
void syslog_out_flush(struct syslog_out *out);

/*
 * Keep what syslog has no room for (the log store's forwarder, which
 * waits for room itself, beside the log buffer): syslog_out_flush() sends
 * only while the socket has room, and the lines it had none for stay
 * queued for the next flush, counted neither way; syslog_out_queue() on a
 * full batch counts the line as not taken; syslog_out_send() waits
 * SYSLOG_NOWAIT_US at most, then gives up with -EAGAIN. A socket that
 * refuses lines (no syslog daemon) is retried for SYSLOG_GRACE_MS, the
 * lines kept, then lines are counted as not taken, as when waiting. Off
 * again: waiting, a second at most per batch.
 */
#define SYSLOG_NOWAIT_US 1000	/* the kernel makes it a clock tick at least */
#define SYSLOG_GRACE_MS 1000
void syslog_out_nowait(struct syslog_out *out, bool nowait);
/*
 * Flush, letting the first lines (up to lines of them) wait for room in
 * the kernel, SYSLOG_NOWAIT_US each at most when keeping: the cheapest
 * way to keep up with a busy syslog daemon (each line goes as the daemon
 * reads, with no return here), for a caller that can afford the wait.
 */
void syslog_out_flush_waiting(struct syslog_out *out, unsigned int lines);
/* Lines queued and not sent yet. */
unsigned int syslog_out_queued(const struct syslog_out *out);
/* Move from's queued lines to to, whose batch is empty (a sink replaced, its lines kept). */
void syslog_out_move_queue(struct syslog_out *to, struct syslog_out *from);
/* The socket to wait on for room (POLLOUT): -1 when not connected, or lines go to a file. */
int syslog_out_fd(const struct syslog_out *out);

/* Send one line at a severity (LOG_*); 0, or -errno when it was not sent. */
int syslog_out_send(struct syslog_out *out, int severity, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void syslog_out_close(struct syslog_out *out);

/* A facility by name ("local4", "daemon", ...); -1 when unknown. */
int syslog_facility(const char *name);

#endif
