// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "logging/control.h"
#include "logging/reader.h"
#include "util/percpu.h"

void log_reader_init(struct log_reader *r, log_record_fn on_record, void *ctx)
{
	*r = (struct log_reader){ .perf_map_fd = -1, .totals_fd = -1, .on_record = on_record,
				  .ctx = ctx };
}

static int ring_record(void *ctx, void *data, size_t size)
{
	struct log_reader *r = ctx;

	r->handled += size;
	r->on_record(r->ctx, data, size);
	return 0;
}

static void perf_record(void *ctx, int cpu, void *data, __u32 size)
{
	struct log_reader *r = ctx;

	(void)cpu;
	r->handled += size;
	r->on_record(r->ctx, data, size);
}

int log_reader_open(struct log_reader *r, enum log_reader_want want, unsigned int rate_limit)
{
	int ring_fd = want == READER_PERF ? -ENOENT : log_map_open("log_ring");
	int fd;

	r->totals_fd = log_map_open("log_totals");
	if (r->totals_fd < 0) {
		if (ring_fd >= 0)
			close(ring_fd);
		return r->totals_fd;
	}
	if (ring_fd >= 0) {
		struct bpf_map_info info = { 0 };
		__u32 len = sizeof(info);

		if (!bpf_obj_get_info_by_fd(ring_fd, &info, &len))
			r->ring_bytes = info.max_entries;
		r->ring = ring_buffer__new(ring_fd, ring_record, r, NULL);
		close(ring_fd);
		if (r->ring)
			return log_settings_update(-1, EBFILT_LOG_TO_RING, rate_limit);
		if (want == READER_RING)
			return -errno;
	}
	/*
	 * The kernel removes a perf event array's entries when the map file
	 * they were set through is closed: keep the fd while the buffer lives.
	 */
	fd = log_map_open("log_perf_buf");
	if (fd < 0)
		return fd;
	/*
	 * No lost-records callback: a record that does not fit makes the
	 * program's output call fail, and the program counts it (ring_full),
	 * which the loss lines report; perf's own count is of the same ones.
	 */
	r->perf = perf_buffer__new(fd, 64, perf_record, NULL, r, NULL);
	if (!r->perf) {
		close(fd);
		return -errno;
	}
	r->perf_map_fd = fd;
	return log_settings_update(-1, EBFILT_LOG_TO_PERF, rate_limit);
}

bool log_reader_is_open(const struct log_reader *r)
{
	return r->ring || r->perf;
}

int log_reader_fd(const struct log_reader *r)
{
	if (r->ring)
		return ring_buffer__epoll_fd(r->ring);
	return r->perf ? perf_buffer__epoll_fd(r->perf) : -1;
}

size_t log_reader_drain(struct log_reader *r)
{
	r->handled = 0;
	if (r->ring)
		ring_buffer__consume(r->ring);
	else if (r->perf)
		perf_buffer__consume(r->perf);
	return r->handled;
}

int log_reader_totals(const struct log_reader *r, struct ebfilt_log_totals *totals)
{
	memset(totals, 0, sizeof(*totals));
	return r->totals_fd < 0 ? -ENOENT : percpu_sum_struct(r->totals_fd, 0, totals);
}

void log_reader_close(struct log_reader *r)
{
	ring_buffer__free(r->ring);
	perf_buffer__free(r->perf);
	if (r->perf_map_fd >= 0)
		close(r->perf_map_fd);
	if (r->totals_fd >= 0)
		close(r->totals_fd);
	r->ring = NULL;
	r->perf = NULL;
	r->ring_bytes = 0;
	r->perf_map_fd = r->totals_fd = -1;
}
