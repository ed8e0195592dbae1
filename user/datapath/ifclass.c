// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "datapath/counters.h"
#include "datapath/ifclass.h"
#include "datapath/pins.h"
#include "ebfilt/abi.h"

int ifclass_sync(int names_fd, int class_fd, uint32_t *missing)
{
	struct ebfilt_iface_name names[EBFILT_MAX_IFACES];
	char name[IF_NAMESIZE];
	uint32_t class, key, next, value, *prev = NULL;
	unsigned int ifindex;
	int err = 0;

	if (missing)
		*missing = 0;
	for (class = 1; class < EBFILT_MAX_IFACES; class++)
		if (bpf_map_lookup_elem(names_fd, &class, &names[class]))
			return -errno;
	/* Indexes whose interface is gone, or is now called otherwise. */
	while (!bpf_map_get_next_key(class_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(class_fd, &key, &value))
			continue;
		class = value & 0xff;
		if (class && class < EBFILT_MAX_IFACES && if_indextoname(key, name) &&
		    !strncmp(name, names[class].name, sizeof(names[class].name)) &&
		    value == names[class].value)
			continue;
		if (bpf_map_delete_elem(class_fd, &key) && errno != ENOENT)
			return -errno;
		prev = NULL;	/* the walk starts again without it */
	}
	for (class = 1; class < EBFILT_MAX_IFACES && !err; class++) {
		if (!names[class].name[0])
			continue;
		memcpy(name, names[class].name, sizeof(name));
		name[IF_NAMESIZE - 1] = '\0';
		ifindex = if_nametoindex(name);
		if (!ifindex) {
			if (missing)
				*missing |= 1u << class;
			continue;
		}
		if (bpf_map_update_elem(class_fd, &ifindex, &names[class].value, BPF_ANY))
			err = -errno;
	}
	return err;
}

int ifclass_sync_active(uint8_t version)
{
	static const size_t which[] = { TMAP_iface_names, TMAP_iface_class };
	int fds[2], err = filter_open_table_maps(version, which, fds, 2);

	if (!err)
		err = ifclass_sync(fds[0], fds[1], NULL);
	filter_close_maps(fds, 2);
	return err;
}
