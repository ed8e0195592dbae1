/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for single values, shared by the attribute table (command-line
 * flags and rule files alike) and ebfilt.conf. Each returns 0 on success, or -EINVAL
 * and points *why at a static phrase saying what is wrong with the value
 * ("port out of range 0-65535"); the caller adds where the value came from.
 */
#ifndef EBFILT_RULES_PARSE_H
#define EBFILT_RULES_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/rule.h"

/* A decimal number 0..max: digits only, no sign, no spaces. */
int parse_number(const char *text, unsigned long max, unsigned long *out, const char **why);

/*
 * An IPv4 or IPv6 address for the given version, or a host name resolved
 * now to its first address of that family. "0" means the any-address.
 * The result is in network byte order.
 */
int parse_addr(uint8_t version, const char *text, uint8_t out[16], const char **why);

/* IPv4: a contiguous dotted mask (or "0"); IPv6: a prefix length 0-128. */
int parse_mask(uint8_t version, const char *text, uint8_t *prefix, const char **why);

/* A protocol name (see genfilt -c) or a number 1-252. */
int parse_proto(const char *text, uint8_t *proto, bool *tcp_ack, const char **why);

/* Operator word: lt le gt ge eq neq any (case-insensitive). */
int parse_op(const char *text, enum ebfilt_port_op *op, const char **why);

/* "all" or a valid Linux interface name. */
int parse_iface(const char *text, char out[IF_NAMESIZE], const char **why);

/* Free text of at most max bytes: printable, no '|' (it separates lsfilt -O fields). */
int parse_text(const char *text, size_t max, char *out, const char **why);

/* -x: ASCII text, or 0x followed by an even number of hex digits. */
int parse_pattern(const char *text, char out[RULE_PATTERN_MAX + 1], const char **why);

/*
 * The bytes a pattern stands for (-x, or a line of a -X file): the text
 * itself, or what the hex digits after 0x spell. out holds at least
 * strlen(text) bytes. Returns how many, or -EINVAL (why says).
 */
int pattern_decode(const char *text, uint8_t *out, const char **why);

/* -X: a readable regular file; stored as its absolute path. */
int parse_pattern_file(const char *text, char out[RULE_PATTERN_MAX + 1], const char **why);

#endif
