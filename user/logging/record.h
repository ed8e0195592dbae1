/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log records as they come from the ring, the perf event array, the store
 * or a file (include/ebfilt/record.h has the layout): checked before any
 * field is believed, and copied into a whole struct.
 */
#ifndef EBFILT_LOGGING_RECORD_H
#define EBFILT_LOGGING_RECORD_H

#include <stddef.h>

#include "ebfilt/record.h"

/*
 * The record at data (size bytes available; it may be followed by more).
 * 0: a packet record, copied into *out with the rest of headers[] zeroed.
 * -ENOMSG: a well-formed header of a type or version this reader does not
 * know, to be skipped (hdr->len bytes). -EINVAL: not a record (a length
 * shorter than the header or beyond size, a packet record whose capture
 * does not fit its length). *hdr gets the header whenever one was there
 * to read (not -EINVAL).
 */
int log_record_decode(const void *data, size_t size, struct ebfilt_rec_hdr *hdr,
		      struct ebfilt_log_record *out);

#endif
