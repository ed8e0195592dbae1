/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the dispatcher is attached to, interface by interface (keyed by
 * interface index: a renamed interface keeps its filter), and the record
 * of it in EBFILT_RUNDIR/attached. Functions return 0 or a negative errno
 * and report what failed, unless they say otherwise.
 */
#ifndef EBFILT_DATAPATH_ATTACHMENTS_H
#define EBFILT_DATAPATH_ATTACHMENTS_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "datapath/dispatch.h"
#include "datapath/hooks.h"

struct attachment {
	int ifindex;
	char name[IF_NAMESIZE];		/* when attached; for messages */
	enum inbound_hook inbound;	/* XDP or tc ingress */
	enum tc_mode tc;		/* how the tc hooks are held */
	bool made_clsact;		/* we created the clsact qdisc, so we remove it */
	bool raw_ip;			/* no Ethernet header: frames start at the IP
					 * header; inbound is then always tc */
};

/*
 * Room for the hooks of two configurations: during an activation the
 * record holds those of the old and of the new one (an interface may be
 * in both, held two ways).
 */
#define ATTACHMENTS_MAX (2 * CONFIG_MAX_IFACES)

struct attachments {
	struct attachment a[ATTACHMENTS_MAX];
	size_t count;
	/*
	 * Set by attachments_wanted(): some interface wanted now or later may
	 * have no Ethernet header (one does, a bound tunnel does not exist yet,
	 * or every interface that comes up is wanted), so the filter needs its
	 * raw-IP programs.
	 */
	bool raw_ip_wanted;
	/*
	 * Some interface wanted takes its inbound packets through tc (an
	 * "inbound NAME tc" line): the filter needs filter_tc_in. Without
	 * one it is not loaded, which saves its verification; an interface
	 * given tc inbound later without a new activation finds no program
	 * there, and the dispatcher drops its packets (fail closed).
	 */
	bool tc_in_wanted;
};

/*
 * What is attached: the record, and the pinned links it may lack (an
 * activation killed before writing it). A missing record is no attachment.
 */
void attachments_read(struct attachments *st);
/* Replace the record (atomically); none left removes it. */
int attachments_write(const struct attachments *st);
/*
 * The record while an activation is under way: everything now holds, and
 * everything of old that now does not hold the same way, so a kill at any
 * point leaves no hook unrecorded (a clsact filter has no pin to find it
 * by).
 */
int attachments_write_both(const struct attachments *now, const struct attachments *old);

struct attachment *attachments_find(struct attachments *st, int ifindex);

/*
 * The interfaces the configuration wants now, by index, each with its
 * hooks. An interface it names that does not exist, or none at all, is an
 * error, unless partial is set: then they are left out. So is an interface
 * whose link layer the filter cannot read (neither Ethernet nor raw IP).
 */
int attachments_wanted(const struct config *conf, struct attachments *now, bool partial);

/*
 * Attach the dispatcher to a->ifindex as *a says (a->made_clsact is
 * updated), leaving alone the hooks of old (what was there before, or
 * NULL) that stay the same. On failure what this call attached is
 * detached again, and the error (-EBUSY: another tool holds a hook) is
 * left for the caller to report.
 */
int attachment_make(const struct dispatcher *d, struct attachment *a,
		    const struct attachment *old);
/* Detach the hooks of a that now is does not use (now NULL: all of them). */
void attachment_remove(const struct attachment *a, const struct attachment *now);

/*
 * Whether every hook of a holds the dispatcher. When not, *why says which
 * hook is missing or held by another program, and -ENOENT is returned
 * (not reported).
 */
int attachment_check(const struct dispatcher *d, const struct attachment *a, char *why,
		     size_t size);

/* The hooks an attachment uses. */
bool attachment_uses(const struct attachment *a, enum hook_point point);

#endif
