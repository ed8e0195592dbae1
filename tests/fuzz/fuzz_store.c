// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the log store as a hostile file. Each input is the store
 * (superblocks and data); its readers must stop or skip, never read out of
 * bounds or loop, and every record they return must be whole (CRC), in
 * rising sequence, with every record skipped over damage counted. When the input holds a valid superblock for a small data area,
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

static const uint8_t ours[64] = { 1, 2, 3 };

/*
 * Every record from the start, in rising sequence; those from mine on
 * must be ours. The last sequence number read, or -1 for none.
 */
static int64_t read_all(uint64_t mine, uint64_t *count_mine)
{
	struct store_reader *r;
	struct log_frame f;
	const void *rec;
	int64_t last = -1;
	uint64_t gaps = 0;
	int more, n = 0;

	*count_mine = 0;
	if (store_reader_open(&r, fuzz_dir))
		return -2;
	while ((more = store_reader_next(r, 0, &f, &rec)) > 0) {
		if (last >= 0 && (int64_t)f.seq <= last)
			abort();	/* out of sequence */
		if (last >= 0)
			gaps += f.seq - (uint64_t)last - 1;
		if (f.seq >= mine) {
			if (f.len != sizeof(ours) || memcmp(rec, ours, sizeof(ours)))
				abort();	/* not what was appended */
			(*count_mine)++;
		}
		last = (int64_t)f.seq;
		if (++n > 1 << 20)
			abort();	/* a loop */
	}
	/* Records skipped over damage are counted, every one. */
	if (gaps > store_reader_skipped(r))
		abort();
	store_reader_close(r);
	return last;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_super sb;
	struct log_store *s;
	uint64_t mine, count;
	int64_t last;
	FILE *out = fopen(path, "w");
	int fd, i;

	if (!out || fwrite(data, 1, size, out) != size)
		abort();
	fclose(out);
	read_all(UINT64_MAX, &count);
	/* The writer, on a store it could have made (a small data area). */
	fd = open(path, O_RDONLY);
	if (fd >= 0 && !store_super_read(fd, &sb) && sb.data_size <= 65536 &&
	    size >= STORE_DATA_OFF + sb.data_size) {
		close(fd);
		if (!store_open(&s, fuzz_dir, sb.data_size)) {
			struct frame_iface iface = { "eth0", NULL };

			/* Where the writer goes on: opening wrote it down. */
			fd = open(path, O_RDONLY);
			if (fd < 0 || store_super_read(fd, &sb))
				abort();
			close(fd);
			mine = sb.next_seq;
			for (i = 0; i < 5; i++)
				if (store_append(s, ours, sizeof(ours), &iface))
					break;
			store_close(s);
			last = read_all(mine, &count);
			if (i == 5 && (last != (int64_t)mine + 4 || count != 5))
				abort();	/* the five records are not all there, in order */
		}
	} else if (fd >= 0) {
		close(fd);
	}
	unlink(old);
	return 0;
}
