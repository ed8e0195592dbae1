// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the log-record formatters. The input is a record as the
 * kernel would hand it over (any bytes: the daemon cannot trust them) and
 * an interface name. Every line must be one line of printable text,
 * NUL-terminated within its buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "ebfilt/record.h"
#include "logging/dump.h"
#include "logging/format.h"
#include "util/escape.h"

static void check_line(const char *line, size_t size)
{
	size_t len = strnlen(line, size);

	if (len == size) {
		fprintf(stderr, "a line without its NUL\n");
		abort();
	}
	for (; *line; line++)
		if ((unsigned char)*line < 0x20 || (unsigned char)*line == 0x7f) {
			fprintf(stderr, "a control byte 0x%02x in a line\n", (unsigned char)*line);
			abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ebfilt_log_record rec;
	struct timespec when = { 1700000000, 123456789 };
	struct log_iface iface = { NULL, NULL };
	char raw[IF_NAMESIZE], name[ESCAPED_MAX], line[512], small[48];
	struct log_view view;

	if (size < sizeof(rec))
		return 0;
	memcpy(&rec, data, sizeof(rec));
	data += sizeof(rec);
	size -= sizeof(rec);
	if (size) {	/* the rest: an interface name, escaped as the cache holds it */
		snprintf(raw, sizeof(raw), "%.*s", (int)size, (const char *)data);
		iface.name = escape_text(raw, IF_NAMESIZE, name, sizeof(name));
		iface.addr = size > 4 ? "192.0.2.1" : NULL;
	}
	check_line(log_format_aix(&rec, &iface, true, line, sizeof(line)), sizeof(line));
	check_line(log_format_aix(&rec, &iface, false, small, sizeof(small)), sizeof(small));
	view = (struct log_view){ .hdr = &rec.hdr, .pkt = &rec, .ifname = iface.name,
				  .ifaddr = iface.addr, .when = when };
	check_line(dump_ipmon_line(&view, line, sizeof(line)), sizeof(line));
	check_line(dump_ipmon_line(&view, small, sizeof(small)), sizeof(small));
	return 0;
}
