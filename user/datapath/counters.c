// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "datapath/attachments.h"
#include "datapath/counters.h"
#include "datapath/dispatch.h"
#include "datapath/pins.h"
#include "util/percpu.h"

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* The first failure among descriptors, as an errno. */
static int open_error(int a, int b, int c)
{
	return a < 0 ? a : b < 0 ? b : c < 0 ? c : 0;
}

int filter_read_active(uint8_t version, struct active_rule **rules, size_t *count)
{
	enum map_group group = table_group(version);
	struct ebfilt_rule_count sum;
	struct ebfilt_table tbl;
	int table_fd, rules_fd, counts_fd, err;
	enum ebfilt_slot slot;
	uint32_t zero = 0, id;

	*rules = NULL;
	*count = 0;
	err = dispatch_read_active(&slot);
	if (err)
		return err;
	if (slot == EBFILT_SLOT_NONE)
		return -ENOENT;
	table_fd = pins_open_map(group, slot, group_map_stem(group, TMAP_table));
	rules_fd = pins_open_map(group, slot, group_map_stem(group, TMAP_rules));
	counts_fd = pins_open_map(group, slot, group_map_stem(group, TMAP_rule_counts));
	err = open_error(table_fd, rules_fd, counts_fd);
	if (!err && bpf_map_lookup_elem(table_fd, &zero, &tbl))
		err = -errno;
	if (!err && !tbl.active)
		err = -ENOENT;
	if (!err && !(*rules = calloc(tbl.nrules + 1, sizeof(**rules))))
		err = -ENOMEM;
	for (id = 0; !err && id <= tbl.nrules; id++) {
		if (bpf_map_lookup_elem(rules_fd, &id, &(*rules)[id].rule)) {
			err = -errno;
			break;
		}
		if (!percpu_sum_struct(counts_fd, id, &sum)) {
			(*rules)[id].packets = sum.packets;
			(*rules)[id].bytes = sum.bytes;
		}
	}
	if (!err)
		*count = tbl.nrules + 1;
	close_fd(table_fd);
	close_fd(rules_fd);
	close_fd(counts_fd);
	return err;
}

int filter_read_exceptions(struct ebfilt_pkt_exceptions *out)
{
	int fd = pins_open_map(MAPS_SHARED, 0, group_map_stem(MAPS_SHARED, 0)), err;

	if (fd < 0)
		return fd;
	err = percpu_sum_struct(fd, 0, out);
	close(fd);
	return err;
}

int filter_read_ifaces(struct active_iface *out, size_t max, size_t *count)
{
	struct attachments st;
	struct dispatcher d;
	size_t i;
	int err;

	*count = 0;
	err = dispatch_open(&d, false);
	if (err)
		return err;
	attachments_read(&st);
	for (i = 0; i < st.count && *count < max; i++) {
		struct active_iface *o = &out[(*count)++];

		o->ifindex = st.a[i].ifindex;
		if (!if_indextoname((unsigned int)o->ifindex, o->name))
			snprintf(o->name, sizeof(o->name), "%s", st.a[i].name);
		o->inbound_xdp = st.a[i].inbound == INBOUND_XDP;
		o->tcx = st.a[i].tc == TC_MODE_TCX;
		o->problem[0] = '\0';
		attachment_check(&d, &st.a[i], o->problem, sizeof(o->problem));
	}
	dispatch_close(&d);
	return 0;
}
