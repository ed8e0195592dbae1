// SPDX-License-Identifier: GPL-2.0
/*
 * The NETLINK_XFRM listener ipsec_logd polls. The kernel drops a
 * notification when the socket's queue is full and says so once with
 * ENOBUFS; it counts every drop in the socket's drop counter, which
 * SO_MEMINFO reads, so the report says how many were lost.
 */
#include <errno.h>
#include <linux/sock_diag.h>
#include <linux/xfrm.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipsec/xfrm_event.h"

/* Room for a burst of SA changes (a key manager rekeying many tunnels). */
#define MONITOR_RCVBUF (4 * 1024 * 1024)
/* Larger than any one notification (the biggest: an SA with every attribute). */
#define MONITOR_BUF (32 * 1024)

int xfrm_monitor_open(struct xfrm_monitor *m)
{
	static const int groups[] = { XFRMNLGRP_SA, XFRMNLGRP_POLICY, XFRMNLGRP_EXPIRE,
				      XFRMNLGRP_ACQUIRE };
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	int size = MONITOR_RCVBUF, err;
	size_t i;

	memset(m, 0, sizeof(*m));
	m->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_XFRM);
	if (m->fd < 0)
		return -errno;
	if (bind(m->fd, (struct sockaddr *)&local, sizeof(local)))
		goto fail;
	/* FORCE passes rmem_max, with CAP_NET_ADMIN; without it, as much as allowed. */
	if (setsockopt(m->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(m->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (setsockopt(m->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &groups[i],
			       sizeof(groups[i])))
			goto fail;
	return 0;
fail:
	err = -errno;
	close(m->fd);
	m->fd = -1;
	return err;
}

void xfrm_monitor_close(struct xfrm_monitor *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

/* The socket's drop count, or -1 when the kernel cannot say. */
static long long socket_drops(int fd)
{
	uint32_t mem[SK_MEMINFO_VARS];
	socklen_t len = sizeof(mem);

	memset(mem, 0, sizeof(mem));
	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &len) || len <= SK_MEMINFO_DROPS * 4)
		return -1;
	return mem[SK_MEMINFO_DROPS];
}

/* The messages of one datagram (n bytes); undecodable ones counted in *bad. */
static int deliver(const char *buf, size_t n, xfrm_event_fn cb, void *ctx, uint64_t *bad)
{
	const struct nlmsghdr *h;
	struct xfrm_event ev;
	size_t step;
	int calls = 0, r;

	for (; n >= NLMSG_HDRLEN; buf += step, n -= step) {
		h = (const struct nlmsghdr *)buf;
		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > n) {
			(*bad)++;	/* the rest cannot be framed */
			break;
		}
		step = NLMSG_ALIGN(h->nlmsg_len) < n ? NLMSG_ALIGN(h->nlmsg_len) : n;
		r = xfrm_event_decode(h, h->nlmsg_len, &ev);
		if (r < 0)
			(*bad)++;
		if (r > 0) {
			cb(&ev, ctx);
			calls++;
		}
	}
	return calls;
}

int xfrm_monitor_read(struct xfrm_monitor *m, xfrm_event_fn cb, void *ctx)
{
	char buf[MONITOR_BUF] __attribute__((aligned(8)));
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
			      .msg_iovlen = 1 };
	uint64_t overruns = 0, bad = 0, lost;
	struct xfrm_event ev;
	long long drops;
	int calls = 0;
	ssize_t n;

	for (;;) {
		msg.msg_namelen = sizeof(from);
		n = recvmsg(m->fd, &msg, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS) {
			overruns++;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0)
			return -errno;
		if (msg.msg_flags & MSG_TRUNC) {
			bad++;
			continue;
		}
		if (msg.msg_namelen < sizeof(from) || from.nl_pid != 0)
			continue;	/* only the kernel speaks for the kernel */
		calls += deliver(buf, (size_t)n, cb, ctx, &bad);
	}
	drops = socket_drops(m->fd);
	lost = bad;
	if (drops >= 0 && (uint32_t)drops != m->drops_seen) {
		lost += (uint32_t)((uint32_t)drops - m->drops_seen);	/* the counter wraps */
		m->drops_seen = (uint32_t)drops;
	} else if (overruns) {
		lost += overruns;	/* at least one each */
	}
	if (lost) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = XFRM_EV_LOST;
		ev.severity = xfrm_event_severity(XFRM_EV_LOST);
		ev.lost = lost;
		m->lost += lost;
		cb(&ev, ctx);
		calls++;
	}
	return calls;
}
