/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading back what is in force (lsfilt -a, ipsec_logd -s): the active
 * table of a version as the kernel holds it, with each rule's counters,
 * and the programs' own counters. Everything is read from the pins.
 */
#ifndef EBFILT_DATAPATH_COUNTERS_H
#define EBFILT_DATAPATH_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/abi.h"

/* One rule of the active table, with what it matched (summed over CPUs). */
struct active_rule {
	struct ebfilt_rule rule;
	uint64_t packets, bytes;
};

/*
 * *rules gets count entries, the default rule at index 0 and rules 1 to
 * count - 1 after it; free() it. 0, -ENOENT when the version is not
 * active, or another negative errno.
 */
int filter_read_active(uint8_t version, struct active_rule **rules, size_t *count);

/* The programs' exception counters, summed over CPUs; -ENOENT when none is pinned. */
int filter_read_exceptions(struct ebfilt_pkt_exceptions *out);

#endif
