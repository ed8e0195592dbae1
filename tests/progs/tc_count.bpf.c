// SPDX-License-Identifier: GPL-2.0
/*
 * Tests only: a tc program placed after the filter on the same hook. The
 * filter's "no objection" lets a packet reach it, a drop does not, so the
 * count tells the test the filter's verdict on a packet it could not hand
 * to BPF_PROG_TEST_RUN (one written into a tun device). It drops what it
 * counts, so no test packet goes on into the stack.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 passed;

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&passed, 1);
	return 2;	/* TC_ACT_SHOT */
}

char LICENSE[] SEC("license") = "GPL";
