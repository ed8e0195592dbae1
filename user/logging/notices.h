/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lines mkfilt writes about the filter, to the facility the packets
 * go to, as AIX does: packet logging started or stopped, and with logging
 * on, the rules an activation put in force.
 */
#ifndef EBFILT_LOGGING_NOTICES_H
#define EBFILT_LOGGING_NOTICES_H

#include <stdbool.h>

#include "rules/table.h"
#include "util/ipver.h"

/* "Status of packet logging set to Start at ..." (or Stop). */
void notice_logging_status(bool started);

/*
 * For an activation while logging is started: the rules of each table
 * given (by ipv_slot(); NULL: none), then "Filter support (level 1.00) initialized at ...".
 */
void notice_activation(const struct rule_table *tables[IPV_SLOTS]);

#endif
