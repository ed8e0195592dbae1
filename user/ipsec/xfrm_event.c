// SPDX-License-Identifier: GPL-2.0
/*
 * xfrm notifications into struct xfrm_event, and each event as one line.
 * SA and policy messages decode through xfrm_decode.c, which checks them;
 * the flushes and the acquire, which only events carry, are read here.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "ipsec/xfrm_event.h"
#include "ipsec/xfrm_priv.h"

int xfrm_event_severity(enum xfrm_event_kind kind)
{
	switch (kind) {
	case XFRM_EV_SA_ADDED:
	case XFRM_EV_SA_UPDATED:
	case XFRM_EV_SA_DELETED:
	case XFRM_EV_SA_FLUSHED:
	case XFRM_EV_POL_FLUSHED:
		return LOG_NOTICE;
	case XFRM_EV_SA_EXPIRED_HARD:
	case XFRM_EV_POL_EXPIRED_HARD:
	case XFRM_EV_LOST:
		return LOG_WARNING;
	default:
		return LOG_INFO;
	}
}

static void from_sa(struct xfrm_event *ev, const struct xfrm_sa *sa)
{
	ev->spi = sa->spi;
	ev->reqid = sa->reqid;
	ev->if_id = sa->if_id;
	ev->family = sa->family;
	ev->proto = sa->proto;
	ev->mode = sa->mode;
	ev->larval = sa->larval;
	memcpy(ev->src, sa->src, sizeof(ev->src));
	memcpy(ev->dst, sa->dst, sizeof(ev->dst));
	ev->sel = sa->sel;
}

static void from_tmpl(struct xfrm_event *ev, const struct xfrm_tmpl *t)
{
	ev->has_tmpl = true;
	ev->reqid = t->reqid;
	ev->family = t->family;
	ev->proto = t->proto;
	ev->mode = t->mode;
	memcpy(ev->src, t->src, sizeof(ev->src));
	memcpy(ev->dst, t->dst, sizeof(ev->dst));
}

static void from_pol(struct xfrm_event *ev, const struct xfrm_pol *pol)
{
	ev->sel = pol->sel;
	ev->dir = pol->dir;
	ev->action = pol->action;
	ev->index = pol->index;
	ev->priority = pol->priority;
	ev->if_id = pol->if_id;
	if (pol->ntmpl)
		from_tmpl(ev, &pol->tmpl[0]);
}

/* The byte after an expire's SA or policy: 1 for a hard expire. */
static bool expire_hard(const struct nlmsghdr *h, size_t offset)
{
	uint8_t hard;

	memcpy(&hard, (const char *)NLMSG_DATA(h) + offset, 1);
	return hard != 0;
}

static int decode_acquire(const struct nlmsghdr *h, size_t len, struct xfrm_event *ev)
{
	struct xfrm_user_acquire ua;
	struct xfrm_attrs at;
	struct xfrm_pol pol;

	memset(&pol, 0, sizeof(pol));
	if (xfrm_msg_parse(h, len, sizeof(ua), &at))
		return -EINVAL;
	if (at.a[XFRMA_TMPL] && xfrm_tmpls_from(&pol, at.a[XFRMA_TMPL]))
		return -EINVAL;
	memcpy(&ua, NLMSG_DATA(h), sizeof(ua));
	if (pol.ntmpl)
		from_tmpl(ev, &pol.tmpl[0]);
	/* The SA's own endpoints, over the template's (which may leave them open). */
	ev->spi = ntohl(ua.id.spi);
	ev->proto = ua.id.proto;
	if (!ev->family)
		ev->family = ua.policy.sel.family;
	memcpy(ev->src, &ua.saddr, sizeof(ev->src));
	memcpy(ev->dst, &ua.id.daddr, sizeof(ev->dst));
	xfrm_sel_from(&ev->sel, &ua.sel);
	ev->dir = ua.policy.dir;
	ev->index = ua.policy.index;
	ev->priority = ua.policy.priority;
	xfrm_attr_u32(&at, XFRMA_IF_ID, &ev->if_id);
	return 1;
}

int xfrm_event_decode(const struct nlmsghdr *h, size_t len, struct xfrm_event *ev)
{
	struct xfrm_usersa_flush flush;
	struct xfrm_attrs at;
	struct xfrm_pol pol;
	struct xfrm_sa sa;
	int err = 0;

	memset(ev, 0, sizeof(*ev));
	if (len < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > len)
		return -EINVAL;
	switch (h->nlmsg_type) {
	case XFRM_MSG_NEWSA:
	case XFRM_MSG_UPDSA:
	case XFRM_MSG_DELSA:
	case XFRM_MSG_EXPIRE:
		err = xfrm_decode_sa(h, len, &sa);
		if (err)
			return err;
		from_sa(ev, &sa);
		ev->kind = h->nlmsg_type == XFRM_MSG_NEWSA ? XFRM_EV_SA_ADDED :
			   h->nlmsg_type == XFRM_MSG_UPDSA ? XFRM_EV_SA_UPDATED :
			   h->nlmsg_type == XFRM_MSG_DELSA ? XFRM_EV_SA_DELETED :
			   expire_hard(h, offsetof(struct xfrm_user_expire, hard)) ?
			   XFRM_EV_SA_EXPIRED_HARD : XFRM_EV_SA_EXPIRED_SOFT;
		break;
	case XFRM_MSG_NEWPOLICY:
	case XFRM_MSG_UPDPOLICY:
	case XFRM_MSG_DELPOLICY:
	case XFRM_MSG_POLEXPIRE:
		err = xfrm_decode_pol(h, len, &pol);
		if (err)
			return err;
		from_pol(ev, &pol);
		ev->kind = h->nlmsg_type == XFRM_MSG_NEWPOLICY ? XFRM_EV_POL_ADDED :
			   h->nlmsg_type == XFRM_MSG_UPDPOLICY ? XFRM_EV_POL_UPDATED :
			   h->nlmsg_type == XFRM_MSG_DELPOLICY ? XFRM_EV_POL_DELETED :
			   expire_hard(h, offsetof(struct xfrm_user_polexpire, hard)) ?
			   XFRM_EV_POL_EXPIRED_HARD : XFRM_EV_POL_EXPIRED_SOFT;
		break;
	case XFRM_MSG_FLUSHSA:
		if (xfrm_msg_parse(h, len, sizeof(flush), &at))
			return -EINVAL;
		memcpy(&flush, NLMSG_DATA(h), sizeof(flush));
		ev->kind = XFRM_EV_SA_FLUSHED;
		ev->proto = flush.proto;
		break;
	case XFRM_MSG_FLUSHPOLICY:
		if (xfrm_msg_parse(h, len, 0, &at))
			return -EINVAL;
		ev->kind = XFRM_EV_POL_FLUSHED;
		break;
	case XFRM_MSG_ACQUIRE:
		ev->kind = XFRM_EV_ACQUIRE;
		err = decode_acquire(h, len, ev);
		if (err < 0) {
			memset(ev, 0, sizeof(*ev));
			return err;
		}
		break;
	default:
		return 0;
	}
	ev->severity = xfrm_event_severity(ev->kind);
	return 1;
}

/* A line being written: at most size - 1 bytes, always terminated. */
struct line {
	char *buf;
	size_t size, len;
	bool cut;
};

__attribute__((format(printf, 2, 3)))
static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->cut)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= l->size - l->len) {
		l->cut = true;
		l->len = l->size - 1;
	} else {
		l->len += (size_t)n;
	}
}

static void add_endpoints(struct line *l, const struct xfrm_event *ev)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

	add(l, " %s -> %s", xfrm_addr_text(ev->family, ev->src, src, sizeof(src)),
	    xfrm_addr_text(ev->family, ev->dst, dst, sizeof(dst)));
}

static void add_sel(struct line *l, const struct xfrm_sel *s)
{
	char src[64], dst[64], proto[8];

	add(l, " %s -> %s", xfrm_prefix_text(s->family, s->src, s->src_len, src, sizeof(src)),
	    xfrm_prefix_text(s->family, s->dst, s->dst_len, dst, sizeof(dst)));
	if (s->proto)
		add(l, " proto %s", xfrm_upper_proto_name(s->proto, proto, sizeof(proto)));
	if (s->sport_mask)
		add(l, " sport %u", s->sport);
	if (s->dport_mask)
		add(l, " dport %u", s->dport);
}

static void add_ids(struct line *l, const struct xfrm_event *ev)
{
	char mode[16];

	add(l, " mode %s reqid %u", xfrm_mode_name(ev->mode, mode, sizeof(mode)), ev->reqid);
	if (ev->if_id)
		add(l, " tunnel %u", ev->if_id);
}

static const char *const leads[XFRM_EV_COUNT] = {
	[XFRM_EV_SA_ADDED] = "SA established:",
	[XFRM_EV_SA_UPDATED] = "SA updated:",
	[XFRM_EV_SA_DELETED] = "SA deleted:",
	[XFRM_EV_SA_EXPIRED_SOFT] = "SA soft lifetime expired:",
	[XFRM_EV_SA_EXPIRED_HARD] = "SA hard lifetime expired:",
	[XFRM_EV_SA_FLUSHED] = "SAs flushed:",
	[XFRM_EV_POL_ADDED] = "policy added:",
	[XFRM_EV_POL_UPDATED] = "policy updated:",
	[XFRM_EV_POL_DELETED] = "policy deleted:",
	[XFRM_EV_POL_EXPIRED_SOFT] = "policy soft lifetime expired:",
	[XFRM_EV_POL_EXPIRED_HARD] = "policy hard lifetime expired:",
	[XFRM_EV_POL_FLUSHED] = "policies flushed",
	[XFRM_EV_ACQUIRE] = "SA acquire:",
	[XFRM_EV_LOST] = "events lost:",
};

int xfrm_event_text(const struct xfrm_event *ev, char *buf, size_t size)
{
	struct line l = { .buf = buf, .size = size };
	char proto[8];
	size_t i;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	if ((unsigned int)ev->kind >= XFRM_EV_COUNT) {
		add(&l, "unknown event %u", (unsigned int)ev->kind);
		return l.cut ? -ENOSPC : (int)l.len;
	}
	if (ev->kind == XFRM_EV_SA_ADDED && ev->larval)
		add(&l, "SA allocated (larval):");
	else
		add(&l, "%s", leads[ev->kind]);
	switch (ev->kind) {
	case XFRM_EV_LOST:
		add(&l, " %llu", (unsigned long long)ev->lost);
		break;
	case XFRM_EV_SA_FLUSHED:
		/* ip xfrm state flush asks for IPSEC_PROTO_ANY (255); 0 means the same. */
		add(&l, " %s", ev->proto && ev->proto != 255 ?
		    xfrm_proto_name(ev->proto, proto, sizeof(proto)) : "all");
		break;
	case XFRM_EV_POL_FLUSHED:
		break;
	case XFRM_EV_ACQUIRE:
		add(&l, " %s", xfrm_proto_name(ev->proto, proto, sizeof(proto)));
		add_endpoints(&l, ev);
		add_ids(&l, ev);
		add(&l, " for");
		add_sel(&l, &ev->sel);
		break;
	case XFRM_EV_POL_ADDED:
	case XFRM_EV_POL_UPDATED:
	case XFRM_EV_POL_DELETED:
	case XFRM_EV_POL_EXPIRED_SOFT:
	case XFRM_EV_POL_EXPIRED_HARD:
		add(&l, " %s", xfrm_dir_name(ev->dir));
		add_sel(&l, &ev->sel);
		add(&l, " %s index %u priority %u", xfrm_action_name(ev->action), ev->index,
		    ev->priority);
		if (ev->has_tmpl) {
			add(&l, " via %s", xfrm_proto_name(ev->proto, proto, sizeof(proto)));
			add_endpoints(&l, ev);
			add_ids(&l, ev);
		} else if (ev->if_id) {
			add(&l, " tunnel %u", ev->if_id);
		}
		break;
	default:
		add(&l, " %s spi 0x%08x", xfrm_proto_name(ev->proto, proto, sizeof(proto)), ev->spi);
		add_endpoints(&l, ev);
		add_ids(&l, ev);
		if (ev->larval && ev->kind != XFRM_EV_SA_ADDED)
			add(&l, " larval");
	}
	/* Only names and numbers are written; make sure anyway the line stays one. */
	for (i = 0; i < l.len; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			buf[i] = '?';
	return l.cut ? -ENOSPC : (int)l.len;
}
