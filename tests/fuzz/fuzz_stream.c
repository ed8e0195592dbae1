// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: ipsec_log dump's input, a stream of records, as hostile
 * bytes. The reader must accept it record by record or stop at a damaged
 * one; every record it returns goes through a filter and every output
 * format, to /dev/null.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "logging/dump.h"
#include "logging/logstream.h"
#include "logging/query.h"
#include "util/diag.h"

#include "isolate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *path;
static struct log_query *query;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct query_error qe;

	(void)argc;
	(void)argv;
	fuzz_isolate();
	diag_init("fuzz_stream");
	diag_set_level(DIAG_SILENT);
	path = fuzz_file("fuzz-stream", "stream");
	sink = fopen("/dev/null", "w");
	if (!sink || query_parse("tcp or (host 192.0.2.1 and not port 53) or logiface e", NULL,
				 &query, &qe))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct log_stream_reader r;
	struct dump_options hex = { .hex = true };
	struct dump_out *d[5] = { NULL };
	FILE *out = fopen(path, "w");
	int f, more;

	if (!out || fwrite(data, 1, size, out) != size)
		abort();
	fclose(out);
	if (log_stream_open(&r, path))
		return 0;
	for (f = 0; f < 5; f++)
		if (dump_open(&d[f], (enum dump_format)f, sink, f <= DUMP_IPMON ? &hex : NULL))
			abort();
	while ((more = log_stream_next(&r)) > 0) {
		query_match(query, &r.view);
		for (f = 0; f < 5; f++)
			dump_record(d[f], &r.view);
	}
	for (f = 0; f < 5; f++)
		dump_close(d[f]);
	log_stream_close(&r);
	return 0;
}
