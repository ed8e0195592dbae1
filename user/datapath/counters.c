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

int filter_open_table_maps(uint8_t version, const size_t *which, int *fds, size_t n)
{
	enum map_group group = table_group(version);
	enum ebfilt_slot slot;
	int err = dispatch_read_active(&slot);
	size_t i;

	for (i = 0; i < n; i++)
		fds[i] = -1;
	if (!err && slot == EBFILT_SLOT_NONE)
		err = -ENOENT;
	for (i = 0; i < n && !err; i++) {
		fds[i] = pins_open_map(group, slot, group_map_stem(group, which[i]));
		if (fds[i] < 0)
			err = fds[i];
	}
	if (err)
		filter_close_maps(fds, n);
	return err;
}

void filter_close_maps(int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

int filter_read_active(uint8_t version, struct active_rule **rules, size_t *count)
{
	static const size_t which[] = { TMAP_table, TMAP_rules, TMAP_rule_counts };
	struct ebfilt_rule_count sum;
	struct ebfilt_table tbl;
	uint32_t zero = 0, id;
	int fds[3], err;

	*rules = NULL;
	*count = 0;
	err = filter_open_table_maps(version, which, fds, 3);
	if (!err && bpf_map_lookup_elem(fds[0], &zero, &tbl))
		err = -errno;
	if (!err && !tbl.active)
		err = -ENOENT;
	if (!err && !(*rules = calloc(tbl.nrules + 1, sizeof(**rules))))
		err = -ENOMEM;
	for (id = 0; !err && id <= tbl.nrules; id++) {
		if (bpf_map_lookup_elem(fds[1], &id, &(*rules)[id].rule)) {
			err = -errno;
			break;
		}
		if (!percpu_sum_struct(fds[2], id, &sum)) {
			(*rules)[id].packets = sum.packets;
			(*rules)[id].bytes = sum.bytes;
		}
	}
	if (!err)
		*count = tbl.nrules + 1;
	filter_close_maps(fds, 3);
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
	enum ebfilt_slot slot;
	size_t i;
	int err;

	*count = 0;
	err = dispatch_open(&d, false);
	if (!err)
		err = dispatch_read_active(&slot);
	if (err) {
		dispatch_close(&d);
		return err;
	}
	attachments_read(&st);
	for (i = 0; i < st.count && *count < max; i++) {
		struct active_iface *o = &out[(*count)++];

		o->ifindex = st.a[i].ifindex;
		if (!if_indextoname((unsigned int)o->ifindex, o->name))
			snprintf(o->name, sizeof(o->name), "%s", st.a[i].name);
		o->inbound_xdp = st.a[i].inbound == INBOUND_XDP;
		o->tcx = st.a[i].tc == TC_MODE_TCX;
		o->raw_ip = st.a[i].raw_ip;
		o->problem[0] = '\0';
		if (!attachment_check(&d, &st.a[i], o->problem, sizeof(o->problem)) &&
		    o->raw_ip && !dispatch_has_raw_ip(&d, slot))
			snprintf(o->problem, sizeof(o->problem), "the filter in force has no program "
				 "for frames without an Ethernet header: they are dropped");
	}
	dispatch_close(&d);
	return 0;
}
