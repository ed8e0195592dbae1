// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "util/escape.h"

const char *escape_text(const char *text, size_t max, char *out, size_t size)
{
	size_t in, len = 0;

	for (in = 0; text[in] && in < max && len + 5 < size; in++) {
		unsigned char c = (unsigned char)text[in];

		if (c >= 0x20 && c < 0x7f)
			out[len++] = (char)c;
		else
			len += (size_t)snprintf(out + len, size - len, "\\x%02x", c);
	}
	if (text[in] && len + 4 <= size)
		len += (size_t)snprintf(out + len, size - len, "...");
	out[len] = '\0';
	return out;
}
