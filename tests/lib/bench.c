// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "rules/file.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int test_run(int prog_fd, const uint8_t *frame, size_t len, int ifindex,
		    uint32_t repeat, double *ns)
{
	struct xdp_md ctx = { .data_end = (__u32)len, .ingress_ifindex = (__u32)ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (__u32)len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat);

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	*ns = opts.duration;
	return 0;
}

double bench_time_xdp(int prog_fd, const uint8_t *frame, size_t len, int ifindex,
		      const struct bench_timing *t)
{
	int i, runs = t->runs < 1 ? 1 : t->runs > BENCH_MAX_RUNS ? BENCH_MAX_RUNS : t->runs;
	double ns[BENCH_MAX_RUNS], probe;
	uint32_t repeat;

	if (!len || test_run(prog_fd, frame, len, ifindex, 1000, &probe))
		return -1;
	repeat = probe < 1 ? 10000000 : (uint32_t)(t->run_ns / probe);
	repeat = repeat < 50 ? 50 : repeat > 10000000 ? 10000000 : repeat;
	for (i = 0; i < runs; i++)
		if (test_run(prog_fd, frame, len, ifindex, repeat, &ns[i]))
			return -1;
	qsort(ns, (size_t)runs, sizeof(ns[0]), cmp_double);
	return ns[runs / 2];
}

uint32_t bench_verified_insns(int prog_fd)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(prog_fd, &info, &len) ? 0 : info.verified_insns;
}

/* The directory of gen_rules: ../tools from the running binary's. */
static int tools_dir(char *dir, size_t size)
{
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return -1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return snprintf(dir, size, "%s/../tools", self) >= (int)size ? -1 : 0;
}

int bench_generate(struct rule_table *t, const char *family, size_t n, unsigned int seed,
		   uint8_t version)
{
	char dir[PATH_MAX], cmd[PATH_MAX + 64];
	FILE *in;
	int err;

	rule_table_init(t, version);
	if (tools_dir(dir, sizeof(dir)))
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/gen_rules %s %zu %u %u", dir, family, n, seed, version);
	in = popen(cmd, "r");
	if (!in)
		return -1;
	err = rule_file_read(in, family, version, false, rule_table_append, t);
	if (pclose(in) || err) {
		fprintf(stderr, "%s failed\n", cmd);
		rule_table_free(t);
		return -1;
	}
	return 0;
}

struct test_path bench_probe_path(const struct test_packet *p)
{
	static const uint8_t v4_local[4] = { 192, 0, 2, 1 };
	static const uint8_t v6_local[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	bool local = p->version == 4 ? !memcmp(p->daddr, v4_local, 4)
				     : !memcmp(p->daddr, v6_local, 16);

	return (struct test_path){ .inbound = true, .local = local, .iface = HARNESS_IFACE_IN };
}

int bench_check_probe(struct harness *h, const struct test_packet *p, unsigned long id)
{
	uint64_t before = harness_rule_packets(h, p->version, id);

	if (harness_run_packet(h, HOOK_XDP_IN, p) < 0 ||
	    harness_rule_packets(h, p->version, id) != before + 1) {
		fprintf(stderr, "the kernel did not match rule %lu like the oracle\n", id);
		return -1;
	}
	return 0;
}
