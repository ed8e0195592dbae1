/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hooks the programs attach to on one interface: XDP (through netlink,
 * so the attachment lives in the kernel whatever happens to the pins) and
 * tc's clsact ingress and egress. Our tc filters are found again by a
 * fixed handle and priority; our XDP program by its name. Another tool's
 * program is never replaced. Functions return 0 or a negative errno.
 */
#ifndef EBFILT_DATAPATH_HOOKS_H
#define EBFILT_DATAPATH_HOOKS_H

#include <stdbool.h>

#include <bpf/libbpf.h>

/*
 * Attach prog_fd at tc ingress or egress, replacing our previous filter.
 * *made_clsact is set when the clsact qdisc had to be created (then ours
 * to remove).
 */
int hook_tc_attach(int ifindex, enum bpf_tc_attach_point where, int prog_fd, bool *made_clsact);
void hook_tc_detach(int ifindex, enum bpf_tc_attach_point where);
void hook_clsact_remove(int ifindex);

/*
 * Attach at XDP, replacing our previous program atomically; -EEXIST or
 * -EBUSY when another tool's program is there.
 */
int hook_xdp_attach(int ifindex, int prog_fd);
/* Detach our XDP program, if it is the one there. */
void hook_xdp_detach(int ifindex);

#endif
