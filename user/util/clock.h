/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The clock the BPF programs read (bpf_ktime_get_boot_ns): CLOCK_BOOTTIME,
 * which keeps counting through suspend. Activation times, expirations,
 * shun and IF timers and log records are all stamped with it.
 */
#ifndef EBFILT_UTIL_CLOCK_H
#define EBFILT_UTIL_CLOCK_H

#include <stdint.h>
#include <time.h>

#define NSEC_PER_SEC 1000000000ULL

/* Now, in ns since boot. */
static inline uint64_t clock_boot_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return (uint64_t)t.tv_sec * NSEC_PER_SEC + (uint64_t)t.tv_nsec;
}

#endif
