// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>

#include "util/json.h"

/*
 * The length of the valid UTF-8 sequence of two bytes or more at p, else
 * 0. p is NUL-terminated, and a NUL fails the test before the next byte is
 * read.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		lo = p[0] == 0xe0 ? 0xa0 : lo;	/* overlong */
		hi = p[0] == 0xed ? 0x9f : hi;	/* surrogates */
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		lo = p[0] == 0xf0 ? 0x90 : lo;	/* overlong */
		hi = p[0] == 0xf4 ? 0x8f : hi;	/* past U+10FFFF */
	} else {
		return 0;
	}
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

const char *json_quote(const char *text, size_t max, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + strnlen(text, max);
	size_t len = 0, n;

	if (size < 3) {
		if (size)
			out[0] = '\0';
		return out;
	}
	out[len++] = '"';
	while (p < end && len + 8 < size) {
		n = utf8_len(p);
		if (n && p + n <= end) {
			memcpy(out + len, p, n);
			len += n;
			p += n;
		} else if (*p == '"' || *p == '\\') {
			out[len++] = '\\';
			out[len++] = (char)*p++;
		} else if (*p < 0x20 || *p >= 0x7f) {
			len += (size_t)snprintf(out + len, size - len, "\\u%04x", *p++);
		} else {
			out[len++] = (char)*p++;
		}
	}
	out[len++] = '"';
	out[len] = '\0';
	return out;
}

void json_begin(struct json_out *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->first[0] = true;
}

void json_end(struct json_out *j)
{
	fputc('\n', j->f);
}

/* The comma before a member, and its name. */
static void member(struct json_out *j, const char *key)
{
	char quoted[JSON_QUOTED_MAX(64)];

	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (key)
		fprintf(j->f, "%s:", json_quote(key, 64, quoted, sizeof(quoted)));
}

void json_open(struct json_out *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->f);
	if (j->depth + 1 < JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

void json_close(struct json_out *j, char bracket)
{
	fputc(bracket, j->f);
	if (j->depth > 0)
		j->depth--;
}

void json_string(struct json_out *j, const char *key, const char *value)
{
	char quoted[JSON_QUOTED_MAX(512)];

	member(j, key);
	fputs(value ? json_quote(value, 512, quoted, sizeof(quoted)) : "null", j->f);
}

void json_uint(struct json_out *j, const char *key, uint64_t value)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, value);
}

void json_int(struct json_out *j, const char *key, int64_t value)
{
	member(j, key);
	fprintf(j->f, "%" PRId64, value);
}

void json_bool(struct json_out *j, const char *key, bool value)
{
	member(j, key);
	fputs(value ? "true" : "false", j->f);
}

void json_raw(struct json_out *j, const char *key, const char *value)
{
	member(j, key);
	fputs(value, j->f);
}
