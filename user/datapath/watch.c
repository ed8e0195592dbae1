// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config/config.h"
#include "datapath/attachments.h"
#include "datapath/dispatch.h"
#include "datapath/ifclass.h"
#include "datapath/watch.h"
#include "util/daemon.h"
#include "util/diag.h"
#include "util/lock.h"
#include "util/paths.h"

/* Attach the wanted interfaces st does not hold; drop those gone. */
static bool follow(const struct dispatcher *d, enum ebfilt_slot slot, struct attachments *st,
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
	for (i = 0; i < want->count && st->count < ATTACHMENTS_MAX; i++) {
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
		/* Fail closed: better dropped, and said, than passed unread. */
		notice(ctx, a->name, a->ifindex, a->raw_ip && !dispatch_has_raw_ip(d, slot) ?
		       "has no Ethernet header, which the filter in force was loaded without "
		       "a program for: its packets are dropped until mkfilt -u" : "is filtered");
		changed = true;
	}
	return changed;
}

int watch_pass(watch_notice_fn notice, void *ctx)
{
	struct attachments st, want;
	char path[PATH_MAX];
	enum ebfilt_slot slot;
	struct dispatcher d;
	struct config conf;
	int lock, err = 0, v_err, i;

	lock = lock_acquire(ebfilt_rundir());
	if (lock < 0)
		return lock;
	dispatch_init(&d);
	if (dispatch_read_active(&slot) || slot == EBFILT_SLOT_NONE) {
		/*
		 * No filter in force: the watcher goes, and lets go of its pid file
		 * under the lock, so an activation that follows starts a new one.
		 */
		if (!watch_pid_path(path))
			daemon_release(path);
		err = WATCH_NOTHING_IN_FORCE;
		goto out;
	}
	/*
	 * Rules that name interfaces (-i, tunnels) follow them as they come
	 * and go; first, so that an interface attached below is judged by its
	 * own rules from its first packet, and whether or not attaching works.
	 */
	for (i = 0; i < 2; i++) {
		v_err = ifclass_sync_active(i ? 6 : 4);
		if (v_err && v_err != -ENOENT && !err)
			err = v_err;
	}
	v_err = config_load(&conf);
	if (!v_err)
		v_err = dispatch_open(&d, false);
	if (!v_err)
		v_err = attachments_wanted(&conf, &want, true);
	if (!v_err) {
		attachments_read(&st);
		if (follow(&d, slot, &st, &want, notice, ctx))
			v_err = attachments_write(&st);
	}
	if (!err)
		err = v_err;
out:
	dispatch_close(&d);
	lock_release(lock);
	return err;
}

int watch_pid_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "ebfilt_watchd.pid");
}

void watch_follow(void)
{
	enum ebfilt_slot slot;
	char path[PATH_MAX];

	if (watch_pid_path(path))
		return;
	/* A watcher running makes a pass now: it follows the new filter, or goes. */
	if (daemon_signal("ebfilt_watchd", path, SIGHUP) != -ESRCH)
		return;
	if (!dispatch_read_active(&slot) && slot != EBFILT_SLOT_NONE &&
	    daemon_start("ebfilt_watchd", path))
		pr_warn("interfaces that appear are not filtered: ebfilt_watchd did not start");
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

/* The signals the watcher reads from a signalfd instead of taking them. */
static void watch_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

int watch_open(void)
{
	sigset_t signals;
	int fd = link_events();

	/* From here on, held until watch_run() reads them: a SIGHUP never kills it. */
	watch_signals(&signals);
	sigprocmask(SIG_BLOCK, &signals, NULL);

	if (fd < 0)
		pr_err("cannot follow link events: %s", strerror(-fd));
	return fd;
}

int watch_run(int fd, watch_notice_fn notice, void *ctx)
{
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .events = POLLIN } };
	struct signalfd_siginfo si;
	sigset_t signals;
	int err, ready;

	/* Signals arrive as reads, so none can slip in between a check and the wait. */
	watch_signals(&signals);
	p[1].fd = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
	if (p[1].fd < 0) {
		err = -errno;
		pr_err("cannot take signals: %s", strerror(-err));
		close(fd);
		return err;
	}
	for (;;) {
		err = watch_pass(notice, ctx);
		if (err == WATCH_NOTHING_IN_FORCE) {
			err = 0;
			break;
		}
		/* After a link event, a SIGHUP (mkfilt), or 30 s in case an event was missed. */
		do {
			ready = poll(p, 2, 30000);
		} while (ready < 0 && errno == EINTR);
		if (ready < 0) {
			err = -errno;
			pr_err("cannot wait for link events: %s", strerror(-err));
			break;
		}
		if (p[1].revents && read(p[1].fd, &si, sizeof(si)) == sizeof(si) &&
		    si.ssi_signo != SIGHUP)
			break;	/* SIGTERM, SIGINT */
		if (p[0].revents)
			drain(fd);
	}
	close(p[1].fd);
	close(fd);
	return err;
}
