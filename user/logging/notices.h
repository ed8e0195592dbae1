/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mkfilt's events about the filter (events.h, component mkfilt): packet
 * logging started or stopped and, while it is on, the rules an
 * activation put in force, in AIX's words; every activation, replacement
 * and deactivation with the tables' checksums; an activation that failed.
 */
#ifndef EBFILT_LOGGING_NOTICES_H
#define EBFILT_LOGGING_NOTICES_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/table.h"
#include "util/ipver.h"

/* "Status of packet logging set to Start at ..." (or Stop). */
void notice_logging_status(bool started);

/*
 * The tables given (by ipv_slot(); NULL: none) were put in force;
 * replaced[slot]: one was in force before. With logging started, each
 * rule's line too, then "Filter support (level 1.00) initialized at ...".
 */
void notice_activation(const struct rule_table *tables[IPV_SLOTS], const bool replaced[IPV_SLOTS],
		       bool logging);

/*
 * The versions given (n of them) are no longer filtered; sums[i]: the
 * checksum of the table that was in force (notice_table_checksum), or
 * NULL when it could not be read.
 */
void notice_deactivation(const uint8_t *versions, int n, const char (*sums)[16]);

/* An activation failed (err, a negative errno); the filter in force stays. */
void notice_failure(int err);

/* The CRC-32C of a table as its rules read (comments and layout aside). */
uint32_t notice_table_checksum(const struct rule_table *t);

#endif
