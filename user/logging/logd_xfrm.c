// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's IPsec events (user/ipsec/xfrm_event.h), logged by the
 * daemon as events of component tunnel: each xfrm event kind is one entry
 * of the events table, whose format leads with the same words the
 * decoder's line does, so the line reads the same either way.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/xfrm_event.h"
#include "logging/logd_impl.h"

static const enum event_id by_kind[XFRM_EV_COUNT] = {
	[XFRM_EV_SA_ADDED] = EV_SA_ADDED,
	[XFRM_EV_SA_UPDATED] = EV_SA_UPDATED,
	[XFRM_EV_SA_DELETED] = EV_SA_DELETED,
	[XFRM_EV_SA_EXPIRED_SOFT] = EV_SA_EXPIRED_SOFT,
	[XFRM_EV_SA_EXPIRED_HARD] = EV_SA_EXPIRED_HARD,
	[XFRM_EV_SA_FLUSHED] = EV_SA_FLUSHED,
	[XFRM_EV_POL_ADDED] = EV_POLICY_ADDED,
	[XFRM_EV_POL_UPDATED] = EV_POLICY_UPDATED,
	[XFRM_EV_POL_DELETED] = EV_POLICY_DELETED,
	[XFRM_EV_POL_EXPIRED_SOFT] = EV_POLICY_EXPIRED_SOFT,
	[XFRM_EV_POL_EXPIRED_HARD] = EV_POLICY_EXPIRED_HARD,
	[XFRM_EV_POL_FLUSHED] = EV_POLICIES_FLUSHED,
	[XFRM_EV_ACQUIRE] = EV_SA_ACQUIRE,
	[XFRM_EV_LOST] = EV_TUNNEL_EVENTS_LOST,
};

static void take(const struct xfrm_event *xe, void *ctx)
{
	char line[XFRM_EVENT_TEXT_MAX];
	const char *rest;
	enum event_id id;
	struct logd *d = ctx;

	if ((unsigned int)xe->kind >= XFRM_EV_COUNT)
		return;
	id = xe->kind == XFRM_EV_SA_ADDED && xe->larval ? EV_SA_ALLOCATED : by_kind[xe->kind];
	xfrm_event_text(xe, line, sizeof(line));	/* cut, when it must be: still one line */
	/* The table's format has the words before the colon: the rest fills it. */
	rest = strstr(line, ": ");
	rest = rest ? rest + 2 : "";
	event_raise(&d->events, id, 0, false, rest);
}

void logd_xfrm_open(struct logd *d)
{
	struct xfrm_monitor *m = calloc(1, sizeof(*m));
	int err = m ? xfrm_monitor_open(m) : -ENOMEM;

	if (err) {
		pr_warn("IPsec events are not logged: %s", strerror(-err));
		free(m);
		m = NULL;
	}
	d->xfrm = m;
}

int logd_xfrm_fd(const struct logd *d)
{
	return d->xfrm ? ((struct xfrm_monitor *)d->xfrm)->fd : -1;
}

void logd_xfrm_take(struct logd *d)
{
	if (d->xfrm)
		xfrm_monitor_read(d->xfrm, take, d);
}

void logd_xfrm_close(struct logd *d)
{
	if (d->xfrm)
		xfrm_monitor_close(d->xfrm);
	free(d->xfrm);
	d->xfrm = NULL;
}
