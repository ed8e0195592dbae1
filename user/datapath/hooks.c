// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath/hooks.h"
#include "datapath/pins.h"
#include "ebfilt/maps.h"

/* Our clsact filters are found again by this handle and priority. */
#define TC_HANDLE	0xeb
#define TC_PRIORITY	0xeb

/*
 * tcx attach types and flag (Linux 6.6; Debian 12's headers predate them,
 * so they are spelt here with their UAPI values).
 */
#define ATTACH_TCX_INGRESS	46
#define ATTACH_TCX_EGRESS	47
#define ATTACH_F_BEFORE		(1U << 3)

static const char *const link_names[HOOK_POINTS] = { "xdp", "tcx_in", "tcx_out" };

static int link_pin(char path[PATH_MAX], int ifindex, enum hook_point point)
{
	return pin_path(path, "links/%s_%d", link_names[point], ifindex);
}

/* The program ID behind a pinned link of ours, or 0 (no pin, or a dead link). */
static uint32_t pinned_link_prog(int ifindex, enum hook_point point, int *link_fd)
{
	struct bpf_link_info info = { 0 };
	__u32 len = sizeof(info);
	char path[PATH_MAX];
	int fd;

	*link_fd = -1;
	if (link_pin(path, ifindex, point))
		return 0;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	/* A link whose interface went away keeps its pin but holds nothing. */
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.prog_id ||
	    (point == HOOK_POINT_XDP && info.xdp.ifindex != (__u32)ifindex)) {
		close(fd);
		unlink(path);
		return 0;
	}
	*link_fd = fd;
	return info.prog_id;
}

static int attach_link(int ifindex, enum hook_point point, int prog_fd, uint32_t prog_id)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	char path[PATH_MAX], dir[PATH_MAX];
	int fd, err, attach_type;
	uint32_t current = pinned_link_prog(ifindex, point, &fd);

	if (fd >= 0) {	/* ours already: move it to this program */
		err = current == prog_id ? 0 : bpf_link_update(fd, prog_fd, NULL) ? -errno : 0;
		close(fd);
		return err;
	}
	if (point == HOOK_POINT_XDP) {
		attach_type = BPF_XDP;
	} else {
		attach_type = point == HOOK_POINT_TC_IN ? ATTACH_TCX_INGRESS : ATTACH_TCX_EGRESS;
		opts.flags = ATTACH_F_BEFORE;	/* first, so no program before it can pass a packet */
	}
	fd = bpf_link_create(prog_fd, ifindex, attach_type, &opts);
	if (fd < 0)
		return -errno == -EINVAL && point != HOOK_POINT_XDP ? -EOPNOTSUPP : -errno;
	err = pin_path(dir, "links");
	if (!err && mkdir(dir, 0700) && errno != EEXIST)
		err = -errno;
	if (!err)
		err = link_pin(path, ifindex, point);
	if (!err && bpf_obj_pin(fd, path))
		err = -errno;
	close(fd);	/* pinned, the link holds the hook; unpinned, it is gone */
	return err;
}

/* The name of program id, or "" (not reported). */
static void prog_name(uint32_t id, char name[BPF_OBJ_NAME_LEN])
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(id);

	name[0] = '\0';
	if (fd < 0)
		return;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		snprintf(name, BPF_OBJ_NAME_LEN, "%s", info.name);
	close(fd);
}

/*
 * What holds XDP of ifindex, when not a link of ours: 0 nothing, -EBUSY
 * another tool's program, -EEXIST one an earlier ebfilt attached through
 * netlink. Either is left alone: detaching it before the activation is
 * sure to succeed could leave the interface with no filter at all.
 */
static int xdp_taken(int ifindex, uint32_t prog_id)
{
	char name[BPF_OBJ_NAME_LEN];
	__u32 id = 0;

	if (bpf_xdp_query_id(ifindex, 0, &id) || !id || id == prog_id)
		return 0;
	prog_name(id, name);
	return strcmp(name, EBFILT_PROG_XDP_IN) ? -EBUSY : -EEXIST;
}

static int tc_attach_clsact(int ifindex, enum hook_point point, int prog_fd, bool *made)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY,
		    .prog_fd = prog_fd, .flags = BPF_TC_F_REPLACE);
	LIBBPF_OPTS(bpf_tc_opts, there, .handle = TC_HANDLE, .priority = TC_PRIORITY);
	char name[BPF_OBJ_NAME_LEN];
	int err;

	/* clsact carries both directions; creating it for ingress creates both. */
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	if (!err)
		*made = true;
	hook.attach_point = point == HOOK_POINT_TC_IN ? BPF_TC_INGRESS : BPF_TC_EGRESS;
	/* Our handle and priority, held by a program that is not ours: never replaced. */
	if (!bpf_tc_query(&hook, &there)) {
		prog_name(there.prog_id, name);
		if (point == HOOK_POINT_TC_IN ? strcmp(name, EBFILT_PROG_TC_IN) &&
						strcmp(name, EBFILT_PROG_IP_IN)
					      : strcmp(name, EBFILT_PROG_TC_OUT) &&
						strcmp(name, EBFILT_PROG_IP_OUT))
			return -EBUSY;
	}
	return bpf_tc_attach(&hook, &opts);
}

int hook_attach(int ifindex, enum hook_point point, enum tc_mode mode, int prog_fd,
		uint32_t prog_id, bool *made_clsact)
{
	int link_fd = -1, err = 0;

	if (point != HOOK_POINT_XDP && mode == TC_MODE_CLSACT)
		return tc_attach_clsact(ifindex, point, prog_fd, made_clsact);
	if (point == HOOK_POINT_XDP && !pinned_link_prog(ifindex, point, &link_fd))
		err = xdp_taken(ifindex, prog_id);
	if (link_fd >= 0)
		close(link_fd);
	return err ? err : attach_link(ifindex, point, prog_fd, prog_id);
}

void hook_detach(int ifindex, enum hook_point point, enum tc_mode mode, bool made_clsact)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);
	char path[PATH_MAX];

	if (point == HOOK_POINT_XDP || mode == TC_MODE_TCX) {
		/* The last reference to the link goes with its pin: it detaches. */
		if (!link_pin(path, ifindex, point))
			unlink(path);
		return;
	}
	hook.attach_point = point == HOOK_POINT_TC_IN ? BPF_TC_INGRESS : BPF_TC_EGRESS;
	bpf_tc_detach(&hook, &opts);
	if (made_clsact && point == HOOK_POINT_TC_OUT) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
}

static bool listed(const __u32 *ids, __u32 count, uint32_t id)
{
	__u32 i;

	for (i = 0; i < count; i++)
		if (ids[i] == id)
			return true;
	return false;
}

enum hook_state hook_query(int ifindex, enum hook_point point, enum tc_mode mode,
			   uint32_t prog_id, uint32_t *found)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);
	__u32 ids[64], count = 64, id = 0;

	*found = 0;
	if (point == HOOK_POINT_XDP) {
		if (bpf_xdp_query_id(ifindex, 0, &id) || !id)
			return HOOK_MISSING;
		*found = id;
		return id == prog_id ? HOOK_OURS : HOOK_OTHER;
	}
	if (mode == TC_MODE_TCX) {
		if (bpf_prog_query(ifindex, point == HOOK_POINT_TC_IN ? ATTACH_TCX_INGRESS
								       : ATTACH_TCX_EGRESS,
				   0, NULL, ids, &count) || !listed(ids, count, prog_id))
			return HOOK_MISSING;
		*found = prog_id;
		return HOOK_OURS;
	}
	hook.attach_point = point == HOOK_POINT_TC_IN ? BPF_TC_INGRESS : BPF_TC_EGRESS;
	if (bpf_tc_query(&hook, &opts))
		return HOOK_MISSING;
	*found = opts.prog_id;
	return opts.prog_id == prog_id ? HOOK_OURS : HOOK_OTHER;
}

void hook_links_tidy(void)
{
	char dir[PATH_MAX];

	if (!pin_path(dir, "links"))
		rmdir(dir);
}

bool hook_tcx_supported(void)
{
	__u32 ids[1], count = 1;

	/* The loopback interface is index 1 in every network namespace. */
	return bpf_prog_query(1, ATTACH_TCX_INGRESS, 0, NULL, ids, &count) == 0;
}
