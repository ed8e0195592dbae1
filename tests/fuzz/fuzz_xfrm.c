// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: hostile bytes as a stream of NETLINK_XFRM messages, as
 * ipsec_report's dump and ipsec_logd's monitor read them. Each message,
 * copied alone into an allocation of its exact size, goes to the SA, the
 * policy and the event decoder; whatever decodes is formatted as text and
 * JSON. An event's line must be one line of printable ASCII, and the text
 * blocks printable lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/xfrm.h"
#include "ipsec/xfrm_event.h"
#include "util/json.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	return 0;
}

static void printable(const char *text, size_t len, bool lines)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c < 0x20 || c > 0x7e) && !(lines && c == '\n')) {
			fprintf(stderr, "byte 0x%02x at %zu of: %.*s\n", c, i, (int)len, text);
			abort();
		}
	}
}

static void formatted(const struct xfrm_sa *sa, const struct xfrm_pol *pol)
{
	struct json_out j;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		abort();
	if (sa)
		xfrm_print_sa_text(f, sa);
	else
		xfrm_print_pol_text(f, pol);
	fclose(f);
	printable(out, len, true);
	free(out);
	json_begin(&j, sink);
	if (sa)
		xfrm_print_sa_json(&j, NULL, sa);
	else
		xfrm_print_pol_json(&j, NULL, pol);
	json_end(&j);
}

static void one(const struct nlmsghdr *h, size_t len)
{
	char line[XFRM_EVENT_TEXT_MAX], small[24];
	struct xfrm_event ev;
	struct xfrm_pol pol;
	struct xfrm_sa sa;
	int n;

	if (!xfrm_decode_sa(h, len, &sa))
		formatted(&sa, NULL);
	if (!xfrm_decode_pol(h, len, &pol))
		formatted(NULL, &pol);
	if (xfrm_event_decode(h, len, &ev) != 1)
		return;
	n = xfrm_event_text(&ev, line, sizeof(line));
	if (n < 0 || (size_t)n != strlen(line)) {
		fprintf(stderr, "event text: %d for '%s'\n", n, line);
		abort();
	}
	printable(line, (size_t)n, false);
	n = xfrm_event_text(&ev, small, sizeof(small));
	if (strlen(small) >= sizeof(small) || (n >= 0 && (size_t)n != strlen(small)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr h;
	size_t len, step;
	char *copy;

	while (size >= NLMSG_HDRLEN) {
		memcpy(&h, data, sizeof(h));
		/* The decoders see what a reader hands them: at most what is left. */
		len = h.nlmsg_len >= NLMSG_HDRLEN && h.nlmsg_len <= size ? h.nlmsg_len : size;
		copy = malloc(len);
		if (!copy)
			abort();
		memcpy(copy, data, len);
		one((const struct nlmsghdr *)copy, len);
		free(copy);
		step = NLMSG_ALIGN(len);
		if (step >= size)
			break;
		data += step;
		size -= step;
	}
	return 0;
}
