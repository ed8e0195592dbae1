// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "logging/record.h"

int log_record_decode(const void *data, size_t size, struct ebfilt_rec_hdr *hdr,
		      struct ebfilt_log_record *out)
{
	const struct ebfilt_log_record *rec = data;

	if (size < sizeof(*hdr))
		return -EINVAL;
	memcpy(hdr, data, sizeof(*hdr));
	if (hdr->len < sizeof(*hdr) || hdr->len > size)
		return -EINVAL;
	if (hdr->type != EBFILT_REC_PACKET || hdr->version != EBFILT_REC_PACKET_VERSION)
		return -ENOMSG;
	if (hdr->len < EBFILT_LOG_RECORD_FIXED)
		return -EINVAL;
	memcpy(out, rec, EBFILT_LOG_RECORD_FIXED);
	if (out->cap_len > EBFILT_LOG_CAPTURE_MAX ||
	    EBFILT_LOG_RECORD_FIXED + (size_t)out->cap_len > hdr->len)
		return -EINVAL;
	memcpy(out->headers, rec->headers, out->cap_len);
	memset(out->headers + out->cap_len, 0, sizeof(out->headers) - out->cap_len);
	return 0;
}
