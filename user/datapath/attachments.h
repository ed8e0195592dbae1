/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the filter is attached to, interface by interface, and its record
 * in EBFILT_RUNDIR/attached, so that deactivation removes exactly that.
 * Functions return 0 or a negative errno, and report what failed.
 */
#ifndef EBFILT_DATAPATH_ATTACHMENTS_H
#define EBFILT_DATAPATH_ATTACHMENTS_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "ebfilt.skel.h"

/* What was attached to one interface. */
struct attachment {
	char name[IF_NAMESIZE];
	int ifindex;
	enum inbound_hook inbound;
	bool made_clsact;	/* we created the clsact qdisc, so we remove it */
};

struct attachments {
	struct attachment a[CONFIG_MAX_IFACES];
	size_t count;
};

/* The record; a missing or unreadable one reads as no attachment. */
void attachments_read(struct attachments *st);
/* Replace the record (atomically); none left removes it. */
int attachments_write(const struct attachments *st);

const struct attachment *attachments_find(const struct attachments *st, const char *name);

/*
 * Attach skel's programs to the interface want names (outbound at tc
 * egress, inbound at XDP or tc ingress), replacing our programs there;
 * old is what the record says was attached to it before (or NULL). *now
 * describes the result.
 */
int attachment_make(struct ebfilt *skel, const struct iface_config *want,
		    const struct attachment *old, struct attachment *now);
/* Detach our programs from the interface, and remove a clsact we made. */
void attachment_remove(const struct attachment *a);

#endif
