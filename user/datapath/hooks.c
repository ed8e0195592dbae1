// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/if_link.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath/hooks.h"
#include "ebfilt/maps.h"

/* Our tc filters are found again by this handle and priority. */
#define TC_HANDLE	0xeb
#define TC_PRIORITY	0xeb

int hook_tc_attach(int ifindex, enum bpf_tc_attach_point where, int prog_fd, bool *made_clsact)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY,
		    .prog_fd = prog_fd, .flags = BPF_TC_F_REPLACE);
	int err;

	/* clsact carries both directions; creating it for ingress creates both. */
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	if (!err)
		*made_clsact = true;
	hook.attach_point = where;
	return bpf_tc_attach(&hook, &opts);
}

void hook_tc_detach(int ifindex, enum bpf_tc_attach_point where)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = where);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);

	bpf_tc_detach(&hook, &opts);
}

void hook_clsact_remove(int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	bpf_tc_hook_destroy(&hook);
}

/* The fd of our XDP program on ifindex (by name), or -1 if there is none. */
static int our_xdp_prog(int ifindex)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info), id = 0;
	int fd;

	if (bpf_xdp_query_id(ifindex, 0, &id) || !id)
		return -1;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || strcmp(info.name, EBFILT_PROG_XDP_IN)) {
		close(fd);
		return -1;
	}
	return fd;
}

int hook_xdp_attach(int ifindex, int prog_fd)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = our_xdp_prog(ifindex));
	__u32 flags = opts.old_prog_fd >= 0 ? XDP_FLAGS_REPLACE : XDP_FLAGS_UPDATE_IF_NOEXIST;
	int err = bpf_xdp_attach(ifindex, prog_fd, flags, &opts);

	if (opts.old_prog_fd >= 0)
		close(opts.old_prog_fd);
	return err;
}

void hook_xdp_detach(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = our_xdp_prog(ifindex));

	if (opts.old_prog_fd < 0)
		return;
	bpf_xdp_detach(ifindex, XDP_FLAGS_REPLACE, &opts);
	close(opts.old_prog_fd);
}
