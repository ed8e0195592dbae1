// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the log store as a hostile file. Each input is the store
 * (superblocks and data); its readers must stop or skip, never read out of
 * bounds or loop, and every record they return must be whole (CRC) and in
 * sequence. When the input holds a valid superblock for a small data area,
 * the writer opens it too (recovery, eviction of whatever is there), adds
 * records, and the reader must find them, consecutive, at the end.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/store.h"
#include "logging/store_impl.h"
#include "util/diag.h"

#include "isolate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *path;
static char old[160];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_isolate();
	diag_init("fuzz_store");
	diag_set_level(DIAG_SILENT);
	path = fuzz_file("fuzz-store", STORE_FILE);
	snprintf(old, sizeof(old), "%s.old", path);
	return 0;
}

/* Every record from the start; the last sequence number read, or -1 for none. */
static int64_t read_all(void)
{
	struct store_reader *r;
	struct log_frame f;
	const void *rec;
	int64_t last = -1;
	int more, n = 0;

	if (store_reader_open(&r, fuzz_dir))
		return -2;
	while ((more = store_reader_next(r, 0, &f, &rec)) > 0) {
		if (last >= 0 && (int64_t)f.seq != last + 1)
			abort();	/* out of sequence */
		if (f.len > FRAME_RECORD_MAX || (const uint8_t *)rec == NULL)
			abort();
		last = (int64_t)f.seq;
		if (++n > 1 << 20)
			abort();	/* a loop */
	}
	store_reader_close(r);
	return last;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_super sb;
	struct log_store *s;
	uint8_t rec[64] = { 1, 2, 3 };
	int64_t before, after;
	FILE *out = fopen(path, "w");
	int fd, i;

	if (!out || fwrite(data, 1, size, out) != size)
		abort();
	fclose(out);
	before = read_all();
	/* The writer, on a store it could have made (a small data area). */
	fd = open(path, O_RDONLY);
	if (fd >= 0 && !store_super_read(fd, &sb) && sb.data_size <= 65536 &&
	    size >= STORE_DATA_OFF + sb.data_size) {
		close(fd);
		if (!store_open(&s, fuzz_dir, sb.data_size)) {
			struct frame_iface iface = { "eth0", NULL };

			for (i = 0; i < 5; i++)
				if (store_append(s, rec, sizeof(rec), &iface))
					break;
			store_close(s);
			after = read_all();
			if (i == 5 && after < 4)
				abort();	/* the five records are not all there */
		}
	} else if (fd >= 0) {
		close(fd);
	}
	(void)before;
	unlink(old);
	return 0;
}
