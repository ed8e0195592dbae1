// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datapath/attachments.h"
#include "datapath/pins.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/file.h"
#include "util/paths.h"

static int record_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "attached");
}

struct attachment *attachments_find(struct attachments *st, int ifindex)
{
	size_t i;

	for (i = 0; i < st->count; i++)
		if (st->a[i].ifindex == ifindex)
			return &st->a[i];
	return NULL;
}

/* Links pinned for interfaces the record does not name. */
static void add_pinned_links(struct attachments *st)
{
	char path[PATH_MAX], kind[8];
	struct dirent *e;
	int ifindex;
	DIR *dir;

	if (pin_path(path, "links") || !(dir = opendir(path)))
		return;
	while ((e = readdir(dir)) && st->count < ATTACHMENTS_MAX) {
		if (sscanf(e->d_name, "%7[a-z_]%d", kind, &ifindex) != 2 || ifindex <= 0 ||
		    attachments_find(st, ifindex))
			continue;
		st->a[st->count] = (struct attachment){ .ifindex = ifindex,
			.inbound = strcmp(kind, "xdp_") ? INBOUND_TC : INBOUND_XDP,
			.tc = TC_MODE_TCX };
		if_indextoname((unsigned int)ifindex, st->a[st->count].name);
		st->count++;
	}
	closedir(dir);
}

void attachments_read(struct attachments *st)
{
	char path[PATH_MAX], line[256], name[ESCAPED_MAX], inbound[8], tc[8];
	struct attachment *a;
	int made, raw_ip;
	FILE *in;

	st->count = 0;
	if (!record_path(path) && (in = fopen(path, "re"))) {
		while (st->count < ATTACHMENTS_MAX && fgets(line, sizeof(line), in)) {
			a = &st->a[st->count];
			raw_ip = 0;	/* a record without the column is an earlier ebfilt's */
			if (line[0] == '#' || sscanf(line, "%d %259s %7s %7s %d %d", &a->ifindex, name,
						     inbound, tc, &made, &raw_ip) < 5 ||
			    a->ifindex <= 0)
				continue;
			snprintf(a->name, sizeof(a->name), "%.*s", IF_NAMESIZE - 1, name);
			a->inbound = strcmp(inbound, "tc") ? INBOUND_XDP : INBOUND_TC;
			a->tc = strcmp(tc, "clsact") ? TC_MODE_TCX : TC_MODE_CLSACT;
			a->made_clsact = made;
			a->raw_ip = raw_ip;
			st->count++;
		}
		fclose(in);
	}
	add_pinned_links(st);
}

static int write_record(FILE *out, void *ctx)
{
	const struct attachments *st = ctx;
	char name[ESCAPED_MAX];
	size_t i;

	/* The name is for messages only; escaped, it cannot break the line. */
	fprintf(out, "# ifindex name inbound(xdp|tc) tc(tcx|clsact) made-clsact raw-ip\n");
	for (i = 0; i < st->count; i++)
		fprintf(out, "%d %s %s %s %d %d\n", st->a[i].ifindex,
			st->a[i].name[0] ? escape_text(st->a[i].name, IF_NAMESIZE, name, sizeof(name))
					 : "-",
			st->a[i].inbound == INBOUND_TC ? "tc" : "xdp",
			st->a[i].tc == TC_MODE_CLSACT ? "clsact" : "tcx", st->a[i].made_clsact,
			st->a[i].raw_ip);
	return 0;
}

int attachments_write(const struct attachments *st)
{
	char path[PATH_MAX];
	int err;

	err = record_path(path);
	if (!err)
		err = make_dirs(ebfilt_rundir(), 0755);
	if (err)
		return err;
	if (!st->count) {
		if (unlink(path) && errno != ENOENT) {
			err = -errno;
			pr_err("cannot remove %s: %s", path, strerror(-err));
		}
		return err;
	}
	return file_write_atomic(path, 0644, write_record, (void *)st);
}

static bool same_hooks(const struct attachment *a, const struct attachment *b)
{
	return a->ifindex == b->ifindex && a->inbound == b->inbound && a->tc == b->tc &&
	       a->raw_ip == b->raw_ip;
}

int attachments_write_both(const struct attachments *now, const struct attachments *old)
{
	struct attachments *both = malloc(sizeof(*both));
	size_t i, j;
	int err;

	if (!both)
		return -ENOMEM;
	*both = *now;
	for (i = 0; i < old->count; i++) {
		for (j = 0; j < now->count && !same_hooks(&old->a[i], &now->a[j]); j++)
			;
		if (j == now->count && both->count < ATTACHMENTS_MAX)
			both->a[both->count++] = old->a[i];
	}
	err = attachments_write(both);
	free(both);
	return err;
}

static enum tc_mode tc_mode_for(const struct config *conf)
{
	if (conf->tc_hook == TC_HOOK_CLSACT)
		return TC_MODE_CLSACT;
	if (conf->tc_hook == TC_HOOK_TCX || hook_tcx_supported())
		return TC_MODE_TCX;
	return TC_MODE_CLSACT;
}

/*
 * The interface's link type (ARPHRD_*) and flags (IFF_*): 0 or -errno. The
 * parser reads frames that start with an Ethernet header, or at the IP
 * header: any other link layer would show it packets it takes for
 * something else.
 */
static int link_info(const char *name, int *type, int *flags)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	*type = *flags = 0;
	if (fd < 0)
		return -errno;
	memcpy(ifr.ifr_name, name, strnlen(name, IF_NAMESIZE - 1));	/* names are checked */
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		err = -errno;
	*type = ifr.ifr_hwaddr.sa_family;
	if (!err && ioctl(fd, SIOCGIFFLAGS, &ifr))
		err = -errno;
	*flags = ifr.ifr_flags;
	close(fd);
	return err;
}

#ifndef ARPHRD_IP6GRE
#define ARPHRD_IP6GRE	823	/* glibc's <net/if_arp.h> has it not */
#endif

/*
 * Link types whose packets reach tc starting at the IP header, the kernel
 * keeping no link-layer header in front: tun, WireGuard and xfrm (NONE),
 * ipip and VTI (TUNNEL, TUNNEL6), SIT, PPP, and point-to-point GRE (a
 * multipoint GRE device writes its outer headers in front before tc, so
 * it is not one). A device misjudged here shows the parser something
 * other than the IP header the kernel's protocol names: dropped and
 * counted as malformed.
 */
static bool raw_ip_link(int type, int flags)
{
	switch (type) {
	case ARPHRD_NONE: case ARPHRD_RAWIP: case ARPHRD_TUNNEL: case ARPHRD_TUNNEL6:
	case ARPHRD_SIT: case ARPHRD_PPP:
		return true;
	case ARPHRD_IPGRE: case ARPHRD_IP6GRE:
		return flags & IFF_POINTOPOINT;
	}
	return false;
}

int attachments_wanted(const struct config *conf, struct attachments *now, bool partial)
{
	struct iface_config want[CONFIG_MAX_IFACES];
	enum tc_mode mode = tc_mode_for(conf);
	struct attachment *a;
	size_t n, i;
	int err, type, flags;

	err = config_interfaces(conf, want, CONFIG_MAX_IFACES, &n);
	if (err) {
		pr_err("cannot list the interfaces: %s", strerror(-err));
		return err;
	}
	if (!n && !partial) {
		pr_err("no interface to attach to (none is up, and ebfilt.conf lists none)");
		return -ENODEV;
	}
	if (mode == TC_MODE_TCX && conf->tc_hook == TC_HOOK_TCX && !hook_tcx_supported()) {
		pr_err("tc_hook tcx: this kernel has no tcx links (Linux 6.6 or later)");
		return -EOPNOTSUPP;
	}
	now->count = 0;
	/* Without a list, any interface that comes up later is wanted too. */
	now->raw_ip_wanted = !conf->listed;
	now->tc_in_wanted = false;
	for (i = 0; i < n; i++) {
		now->tc_in_wanted |= want[i].inbound == INBOUND_TC;
		a = &now->a[now->count];
		*a = (struct attachment){ .inbound = want[i].inbound, .tc = mode };
		a->ifindex = (int)if_nametoindex(want[i].name);
		/* A tunnel may come later: ebfilt_watchd attaches it then. */
		if (!a->ifindex && (partial || want[i].later)) {
			now->raw_ip_wanted = true;
			continue;
		}
		if (!a->ifindex) {
			pr_err("interface %s: %s; the filter in force is unchanged", want[i].name,
			       strerror(errno));
			return -ENODEV;
		}
		/*
		 * A link layer not known is never taken for Ethernet: on a raw-IP
		 * device that would pass its packets as "not IP".
		 */
		err = link_info(want[i].name, &type, &flags);
		if (err) {
			if (partial)
				continue;
			pr_err("interface %s: cannot read its link type: %s; the filter in force "
			       "is unchanged", want[i].name, strerror(-err));
			return err;
		}
		if (raw_ip_link(type, flags)) {
			a->raw_ip = now->raw_ip_wanted = true;
			a->inbound = INBOUND_TC;	/* XDP would see no frame it can read */
		} else if (type != ARPHRD_ETHER) {
			/*
			 * Named (or bound) ones refuse the activation; found ones,
			 * and any the watcher meets later, stay out.
			 */
			if (partial)
				continue;
			if (conf->listed || want[i].later) {
				pr_err("interface %s has a link layer the filter cannot read "
				       "(link type %d); the filter in force is unchanged",
				       want[i].name, type);
				return -EOPNOTSUPP;
			}
			pr_warn("interface %s has a link layer the filter cannot read (link "
				"type %d): left unfiltered", want[i].name, type);
			continue;
		}
		strcpy(a->name, want[i].name);
		now->count++;
	}
	return 0;
}

bool attachment_uses(const struct attachment *a, enum hook_point point)
{
	switch (point) {
	case HOOK_POINT_XDP:    return a->inbound == INBOUND_XDP;
	case HOOK_POINT_TC_IN:  return a->inbound == INBOUND_TC;
	case HOOK_POINT_TC_OUT: return true;
	default:                return false;
	}
}

/* Whether old holds this hook the same way a will, with the same program. */
static bool unchanged(const struct attachment *a, const struct attachment *old,
		      enum hook_point point)
{
	return old && attachment_uses(old, point) && old->raw_ip == a->raw_ip &&
	       (point == HOOK_POINT_XDP || old->tc == a->tc);
}

int attachment_make(const struct dispatcher *d, struct attachment *a,
		    const struct attachment *old)
{
	bool done[HOOK_POINTS] = { false };
	enum dispatch_prog prog;
	enum hook_point p;
	int err = 0;

	a->made_clsact = old && old->tc == TC_MODE_CLSACT && old->made_clsact;
	for (p = 0; p < HOOK_POINTS && !err; p++) {
		if (!attachment_uses(a, p))
			continue;
		prog = dispatch_prog_for(p, a->raw_ip);
		err = hook_attach(a->ifindex, p, a->tc, d->prog_fd[prog], d->prog_id[prog],
				  &a->made_clsact);
		done[p] = !err && !unchanged(a, old, p);
	}
	if (!err)
		return 0;
	while (p-- > 0)
		if (done[p])
			hook_detach(a->ifindex, p, a->tc, a->made_clsact && !old);
	return err;
}

void attachment_remove(const struct attachment *a, const struct attachment *now)
{
	enum hook_point p;

	for (p = 0; p < HOOK_POINTS; p++)
		if (attachment_uses(a, p) && !(now && unchanged(now, a, p)))
			hook_detach(a->ifindex, p, a->tc, a->made_clsact && !now);
}

int attachment_check(const struct dispatcher *d, const struct attachment *a, char *why,
		     size_t size)
{
	static const char *const names[HOOK_POINTS] = { "XDP", "tc ingress", "tc egress" };
	enum hook_point p;
	uint32_t found;

	for (p = 0; p < HOOK_POINTS; p++) {
		if (!attachment_uses(a, p))
			continue;
		switch (hook_query(a->ifindex, p, a->tc, d->prog_id[dispatch_prog_for(p, a->raw_ip)],
				   &found)) {
		case HOOK_OURS:
			continue;
		case HOOK_MISSING:
			snprintf(why, size, "the %s hook has no filter", names[p]);
			return -ENOENT;
		case HOOK_OTHER:
			snprintf(why, size, "the %s hook is held by another program (ID %u)",
				 names[p], found);
			return -ENOENT;
		}
	}
	return 0;
}
