// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "datapath/counters.h"
#include "datapath/pins.h"
#include "util/percpu.h"


static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

int filter_read_active(uint8_t version, struct active_rule **rules, size_t *count)
{
	enum map_group group = table_group(version);
	int table_fd = pins_open_map(group, group_map_stem(group, TMAP_table));
	int rules_fd = pins_open_map(group, group_map_stem(group, TMAP_rules));
	int counts_fd = pins_open_map(group, group_map_stem(group, TMAP_rule_counts));
	struct ebfilt_rule_count sum;
	struct ebfilt_table tbl;
	uint32_t zero = 0, id;
	int err = 0;

	*rules = NULL;
	*count = 0;
	if (table_fd < 0 || rules_fd < 0 || counts_fd < 0 ||
	    bpf_map_lookup_elem(table_fd, &zero, &tbl)) {
		err = -ENOENT;
		goto cleanup;
	}
	*rules = calloc(tbl.nrules + 1, sizeof(**rules));
	if (!*rules) {
		err = -ENOMEM;
		goto cleanup;
	}
	for (id = 0; id <= tbl.nrules; id++) {
		if (bpf_map_lookup_elem(rules_fd, &id, &(*rules)[id].rule)) {
			err = -errno;
			break;
		}
		if (!percpu_sum_struct(counts_fd, id, &sum)) {
			(*rules)[id].packets = sum.packets;
			(*rules)[id].bytes = sum.bytes;
		}
	}
	*count = tbl.nrules + 1;
cleanup:
	close_fd(table_fd);
	close_fd(rules_fd);
	close_fd(counts_fd);
	return err;
}

int filter_read_exceptions(struct ebfilt_pkt_exceptions *out)
{
	int fd = pins_open_map(MAPS_DATAPATH, group_map_stem(MAPS_DATAPATH, 0)), err;

	if (fd < 0)
		return fd;
	err = percpu_sum_struct(fd, 0, out);
	close(fd);
	return err;
}
