/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON for scripts: the -j output of the commands, and ipsec_log's JSON
 * records. Strings from outside are quoted so the document always parses;
 * the writer places the commas. Field names are the caller's, documented
 * in its man page.
 */
#ifndef EBFILT_UTIL_JSON_H
#define EBFILT_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Room for text of at most n bytes quoted: each byte may become \u00XX, and the quotes. */
#define JSON_QUOTED_MAX(n) ((n) * 6 + 3)

/*
 * text (at most max bytes of it) as a JSON string, quotes included, into
 * out (size bytes, at least JSON_QUOTED_MAX(max)): '"', '\' and control
 * characters escaped, valid UTF-8 kept, any other byte written as \u00XX
 * (its Latin-1 reading). Returns out.
 */
const char *json_quote(const char *text, size_t max, char *out, size_t size);

#define JSON_DEPTH 8

/* A JSON document being written to a stream. */
struct json_out {
	FILE *f;
	int depth;
	bool first[JSON_DEPTH];		/* no member written yet at that depth */
};

void json_begin(struct json_out *j, FILE *f);
/* End the document with a newline. */
void json_end(struct json_out *j);

/*
 * Members: key is the member's name inside an object, NULL inside an
 * array or for the document itself. A NULL string is written as null.
 */
void json_open(struct json_out *j, const char *key, char bracket);	/* '{' or '[' */
void json_close(struct json_out *j, char bracket);			/* '}' or ']' */
void json_string(struct json_out *j, const char *key, const char *value);
void json_uint(struct json_out *j, const char *key, uint64_t value);
void json_int(struct json_out *j, const char *key, int64_t value);
void json_bool(struct json_out *j, const char *key, bool value);
/* A value that is JSON already (one a writer of records made): written as it is. */
void json_raw(struct json_out *j, const char *key, const char *value);

#endif
