// SPDX-License-Identifier: GPL-2.0
/*
 * -ip: every interface as it is now, with its addresses, how the filter
 * holds its hooks (or who else holds the XDP hook), and whether ebfilt.conf
 * leaves it out. -bypass: what the filter never judges, and how much of it
 * went by, so that nothing passes unseen.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "config/config.h"
#include "datapath/counters.h"
#include "report/report.h"
#include "util/escape.h"

#define MAX_IFACES 256

struct iface_view {
	char name[IF_NAMESIZE];
	unsigned int index;
	bool up, loopback;
	char addrs[512];		/* "192.0.2.1/24 2001:db8::1/64" */
	const struct active_iface *held;	/* the filter's hooks here, or NULL */
	bool wanted;			/* ebfilt.conf (or the default) takes it */
};

/* The interfaces and their addresses, from getifaddrs(). */
static size_t list_ifaces(struct iface_view *v, size_t max)
{
	struct ifaddrs *all, *a;
	char text[INET6_ADDRSTRLEN];
	size_t n = 0, i, len;

	if (getifaddrs(&all))
		return 0;
	for (a = all; a; a = a->ifa_next) {
		for (i = 0; i < n && strcmp(v[i].name, a->ifa_name); i++)
			;
		if (i == n) {
			if (n == max || strlen(a->ifa_name) >= IF_NAMESIZE)
				continue;
			memset(&v[n], 0, sizeof(v[n]));
			strcpy(v[n].name, a->ifa_name);
			v[n].index = if_nametoindex(a->ifa_name);
			v[n].up = a->ifa_flags & IFF_UP;
			v[n].loopback = a->ifa_flags & IFF_LOOPBACK;
			n++;
		}
		if (!a->ifa_addr || (a->ifa_addr->sa_family != AF_INET &&
				     a->ifa_addr->sa_family != AF_INET6))
			continue;
		inet_ntop(a->ifa_addr->sa_family,
			  a->ifa_addr->sa_family == AF_INET
				  ? (const void *)&((struct sockaddr_in *)a->ifa_addr)->sin_addr
				  : (const void *)&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr,
			  text, sizeof(text));
		len = strlen(v[i].addrs);
		snprintf(v[i].addrs + len, sizeof(v[i].addrs) - len, "%s%s", len ? " " : "", text);
	}
	freeifaddrs(all);
	return n;
}

/* XDP on the interface: "native", "generic", "offload", or "none"; the program's name. */
static const char *xdp_mode(unsigned int ifindex, char *prog, size_t size)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	__u32 id = 0;
	int fd;

	prog[0] = '\0';
	if (bpf_xdp_query((int)ifindex, 0, &q) || q.attach_mode == XDP_ATTACHED_NONE)
		return "none";
	id = q.prog_id ? q.prog_id : q.drv_prog_id ? q.drv_prog_id : q.skb_prog_id;
	fd = id ? bpf_prog_get_fd_by_id(id) : -1;
	memset(&info, 0, sizeof(info));
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
		snprintf(prog, size, "%s (id %u)", info.name, id);
	if (fd >= 0)
		close(fd);
	switch (q.attach_mode) {
	case XDP_ATTACHED_DRV:
		return "native";
	case XDP_ATTACHED_SKB:
		return "generic";
	case XDP_ATTACHED_HW:
		return "offload";
	default:
		return "several";
	}
}

/* Why the filter does not hold an interface. */
static const char *why_off(const struct iface_view *v)
{
	return v->loopback ? "loopback" : !v->up ? "down" :
	       !v->wanted ? "left out by ebfilt.conf" : "not attached";
}

static size_t gather(struct iface_view *v, struct active_iface *held, size_t *nheld)
{
	struct iface_config wanted[CONFIG_MAX_IFACES];
	size_t n = list_ifaces(v, MAX_IFACES), nwanted = 0, i, k;
	struct config conf;

	if (filter_read_ifaces(held, MAX_IFACES, nheld))
		*nheld = 0;
	if (!config_load(&conf) && config_interfaces(&conf, wanted, CONFIG_MAX_IFACES, &nwanted))
		nwanted = 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < *nheld; k++)
			if ((unsigned int)held[k].ifindex == v[i].index)
				v[i].held = &held[k];
		for (k = 0; k < nwanted; k++)
			v[i].wanted |= !strcmp(wanted[k].name, v[i].name);
	}
	return n;
}

int report_ip(struct report *r)
{
	static struct iface_view v[MAX_IFACES];
	static struct active_iface held[MAX_IFACES];
	char name[ESCAPED_MAX], prog[64];
	size_t nheld = 0, n = gather(v, held, &nheld), i;
	const char *mode;

	if (r->j)
		json_open(r->j, "interfaces", '[');
	for (i = 0; i < n; i++) {
		const struct active_iface *h = v[i].held;

		mode = xdp_mode(v[i].index, prog, sizeof(prog));
		escape_text(v[i].name, IF_NAMESIZE, name, sizeof(name));
		if (r->j) {
			json_open(r->j, NULL, '{');
			json_string(r->j, "name", v[i].name);
			json_uint(r->j, "ifindex", v[i].index);
			json_bool(r->j, "up", v[i].up);
			json_string(r->j, "addresses", v[i].addrs);
			json_string(r->j, "xdp", mode);
			json_string(r->j, "xdp_program", prog[0] ? prog : NULL);
			json_string(r->j, "inbound", !h ? NULL : h->inbound_xdp ? "xdp" :
						     h->tcx ? "tcx" : "tc");
			json_string(r->j, "outbound", !h ? NULL : h->tcx ? "tcx" : "tc");
			json_bool(r->j, "filtered", h && !h->problem[0]);
			json_string(r->j, "problem", h && h->problem[0] ? h->problem : NULL);
			json_bool(r->j, "excluded", !v[i].wanted);
			json_close(r->j, '}');
			continue;
		}
		report_heading(r, "System Configured Interface");
		fprintf(r->out, "Interface Name: %s%s (index %u) Address: %s\n", name,
			v[i].up ? "" : "*", v[i].index, v[i].addrs[0] ? v[i].addrs : "none");
		fprintf(r->out, "XDP: %s%s%s\n", mode, prog[0] ? ", " : "", prog);
		if (h)
			fprintf(r->out, "Filter: %s (inbound %s, outbound %s%s)%s%s\n",
				h->problem[0] ? "NOT IN FORCE" : "On",
				h->inbound_xdp ? "xdp" : h->tcx ? "tcx" : "tc clsact",
				h->tcx ? "tcx" : "tc clsact", h->raw_ip ? ", raw IP" : "",
				h->problem[0] ? ": " : "", h->problem);
		else
			fprintf(r->out, "Filter: Off (%s)\n", why_off(&v[i]));
	}
	if (r->j)
		json_close(r->j, ']');
	return 0;
}

int report_bypass(struct report *r)
{
	static struct iface_view v[MAX_IFACES];
	static struct active_iface held[MAX_IFACES];
	struct ebfilt_pkt_exceptions exc;
	size_t nheld = 0, n = gather(v, held, &nheld), i;
	bool counted = !filter_read_exceptions(&exc);

	if (r->j) {
		json_open(r->j, "bypass", '{');
		json_open(r->j, "interfaces", '[');
	} else {
		report_heading(r, "Configured Bypass List");
	}
	for (i = 0; i < n; i++) {
		const char *why = v[i].held ? NULL : why_off(&v[i]);

		if (!why)
			continue;
		if (r->j) {
			json_open(r->j, NULL, '{');
			json_string(r->j, "name", v[i].name);
			json_string(r->j, "why", why);
			json_close(r->j, '}');
		} else {
			fprintf(r->out, "Interface: %s (%s)\n", v[i].name, why);
		}
	}
	if (r->j)
		json_close(r->j, ']');
	/* What passes before the table, by policy, and how much did. */
	if (r->j) {
		json_open(r->j, "by_policy", '{');
		if (counted) {
			json_uint(r->j, "not_ip", exc.not_ip);
			json_uint(r->j, "version_inactive", exc.inactive);
		}
		json_close(r->j, '}');
		json_close(r->j, '}');
		return 0;
	}
	fprintf(r->out, "Not IP (ARP, LLDP, ...): passed unjudged%s", counted ? "" : "\n");
	if (counted)
		fprintf(r->out, ", %llu frames so far\n", (unsigned long long)exc.not_ip);
	fprintf(r->out, "An IP version with no table in force: passed unjudged%s",
		counted ? "" : "\n");
	if (counted)
		fprintf(r->out, ", %llu packets so far\n", (unsigned long long)exc.inactive);
	return 0;
}
