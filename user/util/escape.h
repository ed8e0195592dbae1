/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text from outside (a file's token, an interface name the kernel gives,
 * a command-line value) on its way out to a terminal, a listing or a log
 * line: printable ASCII stays, every other byte becomes \xNN, so the
 * output stays one line and cannot carry terminal controls. Escaping what
 * is already escaped changes nothing (a backslash stays), so a token
 * quoted by a parser and then by diag.h's message reads the same.
 */
#ifndef EBFILT_UTIL_ESCAPE_H
#define EBFILT_UTIL_ESCAPE_H

#include <stddef.h>

/* Room for a token or name escaped from at most ESCAPE_TOKEN_MAX bytes. */
#define ESCAPE_TOKEN_MAX 64
#define ESCAPED_MAX (ESCAPE_TOKEN_MAX * 4 + 4)

/*
 * Escape text into out (size bytes), taking at most max bytes of it and
 * marking a cut with "...". Returns out.
 */
const char *escape_text(const char *text, size_t max, char *out, size_t size);

#endif
