// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the ebfilt.conf reader. Each input is written as the file
 * (in a directory of its own under /dev/shm) and loaded; whatever it holds, the reader
 * must refuse it or fill a configuration that stays within its bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "util/diag.h"

#include "isolate.h"

static const char *path;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_isolate();
	path = fuzz_file("fuzz-config", "ebfilt.conf");
	setenv("EBFILT_CONFDIR", fuzz_dir, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config conf;
	FILE *out = fopen(path, "w");
	size_t i;

	if (!out || fwrite(data, 1, size, out) != size)
		abort();
	fclose(out);
	diag_set_level(DIAG_SILENT);
	if (config_load(&conf))
		return 0;
	if (conf.count > CONFIG_MAX_IFACES)
		abort();
	for (i = 0; i < conf.count; i++)
		if (strnlen(conf.ifaces[i].name, IF_NAMESIZE) == IF_NAMESIZE)
			abort();
	return 0;
}
