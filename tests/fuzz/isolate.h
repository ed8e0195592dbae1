/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzers parse addresses, and an address may be a host name: left
 * alone, each odd input would become a DNS query on the host's network,
 * slow and not ours to make. Run as root, a fuzzer moves into a network
 * namespace of its own, with no interface up, where a lookup fails at
 * once (/etc/hosts still answers). Not root: lookups stay, and are slow.
 */
#ifndef EBFILT_FUZZ_ISOLATE_H
#define EBFILT_FUZZ_ISOLATE_H

#include <sched.h>
#include <stdbool.h>

/* Called at the top of each input: only the first call does anything. */
static inline void fuzz_isolate(void)
{
	static bool done;

	if (!done)
		unshare(CLONE_NEWNET);	/* fails unless root: then lookups stay */
	done = true;
}

#endif
