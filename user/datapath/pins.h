/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the filter pins, all under EBFILT_PINDIR (a bpffs):
 *   prog_xdp_in, prog_tc_in, prog_tc_out   the dispatcher's programs, attached
 *   active_slot, xdp_progs, tc_progs       the dispatcher's maps
 *   pkt_exceptions                         the programs' own counters
 *   log_ring, log_perf_buf, ...            the logging maps
 *   gen0/, gen1/                           each generation's tables (v4/, v6/)
 *   current                                a symbolic link to the generation in force
 *   links/                                 the links that hold the hooks
 * Maps go in groups (include/ebfilt/maps.h lists each group's names). A
 * loaded object can take over a group's pinned maps before it is loaded,
 * and pinning a group leaves alone a pin that already holds the same map:
 * that is how logging and the counters outlive activations, and how a
 * table an activation does not change keeps its maps and counters. The
 * table groups are pinned per generation (gen, 0 or 1); the others ignore
 * gen.
 *
 * Functions return 0 or a negative errno, and report what failed, unless
 * they say otherwise.
 */
#ifndef EBFILT_DATAPATH_PINS_H
#define EBFILT_DATAPATH_PINS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/maps.h"
#include "ebfilt.skel.h"

enum map_group { MAPS_V4, MAPS_V6, MAPS_LOG, MAPS_SHARED, MAPS_DISPATCH, MAP_GROUPS };

/* The maps of a table, in the order of EBFILT_TABLE_MAPS. */
enum table_map {
#define TABLE_MAP_ENUM(stem) TMAP_##stem,
	EBFILT_TABLE_MAPS(TABLE_MAP_ENUM)
#undef TABLE_MAP_ENUM
	TMAP_COUNT
};

/* The group of an IP version's table. */
static inline enum map_group table_group(uint8_t version)
{
	return version == 6 ? MAPS_V6 : MAPS_V4;
}

/* Maps in a group, and the pin name of each ("log_ring", "rules"). */
size_t group_size(enum map_group group);
const char *group_map_stem(enum map_group group, size_t i);

/* A map of a loaded object, by group and position; NULL if it has none. */
struct bpf_map *group_map(struct bpf_object *obj, enum map_group group, size_t i);
static inline struct bpf_map *table_map(struct ebfilt *skel, uint8_t version,
					enum table_map which)
{
	return group_map(skel->obj, table_group(version), which);
}

/* "<pindir>/<name>". */
__attribute__((format(printf, 2, 3)))
int pin_path(char path[PATH_MAX], const char *fmt, ...);

/*
 * Make EBFILT_PINDIR a directory on a bpffs. Inside "ip netns exec" no
 * bpffs is mounted (and /sys/fs/bpf is a plain sysfs directory), so mount
 * one at the deepest existing ancestor, or at the directory itself.
 */
int pins_prepare(void);

/* Whether the group's first map is pinned (not reported). */
bool pins_group_pinned(enum map_group group, unsigned int gen);

/*
 * Before loading: take over the group's pinned maps, when the group is
 * pinned. A group pinned only in part is an error.
 */
int pins_reuse_group(struct bpf_object *obj, enum map_group group, unsigned int gen);

/* After loading: pin every map of the group (see above); remove the pins. */
int pins_pin_group(struct bpf_object *obj, enum map_group group, unsigned int gen);
void pins_unpin_group(enum map_group group, unsigned int gen);

/* Remove a generation's tables and its directory. */
void pins_unpin_gen(unsigned int gen);
/* Point "current" at a generation; remove it. */
int pins_set_current(unsigned int gen);
void pins_clear_current(void);

/* Open a pinned map by group and stem: a descriptor, or a negative errno (not reported). */
int pins_open_map(enum map_group group, unsigned int gen, const char *stem);

#endif
