/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading the datapath: open the BPF object, size each version's maps for
 * its compiled table (or take over the maps already pinned for a version
 * that is not being changed), load, and fill the maps. Attaching and
 * pinning are left to the caller (mkfilt), so tests can run the programs
 * with BPF_PROG_TEST_RUN without touching any interface.
 */
#ifndef EBFILT_FILTER_LOAD_H
#define EBFILT_FILTER_LOAD_H

#include "classifier.h"
#include "ebfilt.skel.h"

/* The maps of one IP version, in a fixed order (see filter_map_names). */
enum filter_map {
	FMAP_CONFIG, FMAP_SRC, FMAP_DST, FMAP_PROTO, FMAP_SPORT, FMAP_DPORT, FMAP_META,
	FMAP_IFACE, FMAP_BITMAPS, FMAP_RULES, FMAP_COUNTERS, FMAP_COUNT
};
extern const char *const filter_map_names[FMAP_COUNT];

struct bpf_map *filter_map(struct ebfilt *skel, uint8_t version, enum filter_map which);

/*
 * Load the datapath. cls[0] and cls[1] are the compiled IPv4 and IPv6
 * tables to install. For a NULL one whose reuse_dir[v] is set, the maps
 * pinned under "<reuse_dir>/v4" (or v6) are taken over as they are, if they
 * exist; otherwise that version is inactive. On success *out owns the
 * loaded object (destroy with ebfilt__destroy). Returns 0 or -errno.
 */
int filter_load(struct ebfilt **out, const struct classifier *cls[2],
		const char *const reuse_dir[2]);

#endif
