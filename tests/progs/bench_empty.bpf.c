// SPDX-License-Identifier: GPL-2.0
/* The floor for make bench: an XDP program that does nothing but pass. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int bench_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
