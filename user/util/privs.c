// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "util/diag.h"
#include "util/privs.h"

/* The highest capability this kernel knows. */
static int last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = CAP_LAST_CAP;

	if (f) {
		if (fscanf(f, "%d", &last) != 1 || last < 0 || last > 63)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	return last;
}

static int fail(const char *what)
{
	int err = -errno;

	pr_err("cannot %s: %s", what, strerror(errno));
	return err;
}

int privs_keep_only(uint64_t keep)
{
	struct __user_cap_header_struct head = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	uint64_t permitted;
	int cap, last = last_cap(), in;

	/*
	 * The bounding set first: dropping from it takes CAP_SETPCAP, which
	 * goes last. Without it (a service manager left it out, as the
	 * units do) what stays in the bounding set is still gone from the
	 * permitted set below, for good: no_new_privs, and the daemons exec
	 * nothing.
	 */
	for (cap = 0; cap <= last; cap++) {
		if (keep & PRIV_CAP(cap))
			continue;
		in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (in > 0 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EPERM)
			return fail("drop capabilities from the bounding set");
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL)
		return fail("clear the ambient capabilities");
	if (syscall(SYS_capget, &head, data))
		return fail("read the capabilities");
	permitted = ((uint64_t)data[1].permitted << 32 | data[0].permitted) & keep;
	memset(data, 0, sizeof(data));
	data[0].permitted = data[0].effective = (uint32_t)permitted;
	data[1].permitted = data[1].effective = (uint32_t)(permitted >> 32);
	if (syscall(SYS_capset, &head, data))
		return fail("give up capabilities");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return fail("set no_new_privs");
	return 0;
}
