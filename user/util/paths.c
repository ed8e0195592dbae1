// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/diag.h"
#include "util/paths.h"

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

const char *ebfilt_logdir(void)
{
	return env_or("EBFILT_LOGDIR", "/var/log/ebfilt");
}

int path_build(char buf[PATH_MAX], const char *dir, const char *fmt, ...)
{
	va_list ap;
	int len, more;

	len = snprintf(buf, PATH_MAX, "%s/", dir);
	if (len < 0 || len >= PATH_MAX)
		goto too_long;
	va_start(ap, fmt);
	more = vsnprintf(buf + len, PATH_MAX - (size_t)len, fmt, ap);
	va_end(ap);
	if (more >= 0 && len + more < PATH_MAX)
		return 0;
too_long:
	pr_err("%.64s...: path longer than %d bytes", dir, PATH_MAX - 1);
	return -ENAMETOOLONG;
}
