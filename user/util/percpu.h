/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading per-CPU counters. Values of BPF_MAP_TYPE_PERCPU_ARRAY maps come
 * back as one copy per possible CPU; ebfilt's are structs of __u64
 * counters, which are summed field by field.
 */
#ifndef EBFILT_UTIL_PERCPU_H
#define EBFILT_UTIL_PERCPU_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sum the nfields __u64 counters of key over every CPU into sums[].
 * Returns 0, or a negative errno (sums then hold zeros).
 */
int percpu_sum(int map_fd, uint32_t key, uint64_t *sums, size_t nfields);

/* Sum into *obj, a struct made of __u64 counters only. */
#define percpu_sum_struct(map_fd, key, obj)					\
	percpu_sum(map_fd, key, (uint64_t *)(obj), sizeof(*(obj)) / sizeof(uint64_t))

#endif
