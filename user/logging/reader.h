/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading log records from the kernel, from the ring buffer or the perf
 * event array: chosen when the reader is opened, after which the rest of
 * the daemon does not ask which one it got. The datapath is told which
 * one to write to (log_settings.buffer).
 */
#ifndef EBFILT_LOGGING_READER_H
#define EBFILT_LOGGING_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/record.h"

/* Each record as it arrives (perf records may carry padding after it). */
typedef void (*log_record_fn)(void *ctx, const void *data, size_t size);

enum log_reader_want { READER_ANY, READER_RING, READER_PERF };

struct log_reader {
	struct ring_buffer *ring;
	struct perf_buffer *perf;
	int perf_map_fd;	/* kept open while the perf buffer lives */
	int totals_fd;		/* the log_totals of the same logging maps */
	size_t ring_bytes;	/* the ring buffer's size; 0: the perf event array */
	size_t handled;		/* bytes of the records the current drain handled */
	log_record_fn on_record;
	void *ctx;
};

void log_reader_init(struct log_reader *r, log_record_fn on_record, void *ctx);
/*
 * Open the pinned ring buffer, or the perf event array when asked (or, for
 * READER_ANY, when there is no ring), and point the datapath at it with
 * the given rate limit. 0 or a negative errno (no filter active: -ENOENT).
 */
int log_reader_open(struct log_reader *r, enum log_reader_want want, unsigned int rate_limit);
bool log_reader_is_open(const struct log_reader *r);
/* The descriptor to poll (POLLIN) for records, -1 when not open. */
int log_reader_fd(const struct log_reader *r);
/* Handle what is in the buffer now, without waiting: the bytes of records handled. */
size_t log_reader_drain(struct log_reader *r);
/*
 * The kernel's counts of the logging maps the reader reads, even after
 * mkfilt replaced them: the last word on the maps it is leaving.
 */
int log_reader_totals(const struct log_reader *r, struct ebfilt_log_totals *totals);
void log_reader_close(struct log_reader *r);

#endif
