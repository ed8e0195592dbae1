// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_flood PINNED-PROGRAM SECONDS: run a UDP frame (192.0.2.2:1000 ->
 * 192.0.2.1:53) through a pinned XDP program with BPF_PROG_TEST_RUN,
 * batches of 10,000, for SECONDS (at most 60). Prints how many runs and
 * the rate. A benchmark load that never leaves the machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <bpf/bpf.h>

static const unsigned char frame[] = {
	2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00,		/* Ethernet */
	0x45, 0, 0, 36, 0, 0, 0, 0, 64, 17, 0, 0,		/* IPv4, 36 bytes, UDP */
	192, 0, 2, 2, 192, 0, 2, 1,
	0x03, 0xe8, 0, 53, 0, 16, 0, 0,				/* UDP 1000 -> 53 */
	'q', 'u', 'e', 'r', 'y', 0, 0, 0,
};

int main(int argc, char **argv)
{
	struct timespec start, now;
	unsigned long long runs = 0;
	double seconds, elapsed = 0;
	int fd;

	if (argc != 3 || (seconds = atof(argv[2])) <= 0 || seconds > 60) {
		fprintf(stderr, "usage: xdp_flood PINNED-PROGRAM SECONDS (1-60)\n");
		return 2;
	}
	fd = bpf_obj_get(argv[1]);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (elapsed < seconds) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame),
			    .repeat = 10000);

		if (bpf_prog_test_run_opts(fd, &opts))
			return 1;
		runs += 10000;
		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed = (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
	}
	printf("%llu %.0f\n", runs, runs / elapsed);
	return 0;
}
