// SPDX-License-Identifier: GPL-2.0
#include <ifaddrs.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "logging/ifaces.h"

void iface_cache_read(struct iface_cache *cache)
{
	struct ifaddrs *list = NULL, *ifa;
	struct iface_entry *e;
	size_t i;

	cache->count = 0;
	cache->read_at = time(NULL);
	if (getifaddrs(&list))
		return;
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		int ifindex = (int)if_nametoindex(ifa->ifa_name);

		for (i = 0, e = NULL; i < cache->count; i++)
			if (cache->ifaces[i].ifindex == ifindex)
				e = &cache->ifaces[i];
		if (!e && cache->count < IFACE_CACHE) {
			e = &cache->ifaces[cache->count++];
			memset(e, 0, sizeof(*e));
			e->ifindex = ifindex;
			escape_text(ifa->ifa_name, IF_NAMESIZE, e->name, sizeof(e->name));
		}
		if (!e || !ifa->ifa_addr)
			continue;
		if (ifa->ifa_addr->sa_family == AF_INET && !e->addr4[0])
			getnameinfo(ifa->ifa_addr, sizeof(struct sockaddr_in), e->addr4,
				    sizeof(e->addr4), NULL, 0, NI_NUMERICHOST);
		if (ifa->ifa_addr->sa_family == AF_INET6 && !e->addr6[0])
			getnameinfo(ifa->ifa_addr, sizeof(struct sockaddr_in6), e->addr6,
				    sizeof(e->addr6), NULL, 0, NI_NUMERICHOST);
	}
	freeifaddrs(list);
}

struct log_iface iface_cache_find(struct iface_cache *cache, uint32_t ifindex, uint8_t version)
{
	struct log_iface out = { NULL, NULL };
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < cache->count; i++) {
			if (cache->ifaces[i].ifindex != (int)ifindex)
				continue;
			out.name = cache->ifaces[i].name;
			out.addr = version == 4 ? cache->ifaces[i].addr4 : cache->ifaces[i].addr6;
			if (!*out.addr)
				out.addr = NULL;
			return out;
		}
		if (pass == 0 && time(NULL) != cache->read_at)
			iface_cache_read(cache);	/* a new interface: look again */
	}
	return out;
}
