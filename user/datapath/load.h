/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading the datapath: open the BPF object, size each version's maps for
 * its compiled table (or take over the pinned maps of a version that is
 * not being changed), load, and fill the maps. Attaching and pinning are
 * the activation's (datapath/activate.h), so tests can run the programs
 * with BPF_PROG_TEST_RUN without touching any interface.
 */
#ifndef EBFILT_DATAPATH_LOAD_H
#define EBFILT_DATAPATH_LOAD_H

#include "compile/classifier.h"
#include "datapath/pins.h"
#include "ebfilt.skel.h"
#include "util/ipver.h"

/* How to load: what to take over from the pins, and the log ring's size. */
struct filter_load_opts {
	bool reuse_table[IPV_SLOTS];	/* by ipv_slot(): take over its pinned maps, */
	unsigned int reuse_gen;		/* those of this generation */
	bool reuse_log;			/* take over the pinned logging maps */
	bool reuse_shared;		/* and the dispatcher's counters */
	uint32_t ring_bytes;		/* log ring size (power of two); 0: 1 MiB */
	uint32_t state_entries;		/* IF conditions and shuns per version; 0: the default */
	uint32_t if_idle_s;		/* an IF condition without -e lasts so long; 0: the default */
	uint32_t session_max;		/* sessions per version of a table with -l S; 0: the default */
	bool raw_ip;			/* load filter_ip_in/out too (attachments.h) */
	bool tc_in;			/* load filter_tc_in too (attachments.h) */
	uint32_t log_snap;		/* payload bytes of a -l D record; 0: none */
	/*
	 * Another build of bpf/ebfilt.bpf.c to load instead of the built-in
	 * one (tests and make bench: the linear-evaluation build). It must
	 * have the same maps and programs. NULL: the built-in object.
	 */
	const void *object;
	size_t object_size;
};

/*
 * Load the filter. cls[] holds the compiled tables to install, by
 * ipv_slot(). For a NULL one whose opts->reuse_table is set, the
 * version's maps pinned in generation opts->reuse_gen are taken over as
 * they are, if they exist; otherwise that version is inactive. On success *out owns the loaded
 * object (destroy with ebfilt__destroy). With tc_out, filter_tc_out is
 * verified beside the other programs, on another CPU, in a second object
 * sharing all of *out's maps: *tc_out owns it, and *out's filter_tc_out is
 * not loaded (an activation's time is mostly verification). Without
 * tc_out, one object holds every program (tests run them from it).
 * Returns 0 or a negative errno, after reporting.
 */
int filter_load(struct ebfilt **out, struct ebfilt **tc_out,
		const struct classifier *cls[IPV_SLOTS], const struct filter_load_opts *opts);

#endif
