/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading back what is in force (lsfilt -a, ipsec_logd -s): the active
 * table of a version as the kernel holds it, with each rule's counters,
 * the programs' own counters, and the interfaces the filter holds. The
 * generation is the one the dispatcher has in force, read from the pins.
 * Functions return 0 or a negative errno without reporting: -ENOENT when
 * nothing is in force, -EACCES or -EPERM without the rights to read it.
 */
#ifndef EBFILT_DATAPATH_COUNTERS_H
#define EBFILT_DATAPATH_COUNTERS_H

#include <net/if.h>
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
 * Open n of the version's table maps in force (TMAP_* indexes in which),
 * all of one generation: fds[] gets their descriptors. 0, or a negative
 * errno with every descriptor closed (and set to -1).
 */
int filter_open_table_maps(uint8_t version, const size_t *which, int *fds, size_t n);
void filter_close_maps(int *fds, size_t n);

/*
 * *rules gets count entries, the default rule at index 0 and rules 1 to
 * count - 1 after it; free() it.
 */
int filter_read_active(uint8_t version, struct active_rule **rules, size_t *count);

/* The programs' exception counters, summed over CPUs. */
int filter_read_exceptions(struct ebfilt_pkt_exceptions *out);

/* An interface the filter is attached to, and how its hooks are. */
struct active_iface {
	int ifindex;
	char name[IF_NAMESIZE];		/* as it is called now */
	bool inbound_xdp;		/* inbound at XDP, else at tc ingress */
	bool tcx;			/* tc hooks held by tcx links, else clsact */
	bool raw_ip;			/* no Ethernet header: frames start at the IP header */
	char problem[96];		/* "" when every hook holds the filter */
};

/* The interfaces in the record, checked against the kernel. */
int filter_read_ifaces(struct active_iface *out, size_t max, size_t *count);

#endif
