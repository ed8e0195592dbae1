/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnel IDs (genfilt -t) and the interfaces they name. ebfilt.conf's
 * "tunnel N NAME" binds ID N to any interface; an ID it does not bind is
 * the xfrm interface whose if_id is N (ip link add NAME type xfrm dev PHYS
 * if_id N), if there is one now. Every tunnel interface found is a tunnel
 * to the classifier: a rule with -t 0 does not apply to its traffic.
 */
#ifndef EBFILT_DATAPATH_TUNNELS_H
#define EBFILT_DATAPATH_TUNNELS_H

#include <linux/netlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "ebfilt/abi.h"

struct tunnel_binding {
	unsigned int id;
	char name[IF_NAMESIZE];
	bool xfrm;		/* found by its if_id, not named in ebfilt.conf */
};

/* ebfilt.conf's bindings, then as many xfrm interfaces as a host may have. */
#define TUNNELS_MAX	256

struct tunnel_map {
	struct tunnel_binding tunnels[TUNNELS_MAX];
	size_t count;
};

/*
 * If the RTM_NEWLINK message nh (len bytes) is an xfrm interface: 1 with
 * its name and if_id; 0 for another kind; -EINVAL when malformed.
 */
int tunnel_xfrm_link(const struct nlmsghdr *nh, size_t len, char name[IF_NAMESIZE],
		     unsigned int *if_id);

/*
 * Add xfrm interface name (if_id) to map unless its ID or name is bound
 * already (ebfilt.conf's bindings come first and win). 0 or -E2BIG.
 */
int tunnel_map_add_xfrm(struct tunnel_map *map, const char *name, unsigned int if_id);

/* ebfilt.conf's bindings, then the xfrm interfaces the kernel has now. 0 or -errno. */
int tunnels_resolve(const struct config *conf, struct tunnel_map *map);

/* The binding of ID id, or NULL. */
const struct tunnel_binding *tunnel_find(const struct tunnel_map *map, unsigned int id);

#endif
