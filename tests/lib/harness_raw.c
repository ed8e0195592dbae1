// SPDX-License-Identifier: GPL-2.0
/*
 * HOOK_RAW_IN (harness.h): frames through the filter's raw-IP program on a
 * real tun device, HARNESS_IFACE_RAW, in the test's namespace. The filter
 * goes on the device's tc ingress at priority 1, tc_count after it at 2: a
 * packet the filter lets go on reaches tc_count, which counts and drops
 * it. A tun device hands a written packet to the stack before write()
 * returns, so the count is read right after.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "harness.h"
#include "tc_count.skel.h"

struct harness_raw {
	int tun_fd, ifindex;
	struct tc_count *count;
};

void harness_raw_close(struct harness *h)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	if (!h->raw)
		return;
	hook.ifindex = h->raw->ifindex;
	bpf_tc_hook_destroy(&hook);	/* the clsact qdisc, and both programs with it */
	tc_count__destroy(h->raw->count);
	if (h->raw->tun_fd >= 0)
		close(h->raw->tun_fd);
	free(h->raw);
	h->raw = NULL;
}

static int attach(int ifindex, int prog_fd, __u32 priority)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = prog_fd, .priority = priority, .handle = 1);
	int err = bpf_tc_hook_create(&hook);

	if (err && err != -EEXIST)
		return err;
	return bpf_tc_attach(&hook, &opts);
}

/* The tun device opened with packet information, so the protocol is ours to set. */
static int raw_open(struct harness *h)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN };
	struct harness_raw *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	h->raw = r;
	r->ifindex = (int)if_nametoindex(HARNESS_IFACE_RAW);
	strcpy(ifr.ifr_name, HARNESS_IFACE_RAW);
	r->tun_fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (r->tun_fd < 0 || !r->ifindex || ioctl(r->tun_fd, TUNSETIFF, &ifr))
		goto fail;
	r->count = tc_count__open_and_load();
	if (!r->count)
		goto fail;
	if (bpf_program__fd(h->skel->progs.filter_ip_in) < 0) {
		errno = ENOEXEC;	/* loaded without raw_ip */
		goto fail;
	}
	err = attach(r->ifindex, bpf_program__fd(h->skel->progs.filter_ip_in), 1);
	if (!err)
		err = attach(r->ifindex, bpf_program__fd(r->count->progs.tc_count), 2);
	if (!err)
		return 0;
	errno = -err;
fail:
	err = -errno;
	harness_raw_close(h);
	return err;
}

int harness_run_raw(struct harness *h, const uint8_t *frame, size_t len)
{
	uint8_t buf[4 + TEST_FRAME_MAX];
	uint64_t before;
	int err;

	if (len < 14 || len - 14 > TEST_FRAME_MAX)
		return -EINVAL;
	if (!h->raw && (err = raw_open(h)))
		return err;
	/* struct tun_pi: flags, then the protocol, an EtherType as on the wire. */
	memset(buf, 0, 2);
	memcpy(buf + 2, frame + 12, 2);
	memcpy(buf + 4, frame + 14, len - 14);
	before = h->raw->count->bss->passed;
	if (write(h->raw->tun_fd, buf, 4 + len - 14) != (ssize_t)(4 + len - 14))
		return -EINVAL;
	return h->raw->count->bss->passed != before;
}
