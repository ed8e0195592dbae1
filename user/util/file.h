/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files the tools write. Every writer goes through file_write_atomic(), so
 * a reader (or a crash) sees either the old file or the new one, whole.
 * Functions return 0 or a negative errno after reporting the problem.
 */
#ifndef EBFILT_UTIL_FILE_H
#define EBFILT_UTIL_FILE_H

#include <stdio.h>
#include <sys/types.h>

/* The largest file the tools read (a 10,240-rule table is about 2 MiB). */
#define FILE_READ_MAX (16 << 20)

/*
 * Open a file the tools read, which may be missing: 0 with *in set, 0 with
 * *in NULL when there is no such name, or a negative errno after saying
 * what is wrong with it. It must be a regular file of at most
 * FILE_READ_MAX bytes: a directory, a FIFO, a device (neither is even
 * opened), a symbolic link to nothing or a larger file is an error naming
 * it, never an empty file. The stream stays non-blocking, so a pseudo-file
 * that looks regular but waits for data (/proc/kmsg) fails a read instead.
 */
int file_open_existing(const char *path, FILE **in);

/*
 * Reading a text file line by line, with the checks every reader of the
 * tools' files wants. Zero it, then set in and path.
 */
#define FILE_LINE_MAX 4096	/* bytes in a line, without its ending */

struct line_reader {
	FILE *in;
	const char *path;	/* for messages */
	unsigned int line;	/* the number of the line last read */
	size_t bytes;		/* read so far */
	char *buf;
	size_t cap;
};

/*
 * The next line in *text, without its ending (LF, or CR LF: a file edited
 * on another system): 1, 0 at the end of the file, or a negative errno
 * after saying "path:line: ..." (a NUL byte, a line over FILE_LINE_MAX
 * bytes, a file over FILE_READ_MAX, a read that failed: a pseudo-file
 * with nothing to read is never waited on).
 */
int line_next(struct line_reader *r, char **text);
void line_reader_free(struct line_reader *r);

/* Create dir and any missing parents with mode (mkdir -p). */
int make_dirs(const char *dir, mode_t mode);

/*
 * Replace path durably: write() fills a new temporary file in the same
 * directory (created exclusively, so no planted name is followed); it is
 * flushed, fsynced, given mode, renamed over path, and the directory is
 * fsynced so the rename survives a crash. write() returns 0 or -errno; on
 * a failure before the rename path is left as it was and the temporary
 * file is removed (a failed directory sync is reported with the new file
 * already in place).
 */
typedef int (*file_writer_fn)(FILE *out, void *ctx);
int file_write_atomic(const char *path, mode_t mode, file_writer_fn write, void *ctx);

#endif
