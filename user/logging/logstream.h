/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streams of log records, as ipsec_log get writes them and ipsec_log dump
 * reads them: a struct log_stream_header, then frames (frame.h) as in the
 * store, with their sequence numbers and interface names. Also the one way
 * a stored record becomes a struct log_view. Functions return 0 or a
 * negative errno after saying what failed, unless they say otherwise.
 */
#ifndef EBFILT_LOGGING_LOGSTREAM_H
#define EBFILT_LOGGING_LOGSTREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "logging/frame.h"
#include "logging/view.h"

struct log_query;

/* A stored record and its view (the view points into it). */
struct log_stored {
	struct ebfilt_rec_hdr hdr;
	struct ebfilt_log_record pkt;
	struct event_record ev;
	struct ebfilt_session_record sess;
	char ifname[IF_NAMESIZE];
	char ifaddr[46];	/* INET6_ADDRSTRLEN */
	struct log_view view;
};

/*
 * The view of a framed record: 0, or -EINVAL (not reported) when the
 * record is not one (a packet record that does not hold together).
 * Records of types this reader does not know get a view without pkt.
 */
int log_stored_view(const struct log_frame *f, const void *record, struct log_stored *s);

/* Whether the record matches q (NULL: everything); a malformed one never does. */
bool log_frame_matches(const struct log_query *q, const struct log_frame *f,
		       const void *record);

struct log_stream_writer {
	FILE *out;
	const char *name;	/* for messages */
};

int log_stream_start(struct log_stream_writer *w, FILE *out, const char *name);
int log_stream_put(struct log_stream_writer *w, const struct log_frame *f, const void *record);
/* Everything out (flushed); -errno when some of it could not be written. */
int log_stream_finish(struct log_stream_writer *w);

struct log_stream_reader {
	FILE *in;
	const char *name;	/* for messages: the file, or "standard input" */
	uint64_t offset;	/* bytes read */
	uint8_t frame[sizeof(struct log_frame) + FRAME_RECORD_MAX + 8];
	struct log_stored rec;
	struct log_view view;	/* of the record log_stream_next() returned */
};

/* path "-": standard input. The stream's header is checked here. */
int log_stream_open(struct log_stream_reader *r, const char *path);
/* 1 with r->view, 0 at the end, -EINVAL at a damaged record (said, with its offset). */
int log_stream_next(struct log_stream_reader *r);
void log_stream_close(struct log_stream_reader *r);

#endif
