// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "util/percpu.h"

int percpu_sum(int map_fd, uint32_t key, uint64_t *sums, size_t nfields)
{
	int ncpu = libbpf_num_possible_cpus(), cpu, err = 0;
	uint64_t *values;
	size_t f;

	memset(sums, 0, nfields * sizeof(*sums));
	if (ncpu < 0)
		return ncpu;
	values = calloc((size_t)ncpu, nfields * sizeof(*values));
	if (!values)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, &key, values))
		err = -errno;
	for (cpu = 0; !err && cpu < ncpu; cpu++)
		for (f = 0; f < nfields; f++)
			sums[f] += values[(size_t)cpu * nfields + f];
	free(values);
	return err;
}
