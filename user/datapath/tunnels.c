// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "datapath/tunnels.h"

/* The attribute of type in [rta, rta + len), or NULL. */
static const struct rtattr *attr_find(const struct rtattr *rta, size_t len, unsigned short type)
{
	int left = (int)len;

	for (; RTA_OK(rta, left); rta = RTA_NEXT(rta, left))
		if ((rta->rta_type & NLA_TYPE_MASK) == type)
			return rta;
	return NULL;
}

int tunnel_xfrm_link(const struct nlmsghdr *nh, size_t len, char name[IF_NAMESIZE],
		     unsigned int *if_id)
{
	const struct rtattr *attrs, *ifname, *info, *kind, *data, *id;
	size_t alen;

	if (len < NLMSG_LENGTH(sizeof(struct ifinfomsg)) || nh->nlmsg_len > len ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return -EINVAL;
	attrs = IFLA_RTA(NLMSG_DATA(nh));
	alen = nh->nlmsg_len - NLMSG_LENGTH(sizeof(struct ifinfomsg));
	info = attr_find(attrs, alen, IFLA_LINKINFO);
	if (!info)
		return 0;
	kind = attr_find(RTA_DATA(info), RTA_PAYLOAD(info), IFLA_INFO_KIND);
	if (!kind || RTA_PAYLOAD(kind) < 5 || strncmp(RTA_DATA(kind), "xfrm", 5))
		return 0;
	data = attr_find(RTA_DATA(info), RTA_PAYLOAD(info), IFLA_INFO_DATA);
	id = data ? attr_find(RTA_DATA(data), RTA_PAYLOAD(data), IFLA_XFRM_IF_ID) : NULL;
	ifname = attr_find(attrs, alen, IFLA_IFNAME);
	if (!id || RTA_PAYLOAD(id) < sizeof(__u32) || !ifname || !RTA_PAYLOAD(ifname) ||
	    RTA_PAYLOAD(ifname) > IF_NAMESIZE || ((char *)RTA_DATA(ifname))[RTA_PAYLOAD(ifname) - 1])
		return -EINVAL;
	memcpy(name, RTA_DATA(ifname), RTA_PAYLOAD(ifname));
	memcpy(if_id, RTA_DATA(id), sizeof(*if_id));
	return 1;
}

const struct tunnel_binding *tunnel_find(const struct tunnel_map *map, unsigned int id)
{
	size_t i;

	for (i = 0; i < map->count; i++)
		if (map->tunnels[i].id == id)
			return &map->tunnels[i];
	return NULL;
}

int tunnel_map_add_xfrm(struct tunnel_map *map, const char *name, unsigned int if_id)
{
	struct tunnel_binding *t;
	size_t i;

	if (!if_id || if_id > TUNNEL_ID_MAX || tunnel_find(map, if_id))
		return 0;	/* if_id 0 is no tunnel ID; a bound ID keeps its binding */
	for (i = 0; i < map->count; i++)
		if (!strcmp(map->tunnels[i].name, name))
			return 0;
	if (map->count == TUNNELS_MAX)
		return -E2BIG;
	t = &map->tunnels[map->count++];
	t->id = if_id;
	strcpy(t->name, name);
	t->xfrm = true;
	return 0;
}

/* Every link the kernel has, through xfrm_link; 0 or -errno. */
static int dump_xfrm_links(struct tunnel_map *map)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = { .nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			  .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 } };
	static char buf[32768];
	char name[IF_NAMESIZE];
	unsigned int if_id;
	struct nlmsghdr *nh;
	int fd, err = 0;
	ssize_t n;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (send(fd, &req, sizeof(req), 0) < 0)
		err = -errno;
	while (!err) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			err = -errno;
			break;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE)
				goto done;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				err = -EIO;
				break;
			}
			if (nh->nlmsg_type == RTM_NEWLINK &&
			    tunnel_xfrm_link(nh, nh->nlmsg_len, name, &if_id) == 1)
				err = tunnel_map_add_xfrm(map, name, if_id);
			if (err)
				break;
		}
		if (n == 0)
			break;
	}
done:
	close(fd);
	return err;
}

int tunnels_resolve(const struct config *conf, struct tunnel_map *map)
{
	size_t i;

	memset(map, 0, sizeof(*map));
	for (i = 0; i < conf->ntunnels; i++) {
		map->tunnels[i].id = conf->tunnels[i].id;
		strcpy(map->tunnels[i].name, conf->tunnels[i].name);
	}
	map->count = conf->ntunnels;
	return dump_xfrm_links(map);
}
