// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "log.h"

static const char *progname = "ebfilt";
static enum log_level max_level = LOG_LEVEL_INFO;

void log_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	const char *debug = getenv("EBFILT_DEBUG");

	if (argv0)
		progname = slash ? slash + 1 : argv0;
	if (debug && *debug && strcmp(debug, "0"))
		max_level = LOG_LEVEL_DEBUG;
}

const char *log_progname(void)
{
	return progname;
}

void log_set_level(enum log_level level)
{
	max_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > max_level)
		return;
	fprintf(stderr, "%s: %s", progname, level == LOG_LEVEL_WARN ? "warning: " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * libbpf warns about conditions the commands expect and handle (a link not
 * pinned yet, a clsact qdisc already there), so its output is debug output;
 * the commands report real failures themselves.
 */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	if (max_level < LOG_LEVEL_DEBUG)
		return 0;
	fprintf(stderr, "%s: libbpf: ", progname);
	return vfprintf(stderr, fmt, ap);
}

void log_route_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}
