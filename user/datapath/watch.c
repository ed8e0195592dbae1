// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config/config.h"
#include "datapath/attachments.h"
#include "datapath/dispatch.h"
#include "datapath/watch.h"
#include "util/daemon.h"
#include "util/diag.h"
#include "util/lock.h"
#include "util/paths.h"

/* Attach the wanted interfaces st does not hold; drop those gone. */
static bool follow(const struct dispatcher *d, struct attachments *st,
		   struct attachments *want, watch_notice_fn notice, void *ctx)
{
	char why[96], name[IF_NAMESIZE];
	bool changed = false;
	size_t i;
	int err;

	for (i = 0; i < st->count; i++) {
		if (if_indextoname((unsigned int)st->a[i].ifindex, name))
			continue;
		attachment_remove(&st->a[i], NULL);	/* unpins the links it left */
		notice(ctx, st->a[i].name, st->a[i].ifindex, "is gone");
		st->a[i--] = st->a[--st->count];
		changed = true;
	}
	for (i = 0; i < want->count && st->count < CONFIG_MAX_IFACES; i++) {
		struct attachment *a = &want->a[i];

		if (attachments_find(st, a->ifindex))
			continue;
		err = attachment_make(d, a, NULL);
		if (!err && attachment_check(d, a, why, sizeof(why))) {
			attachment_remove(a, NULL);
			err = -ENOENT;
		}
		if (err) {
			notice(ctx, a->name, a->ifindex, err == -EBUSY ?
			       "was not attached: another tool's program holds its hook" :
			       "was not attached");
			continue;
		}
		st->a[st->count++] = *a;
		notice(ctx, a->name, a->ifindex, "is filtered");
		changed = true;
	}
	return changed;
}

int watch_pass(watch_notice_fn notice, void *ctx)
{
	struct attachments st, want;
	enum ebfilt_slot slot;
	struct dispatcher d;
	struct config conf;
	int lock, err;

	lock = lock_acquire(ebfilt_rundir());
	if (lock < 0)
		return lock;
	dispatch_init(&d);
	err = config_load(&conf);
	if (!err && (dispatch_read_active(&slot) || slot == EBFILT_SLOT_NONE))
		goto out;	/* no filter in force: nothing to follow */
	if (!err)
		err = dispatch_open(&d, false);
	if (!err)
		err = attachments_wanted(&conf, &want, true);
	if (!err) {
		attachments_read(&st);
		if (follow(&d, &st, &want, notice, ctx))
			err = attachments_write(&st);
	}
out:
	dispatch_close(&d);
	lock_release(lock);
	return err;
}

int watch_pid_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "ebfilt_watchd.pid");
}

int watch_start(void)
{
	char path[PATH_MAX];
	int err = watch_pid_path(path);

	if (err || daemon_pid(path, "ebfilt_watchd"))
		return err;
	return daemon_start("ebfilt_watchd", path);
}

int watch_stop(void)
{
	char path[PATH_MAX];
	int err = watch_pid_path(path);

	return err ? err : daemon_stop("ebfilt_watchd", path);
}

static int link_events(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Read what is queued; whether a link was added, changed or removed. */
static bool drain(int fd)
{
	char buf[8192];
	bool link = false;
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n))
			link |= h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK;
	}
	/* An overrun lost events: look at everything again. */
	return link || (n < 0 && errno == ENOBUFS);
}

int watch_open(void)
{
	int fd = link_events();

	if (fd < 0)
		pr_err("cannot follow link events: %s", strerror(-fd));
	return fd;
}

int watch_run(int fd, volatile sig_atomic_t *stopping, watch_notice_fn notice, void *ctx)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	watch_pass(notice, ctx);
	while (!*stopping) {
		int ready = poll(&p, 1, 30000);

		if (ready < 0 && errno != EINTR)
			break;
		/* On an event, or every 30 s in case one was missed. */
		if (ready == 0 || (ready > 0 && drain(fd)))
			watch_pass(notice, ctx);
	}
	close(fd);
	return 0;
}
