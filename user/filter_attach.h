/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Activating and deactivating the filter (mkfilt -u / -d), and reading
 * what is active (lsfilt -a). Everything the filter pins lives under
 * EBFILT_PINDIR:
 *   prog_xdp_in, prog_tc_in, prog_tc_out   the programs in force
 *   links/xdp_<interface>                  XDP links (keep XDP attached)
 *   v4/<map>, v6/<map>                     the maps of each active table
 *   stats                                  global counters
 * and what it attached is recorded in EBFILT_RUNDIR/attached, so
 * deactivation removes exactly that. Functions return 0 or -errno and
 * report problems themselves.
 */
#ifndef EBFILT_FILTER_ATTACH_H
#define EBFILT_FILTER_ATTACH_H

#include <stdbool.h>
#include <stdint.h>

#include "classifier.h"
#include "config.h"

/* Whether a table of this version is active (its maps are pinned). */
bool filter_version_active(uint8_t version);

/*
 * Put the filter in force with these changes: for each version v (0: IPv4,
 * 1: IPv6), install[v] is a compiled table to activate, or NULL; when
 * deactivate[v] is set that version stops being filtered. Versions neither
 * installed nor deactivated keep their active table and counters. The
 * switch is atomic per interface and hook: a packet meets either the old
 * programs and maps or the new ones. With no version left active, every
 * attachment and pin is removed.
 */
int filter_apply(const struct classifier *install[2], const bool deactivate[2]);

/* The active table of a version, as the kernel holds it, with counters. */
struct active_rule {
	struct ebfilt_rule rule;	/* index 0 is the default rule */
	uint64_t packets, bytes;
};

/* *rules gets count entries (rules 1..count-1 and the default at 0); free() it. */
int filter_read_active(uint8_t version, struct active_rule **rules, size_t *count);

#endif
