/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface names and addresses by index, for the log lines: read once,
 * and again (at most once a second) when a record names an interface the
 * cache does not know.
 */
#ifndef EBFILT_LOGGING_IFACES_H
#define EBFILT_LOGGING_IFACES_H

#include <arpa/inet.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "logging/format.h"
#include "util/escape.h"

#define IFACE_CACHE 64

struct iface_entry {
	int ifindex;
	char name[IF_NAMESIZE * 4 + 4];	/* escaped (util/escape.h): it goes into log lines */
	char addr4[INET_ADDRSTRLEN], addr6[INET6_ADDRSTRLEN];
};

struct iface_cache {
	struct iface_entry ifaces[IFACE_CACHE];
	size_t count;
	time_t read_at;
};

void iface_cache_read(struct iface_cache *cache);

/* The interface's name and its address of that IP version (NULL where unknown). */
struct log_iface iface_cache_find(struct iface_cache *cache, uint32_t ifindex, uint8_t version);

#endif
