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
	FMAP_IFACE, FMAP_BITMAPS, FMAP_RULES, FMAP_COUNTERS, FMAP_LOG_DROPS, FMAP_LOG_RATE,
	FMAP_COUNT
};

/* The logging maps shared by every table and kept across activations. */
enum log_map { LMAP_RING, LMAP_EVENTS, LMAP_CTL, LMAP_STATS, LMAP_COUNT };
extern const char *const log_map_names[LMAP_COUNT];
struct bpf_map *log_map(struct ebfilt *skel, enum log_map which);
extern const char *const filter_map_names[FMAP_COUNT];

struct bpf_map *filter_map(struct ebfilt *skel, uint8_t version, enum filter_map which);

/* How to load: what to take over from pins, and the log ring's size. */
struct filter_load_opts {
	const char *reuse_dir[2];	/* per version: take over its pinned maps */
	const char *log_dir;		/* take over the pinned logging maps */
	uint32_t ring_bytes;		/* log ring size (power of two); 0: 1 MiB */
	/*
	 * Another build of bpf/ebfilt.bpf.c to load instead of the built-in
	 * one (tests and make bench: the linear-evaluation build). It must
	 * have the same maps and programs. NULL: the built-in object.
	 */
	const void *object;
	size_t object_size;
};

/*
 * Load the datapath. cls[0] and cls[1] are the compiled IPv4 and IPv6
 * tables to install. For a NULL one whose opts->reuse_dir[v] is set, the
 * maps pinned under "<dir>/v4" (or v6) are taken over as they are, if they
 * exist; otherwise that version is inactive. The logging maps pinned in
 * opts->log_dir (if present) are taken over too, so logging carries on
 * across activations. On success *out owns the loaded object (destroy
 * with ebfilt__destroy). Returns 0 or -errno.
 */
int filter_load(struct ebfilt **out, const struct classifier *cls[2],
		const struct filter_load_opts *opts);

#endif
