// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher: the programs that stay attached to the hooks while the
 * filter is active. Each sends its packet on, with a tail call, to the
 * filter of the generation in force (active_slot). An activation loads the
 * new filter into the other slot and switches with one update of
 * active_slot, so every hook on every interface moves to the new table at
 * once, and a failed or killed activation leaves the old one in force
 * everywhere. A slot without a program drops the packet and counts it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "ebfilt/abi.h"
#include "ebfilt/maps.h"

#include "entry.bpf.h"

#define TC_ACT_UNSPEC	(-1)	/* no objection: the other programs and filters go on */
#define TC_ACT_SHOT	2

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_active);
} active_slot SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, EBFILT_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} xdp_progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, EBFILT_SLOTS * EBFILT_TC_PROGS);
	__type(key, __u32);
	__type(value, __u32);
} tc_progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebfilt_pkt_exceptions);
} pkt_exceptions SEC(".maps");

/* The slot in force, EBFILT_SLOT_NONE when nothing is. */
static __always_inline __u32 slot_in_force(void)
{
	struct ebfilt_active *active;
	__u32 zero = 0;

	active = bpf_map_lookup_elem(&active_slot, &zero);
	return active && active->slot < EBFILT_SLOTS ? active->slot : EBFILT_SLOT_NONE;
}

/* Reached only when the slot in force has no program: fail closed. */
static __always_inline void count_no_program(void)
{
	struct ebfilt_pkt_exceptions *exc;
	__u32 zero = 0;

	exc = bpf_map_lookup_elem(&pkt_exceptions, &zero);
	if (exc)
		exc->no_program++;
}

SEC("xdp")
int ebfilt_xdp_in(struct xdp_md *ctx)
{
	__u32 slot = slot_in_force();

	if (slot == EBFILT_SLOT_NONE)
		return XDP_PASS;
	bpf_tail_call(ctx, &xdp_progs, slot);
	count_no_program();
	return XDP_DROP;
}

/*
 * A slot without raw-IP programs (the activation saw no interface that
 * needs them) leaves such an interface's packets to count_no_program().
 */
static __always_inline int tc_dispatch(struct __sk_buff *skb, __u32 inbound, bool raw_ip)
{
	__u32 slot = slot_in_force();

	if (slot == EBFILT_SLOT_NONE)
		return TC_ACT_UNSPEC;
	bpf_tail_call(skb, &tc_progs, ebfilt_tc_prog_index(slot, inbound, raw_ip));
	count_no_program();
	return TC_ACT_SHOT;
}

TC_ENTRY_POINTS(ebfilt_tc_in, ebfilt_tc_out, tc_dispatch, false)
TC_ENTRY_POINTS(ebfilt_ip_in, ebfilt_ip_out, tc_dispatch, true)

/* Every name maps.h lists for the dispatcher is declared above. */
#define IN_MAPS_H(name)	(void)&name;
static __always_inline __attribute__((unused)) void maps_h_names_exist(void)
{
	EBFILT_DISPATCH_MAPS(IN_MAPS_H)
	EBFILT_SHARED_MAPS(IN_MAPS_H)
}

char LICENSE[] SEC("license") = "GPL";
