// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "util/diag.h"
#include "util/escape.h"

static const char *progname = "ebfilt";
static enum diag_level max_level = DIAG_WARN;
static diag_sink_fn sink;
static void *sink_ctx;

void diag_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	const char *debug = getenv("EBFILT_DEBUG");

	if (argv0)
		progname = slash ? slash + 1 : argv0;
	if (debug && *debug && strcmp(debug, "0"))
		max_level = DIAG_DEBUG;
}

const char *diag_progname(void)
{
	return progname;
}

void diag_set_level(enum diag_level level)
{
	max_level = level;
}

enum diag_level diag_get_level(void)
{
	return max_level;
}

/* A message is one line, whatever the values it quotes hold. */
void diag_msg(enum diag_level level, const char *fmt, ...)
{
	char text[1024], line[sizeof(text) * 4];
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	escape_text(text, sizeof(text), line, sizeof(line));
	if (sink)
		sink(sink_ctx, level, line);
	else
		fprintf(stderr, "%s: %s%s\n", progname, level == DIAG_WARN ? "warning: " : "", line);
}

void diag_set_sink(diag_sink_fn fn, void *ctx)
{
	sink = fn;
	sink_ctx = ctx;
}

__attribute__((format(printf, 2, 0)))
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	if (max_level < DIAG_DEBUG)
		return 0;
	fprintf(stderr, "%s: libbpf: ", progname);
	return vfprintf(stderr, fmt, ap);
}

void diag_route_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}
