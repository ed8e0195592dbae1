// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "paths.h"

static const char *env_or(const char *name, const char *fallback)
{
	const char *value = getenv(name);

	return value && *value ? value : fallback;
}

const char *ebfilt_confdir(void)
{
	return env_or("EBFILT_CONFDIR", "/etc/ebfilt");
}

const char *ebfilt_rundir(void)
{
	return env_or("EBFILT_RUNDIR", "/run/ebfilt");
}

const char *ebfilt_pindir(void)
{
	return env_or("EBFILT_PINDIR", "/sys/fs/bpf/ebfilt");
}

int confdir_path(char *buf, size_t size, const char *name)
{
	int len = snprintf(buf, size, "%s/%s", ebfilt_confdir(), name);

	return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
}
