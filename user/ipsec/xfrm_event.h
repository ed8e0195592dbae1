/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's IPsec events for ipsec_logd: SAs added, updated, deleted,
 * expiring and flushed, policies likewise, and acquires (a packet needs
 * an SA no one has made yet), read from the NETLINK_XFRM multicast
 * groups. Each becomes a struct xfrm_event with a syslog severity and
 * one line of text; events the kernel could not deliver (the socket's
 * queue was full) and messages that do not decode are counted and
 * reported as XFRM_EV_LOST, never dropped silently.
 */
#ifndef EBFILT_IPSEC_XFRM_EVENT_H
#define EBFILT_IPSEC_XFRM_EVENT_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipsec/xfrm.h"

enum xfrm_event_kind {
	XFRM_EV_SA_ADDED,		/* "SA established" (or "SA allocated" when larval) */
	XFRM_EV_SA_UPDATED,		/* often a key manager completing a larval SA */
	XFRM_EV_SA_DELETED,
	XFRM_EV_SA_EXPIRED_SOFT,	/* time to rekey */
	XFRM_EV_SA_EXPIRED_HARD,	/* the SA is gone; so is a larval SA never completed */
	XFRM_EV_SA_FLUSHED,		/* every SA of proto (0 or 255: all) deleted */
	XFRM_EV_POL_ADDED,
	XFRM_EV_POL_UPDATED,
	XFRM_EV_POL_DELETED,
	XFRM_EV_POL_EXPIRED_SOFT,
	XFRM_EV_POL_EXPIRED_HARD,
	XFRM_EV_POL_FLUSHED,
	XFRM_EV_ACQUIRE,		/* the kernel asks a key manager for an SA */
	XFRM_EV_LOST,			/* lost events: see lost */
	XFRM_EV_COUNT
};

/*
 * What an event says. SA events: the SA's fields. Policy events: the
 * selector, dir, index, priority, if_id and the first template's proto,
 * mode, reqid and endpoints (src, dst). Acquire: the SA asked for (proto,
 * endpoints, reqid of the template) and the traffic that asked (sel).
 */
struct xfrm_event {
	enum xfrm_event_kind kind;
	int severity;		/* LOG_NOTICE, LOG_INFO or LOG_WARNING (<syslog.h>) */
	uint32_t spi;		/* host order; 0 when none (acquire, policies) */
	uint32_t reqid;
	uint32_t if_id;		/* ebfilt's tunnel ID; 0 none */
	uint32_t index, priority;	/* policies */
	uint64_t lost;		/* XFRM_EV_LOST: how many */
	uint16_t family;	/* of src and dst */
	uint8_t proto;		/* IPPROTO_ESP, ...; XFRM_EV_SA_FLUSHED: 0 or 255 for all */
	uint8_t mode;
	uint8_t dir;		/* policies: XFRM_POLICY_IN, _OUT, _FWD */
	uint8_t action;		/* policies: XFRM_POLICY_ALLOW, _BLOCK */
	bool larval;		/* SA added, updated or deleted without algorithms */
	bool has_tmpl;		/* policies: a template filled proto, mode, reqid, src, dst */
	uint8_t src[16], dst[16];
	struct xfrm_sel sel;
};

/*
 * Decode message h (len bytes available, see xfrm_decode_sa). 1 with *ev
 * filled; 0 for a message that is no event of these kinds (another xfrm
 * group's, NLMSG_DONE, ...); -EINVAL when malformed.
 */
int xfrm_event_decode(const struct nlmsghdr *h, size_t len, struct xfrm_event *ev);

/* The severity ipsec_logd logs kind at. */
int xfrm_event_severity(enum xfrm_event_kind kind);

/* Room for any event's line. */
#define XFRM_EVENT_TEXT_MAX 256

/*
 * ev as one line of printable ASCII, no newline, into buf (size bytes):
 *   SA established: esp spi 0x00001000 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1 tunnel 7
 *   policy added: out 198.51.100.0/24 -> 203.0.113.0/24 proto tcp allow index 8 ...
 *   events lost: 3
 * "tunnel N" only when the if_id is not 0. Returns the line's length, or
 * -ENOSPC when it did not fit (buf then holds as much as fitted).
 */
int xfrm_event_text(const struct xfrm_event *ev, char *buf, size_t size);

/* A socket subscribed to the SA, policy, expire and acquire groups. */
struct xfrm_monitor {
	int fd;			/* non-blocking: poll it for POLLIN */
	uint32_t drops_seen;	/* the kernel's drop count already reported */
	uint64_t lost;		/* everything reported lost so far */
};

/*
 * Open m's socket in the caller's network namespace. 0, or -errno
 * (-EPERM without CAP_NET_ADMIN, which the kernel requires to listen).
 */
int xfrm_monitor_open(struct xfrm_monitor *m);

typedef void (*xfrm_event_fn)(const struct xfrm_event *ev, void *ctx);

/*
 * Read every message waiting on m and call cb for each event, then once
 * with XFRM_EV_LOST if the kernel dropped any (the socket's drop count
 * says how many; at least 1 for each overrun when it cannot say) or a
 * message did not decode. Returns the number of callbacks made, or -errno
 * when the socket fails (never -EAGAIN: an empty queue returns 0).
 */
int xfrm_monitor_read(struct xfrm_monitor *m, xfrm_event_fn cb, void *ctx);

void xfrm_monitor_close(struct xfrm_monitor *m);

#endif
