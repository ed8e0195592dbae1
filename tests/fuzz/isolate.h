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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Called at the top of each input: only the first call does anything. */
static inline void fuzz_isolate(void)
{
	static bool done;

	if (!done)
		unshare(CLONE_NEWNET);	/* fails unless root: then lookups stay */
	done = true;
}

/*
 * Where each input is written as a file: name in a directory of its own
 * under /dev/shm (memory, not disk), both removed at exit. Returns the
 * file's path; the directory is in fuzz_dir.
 */
static char fuzz_dir[64], fuzz_path[128];

static inline void fuzz_clean_up(void)
{
	unlink(fuzz_path);
	rmdir(fuzz_dir);
}

static inline const char *fuzz_file(const char *target, const char *name)
{
	snprintf(fuzz_dir, sizeof(fuzz_dir), "/dev/shm/ebfilt-%s-XXXXXX", target);
	if (!mkdtemp(fuzz_dir))
		abort();
	snprintf(fuzz_path, sizeof(fuzz_path), "%s/%s", fuzz_dir, name);
	atexit(fuzz_clean_up);
	return fuzz_path;
}

#endif
