/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dispatcher (bpf/dispatch.bpf.c): loaded and pinned at the first
 * activation, attached to every hook, kept until the last deactivation.
 * An activation puts the new filter's programs in the slot not in force,
 * then switches to it with one map update: every hook on every interface
 * moves at once. Functions return 0 or a negative errno, and report what
 * failed unless they say otherwise.
 */
#ifndef EBFILT_DATAPATH_DISPATCH_H
#define EBFILT_DATAPATH_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "datapath/hooks.h"
#include "ebfilt.skel.h"
#include "ebfilt/abi.h"

/*
 * The dispatcher's programs: one for each hook, and another pair for the
 * tc hooks of interfaces without an Ethernet header, whose frames start at
 * the IP header (raw IP).
 */
enum dispatch_prog { DPROG_XDP, DPROG_TC_IN, DPROG_TC_OUT, DPROG_IP_IN, DPROG_IP_OUT, DPROGS };

static inline enum dispatch_prog dispatch_prog_for(enum hook_point point, bool raw_ip)
{
	if (raw_ip && point != HOOK_POINT_XDP)
		return point == HOOK_POINT_TC_IN ? DPROG_IP_IN : DPROG_IP_OUT;
	return (enum dispatch_prog)point;
}

struct dispatcher {
	struct dispatch *skel;		/* loaded by this run; NULL when taken from the pins */
	int prog_fd[DPROGS];		/* the programs to attach */
	uint32_t prog_id[DPROGS];
	int active_fd, xdp_progs_fd, tc_progs_fd;
};

/* A dispatcher holding nothing, for dispatch_open() (or to close safely). */
void dispatch_init(struct dispatcher *d);

/*
 * The pinned dispatcher; when there is none (or only debris of one) and
 * create is set, a new one, loaded and pinned, with no slot in force.
 * -ENOENT (not reported) when there is none and create is not set.
 */
int dispatch_open(struct dispatcher *d, bool create);
void dispatch_close(struct dispatcher *d);

/*
 * Put a loaded filter's programs in slot, or take them out (not in force
 * yet). A filter loaded without its raw-IP programs leaves their places
 * empty: the dispatcher drops those packets and counts them. tc_out: the
 * object that holds filter_tc_out when filter_load() verified it apart,
 * or NULL.
 */
int dispatch_install(struct dispatcher *d, enum ebfilt_slot slot, const struct ebfilt *filter,
		     const struct ebfilt *tc_out);
void dispatch_clear(struct dispatcher *d, enum ebfilt_slot slot);

/* Whether slot holds raw-IP programs (not reported). */
bool dispatch_has_raw_ip(const struct dispatcher *d, enum ebfilt_slot slot);

/* Put slot in force on every hook (EBFILT_SLOT_NONE: everything passes). */
int dispatch_switch(struct dispatcher *d, enum ebfilt_slot slot);

/*
 * The slot in force, read from the pins (not reported): -ENOENT when no
 * dispatcher is pinned, -EACCES or -EPERM without the rights to read it.
 */
int dispatch_read_active(enum ebfilt_slot *slot);

/* Remove the dispatcher's pins (once nothing is attached). */
void dispatch_unpin(void);

#endif
