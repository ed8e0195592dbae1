/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmarks of make bench share (tests/bench/): timing an XDP
 * program on one frame with BPF_PROG_TEST_RUN, and the gen_rules tables.
 * Benchmarks only: no test times anything.
 */
#ifndef EBFILT_TEST_BENCH_H
#define EBFILT_TEST_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "oracle.h"
#include "rules/table.h"

/* How a figure is taken: the median of runs runs, each lasting about run_ns. */
struct bench_timing {
	int runs;		/* at most BENCH_MAX_RUNS */
	double run_ns;
};

#define BENCH_MAX_RUNS 16

/*
 * Median ns per run of the XDP program prog_fd on frame, arriving on
 * ifindex. The repetitions per run are calibrated so a run lasts about
 * t->run_ns, whether the frame costs 5 ns or 200 us. -1 on failure.
 */
double bench_time_xdp(int prog_fd, const uint8_t *frame, size_t len, int ifindex,
		      const struct bench_timing *t);

/* Instructions the verifier processed for a loaded program (0: unknown). */
uint32_t bench_verified_insns(int prog_fd);

/*
 * The table of n rules gen_rules makes for family, seed and version (the
 * gen_rules beside the running benchmark, in ../tools). 0, or -1 said.
 */
int bench_generate(struct rule_table *t, const char *family, size_t n, unsigned int seed,
		   uint8_t version);

/* Probes arrive on HARNESS_IFACE_IN through XDP: inbound, local when sent to our address. */
struct test_path bench_probe_path(const struct test_packet *p);
/*
 * Run the probe once through h's XDP program and check that the kernel
 * counted it for rule id, as the oracle said; 0, or -1 said.
 */
int bench_check_probe(struct harness *h, const struct test_packet *p, unsigned long id);

#endif
