// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "logging/frame.h"
#include "util/crc32c.h"

static uint32_t frame_crc(const struct log_frame *f, const void *record)
{
	struct log_frame h = *f;

	h.crc = 0;
	return crc32c(crc32c(0, &h, sizeof(h)), record, f->len);
}

size_t frame_encode(void *buf, uint64_t seq, const struct frame_iface *iface,
		    const void *record, size_t len)
{
	struct log_frame f = { .magic = FRAME_MAGIC, .len = (uint32_t)len, .seq = seq };
	size_t size = frame_size(len);

	if (iface && iface->name)
		strncpy(f.ifname, iface->name, sizeof(f.ifname) - 1);
	if (iface && iface->addr)
		memcpy(f.ifaddr, iface->addr, sizeof(f.ifaddr));
	f.crc = frame_crc(&f, record);
	memcpy(buf, &f, sizeof(f));
	memcpy((char *)buf + sizeof(f), record, len);
	memset((char *)buf + sizeof(f) + len, 0, size - sizeof(f) - len);
	return size;
}

bool frame_check(const void *buf, size_t size, struct log_frame *f)
{
	if (size < sizeof(*f))
		return false;
	memcpy(f, buf, sizeof(*f));
	if (f->magic != FRAME_MAGIC || f->len > FRAME_RECORD_MAX || frame_size(f->len) > size)
		return false;
	f->ifname[sizeof(f->ifname) - 1] = '\0';
	return f->crc == frame_crc(f, (const char *)buf + sizeof(*f));
}
