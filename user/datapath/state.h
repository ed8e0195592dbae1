/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stateful rules' state in force (lsfilt -d -a, rmfilt -d): the shun
 * list, the IF conditions and their counts, of the generation the
 * dispatcher has in force. Functions return 0 or a negative errno without
 * reporting: -ENOENT when no filter of that version is in force.
 */
#ifndef EBFILT_DATAPATH_STATE_H
#define EBFILT_DATAPATH_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "ebfilt/abi.h"

/* A shun list entry, and the seconds it has left (-1: until flushed; 0: over). */
struct active_shun {
	struct ebfilt_shun_key key;
	struct ebfilt_shun shun;
	long long left_s;
};

/* The version's shun list, entries over included; *shuns is free()d by the caller. */
int filter_read_shuns(uint8_t version, struct active_shun **shuns, size_t *count);

/* Empty the version's shun list; *flushed says how many entries went. */
int filter_flush_shuns(uint8_t version, size_t *flushed);

/* What the state maps hold and have done. */
struct state_summary {
	size_t conditions;	/* IF conditions held (true or lapsed) */
	size_t conditions_true;
	size_t shuns;		/* shun list entries (in force or over) */
	size_t shuns_in_force;
	struct ebfilt_state_counts counts;	/* summed over CPUs */
	uint64_t conditions_evicted, shuns_evicted;	/* dropped by a full map */
};

int filter_read_state(uint8_t version, struct state_summary *out);

/* An IF condition entry: the IF rule, the host pair, and the seconds it still holds (0: lapsed). */
struct active_condition {
	struct ebfilt_if_key key;
	long long left_s;
};

/* The version's IF condition entries, lapsed ones included; *conds is free()d by the caller. */
int filter_read_conditions(uint8_t version, struct active_condition **conds, size_t *count);

/*
 * Seconds rule r (as the kernel holds it) has left to apply: -1 when it
 * does not expire, 0 when it has expired.
 */
long long rule_time_left(const struct ebfilt_rule *r, uint64_t activated_ns);

/* The activation time of the version's table in force (CLOCK_BOOTTIME ns). */
int filter_read_activated(uint8_t version, uint64_t *activated_ns);

#endif
