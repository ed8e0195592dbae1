/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening and loading the filter's BPF object, for datapath/load.c,
 * which sizes and configures it in between.
 */
#ifndef EBFILT_DATAPATH_OBJECTS_H
#define EBFILT_DATAPATH_OBJECTS_H

#include "datapath/load.h"

/* The built-in object, or opts->object opened through the same skeleton; NULL and errno. */
struct ebfilt *objects_open(const struct filter_load_opts *opts);

/*
 * Load *skel (opened and configured) with filter_tc_out verified beside
 * the other programs, on another CPU: their verification is most of an
 * activation, and the kernel verifies root's loads in parallel. On
 * success *skel is replaced by an object holding the same maps and every
 * program but filter_tc_out, which *aux holds (both owned by the caller);
 * on failure *skel is unchanged, to be destroyed by the caller. 0 or a
 * negative errno (not reported).
 */
int objects_load_parallel(struct ebfilt **skel, struct ebfilt **aux,
			  const struct filter_load_opts *opts);

#endif
