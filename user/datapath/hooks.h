/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hooks the dispatcher's programs attach to on one interface: XDP and
 * tc ingress for inbound traffic, tc egress for outbound. XDP is held by a
 * BPF link, and tc by a tcx link where the kernel has them (Linux 6.6), so
 * another tool cannot replace the filter without detaching it first; the
 * links are pinned under EBFILT_PINDIR/links/, by interface index. On older
 * kernels, or when ebfilt.conf asks for it, tc uses a clsact filter of
 * ours, found again by a fixed handle and priority. A hook another tool
 * holds is never taken over. Functions return 0 or a negative errno
 * without reporting; the caller says which interface failed.
 */
#ifndef EBFILT_DATAPATH_HOOKS_H
#define EBFILT_DATAPATH_HOOKS_H

#include <stdbool.h>
#include <stdint.h>

enum hook_point { HOOK_POINT_XDP, HOOK_POINT_TC_IN, HOOK_POINT_TC_OUT, HOOK_POINTS };

/* How the tc hooks are held. */
enum tc_mode { TC_MODE_TCX, TC_MODE_CLSACT };

/*
 * Attach the program prog_fd (whose ID is prog_id) at a hook of ifindex,
 * or move our attachment there to it. *made_clsact is set when a clsact
 * qdisc had to be created (then ours to remove). -EBUSY when another
 * program holds the hook; -EEXIST when an earlier ebfilt's XDP program
 * holds it without a link (never detached here); -EOPNOTSUPP for
 * TC_MODE_TCX on a kernel without tcx.
 */
int hook_attach(int ifindex, enum hook_point point, enum tc_mode mode, int prog_fd,
		uint32_t prog_id, bool *made_clsact);

/* Detach our program, whatever it is now, from a hook (and a clsact we made). */
void hook_detach(int ifindex, enum hook_point point, enum tc_mode mode, bool made_clsact);

enum hook_state { HOOK_MISSING, HOOK_OURS, HOOK_OTHER };

/*
 * Who holds a hook: ours when the program there is prog_id, another's when
 * some other program holds it where ours should be; *found gets the ID
 * found (0 if none).
 */
enum hook_state hook_query(int ifindex, enum hook_point point, enum tc_mode mode,
			   uint32_t prog_id, uint32_t *found);

/* Remove the directory of the links once none is left in it. */
void hook_links_tidy(void);

/* Whether this kernel attaches tc programs with tcx links. */
bool hook_tcx_supported(void);

#endif
