// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ebfilt_linear.skel.h"
#include "harness.h"
#include "rules/file.h"
#include "util/diag.h"
#include "util/percpu.h"

int harness_netns(void)
{
	static const char setup[] =
		"ip link set lo up && "
		"ip link add in0 type veth peer name in0peer && "
		"ip link add out0 type veth peer name out0peer && "
		"for i in in0 in0peer out0 out0peer; do ip link set $i up || exit 1; done && "
		"ip addr add 192.0.2.1/32 dev in0 && "
		"ip -6 addr add 2001:db8::1/128 dev in0 nodad && "
		"ip route add default dev in0 && ip -6 route add default dev in0 && "
		"ip tuntap add dev raw0 mode tun && ip link set raw0 up && "
		"sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1";

	if (unshare(CLONE_NEWNET))
		return -1;
	return system(setup) == 0 ? 0 : -1;
}

int harness_start(const char *name)
{
	diag_init(name);
	if (harness_netns()) {
		fprintf(stderr, "%s: cannot set up the test network namespace\n", name);
		return -1;
	}
	return 0;
}

static int parse_table(struct rule_table *table, uint8_t version, const char *text)
{
	FILE *in;
	int err;

	rule_table_init(table, version);
	if (!text)
		return 0;
	in = fmemopen((void *)text, strlen(text), "r");
	if (!in)
		return -errno;
	err = rule_file_read(in, "test", version, false, rule_table_append, table);
	fclose(in);
	return err;
}

int harness_load_tables(struct harness *h, const struct rule_table *v4,
			const struct rule_table *v6)
{
	const struct rule_table *tables[2] = { v4, v6 };
	const struct classifier *use[2] = { NULL, NULL };
	/* A small session map unless asked: the differential test loads many tables with S. */
	struct filter_load_opts opts = { .ring_bytes = h->ring_bytes, .raw_ip = h->raw_ip,
					 .tc_in = true, .log_snap = h->log_snap,
					 .session_max = h->session_max ? h->session_max : 1024 };
	struct classifier cls[2];
	int v, err = 0;

	if (h->linear)
		opts.object = ebfilt_linear__elf_bytes(&opts.object_size);
	h->ifindex_in = (int)if_nametoindex(HARNESS_IFACE_IN);
	h->ifindex_out = (int)if_nametoindex(HARNESS_IFACE_OUT);
	for (v = 0; v < 2 && !err; v++) {
		if (!tables[v])
			continue;
		err = classifier_build(&cls[v], tables[v], h->tunnels);
		if (!err)
			use[v] = &cls[v];
	}
	if (!err)
		err = filter_load(&h->skel, NULL, use, &opts);
	for (v = 0; v < 2; v++)
		if (use[v])
			classifier_free(&cls[v]);
	return err;
}

int harness_load(struct harness *h, const char *v4_rules, const char *v6_rules)
{
	int err;

	/* What the caller set up is kept; the rest starts afresh. */
	struct harness keep = { .ring_bytes = h->ring_bytes, .linear = h->linear,
				.tunnels = h->tunnels, .raw_ip = h->raw_ip,
				.log_snap = h->log_snap, .session_max = h->session_max };

	*h = keep;
	err = parse_table(&h->tables[0], 4, v4_rules);
	if (!err)
		err = parse_table(&h->tables[1], 6, v6_rules);
	if (err)
		return err;
	return harness_load_tables(h, v4_rules ? &h->tables[0] : NULL,
				   v6_rules ? &h->tables[1] : NULL);
}

void harness_unload(struct harness *h)
{
	harness_raw_close(h);
	ebfilt__destroy(h->skel);
	rule_table_free(&h->tables[0]);
	rule_table_free(&h->tables[1]);
	h->skel = NULL;
}

int harness_run(struct harness *h, enum harness_hook hook, const uint8_t *frame, size_t len)
{
	struct xdp_md xdp = { .data_end = (__u32)len, .ingress_ifindex = (__u32)h->ifindex_in };
	struct __sk_buff skb = {
		.ifindex = (__u32)(hook == HOOK_TC_OUT ? h->ifindex_out : h->ifindex_in),
	};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (__u32)len,
		    .repeat = 1);
	struct bpf_program *prog;

	if (hook == HOOK_RAW_IN)
		return harness_run_raw(h, frame, len);
	if (hook == HOOK_XDP_IN) {
		prog = h->skel->progs.filter_xdp_in;
		opts.ctx_in = &xdp;
		opts.ctx_size_in = sizeof(xdp);
	} else {
		prog = hook == HOOK_TC_IN ? h->skel->progs.filter_tc_in : h->skel->progs.filter_tc_out;
		opts.ctx_in = &skb;
		opts.ctx_size_in = sizeof(skb);
	}
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return -errno;
	if (hook == HOOK_XDP_IN)
		return opts.retval == XDP_PASS ? 1 : opts.retval == XDP_DROP ? 0 : -EPROTO;
	/* TC_ACT_UNSPEC (no objection) or TC_ACT_OK, and TC_ACT_SHOT */
	return (int)opts.retval == -1 || opts.retval == 0 ? 1 : opts.retval == 2 ? 0 : -EPROTO;
}

int harness_run_packet(struct harness *h, enum harness_hook hook, const struct test_packet *p)
{
	uint8_t frame[TEST_FRAME_MAX];
	size_t len = packet_build(p, frame, sizeof(frame));

	return len ? harness_run(h, hook, frame, len) : -EINVAL;
}

int harness_age_table(struct harness *h, uint8_t version, unsigned int seconds)
{
	int fd = bpf_map__fd(table_map(h->skel, version, TMAP_table));
	struct ebfilt_table head;
	uint32_t zero = 0;

	if (bpf_map_lookup_elem(fd, &zero, &head))
		return -errno;
	head.activated_ns -= (uint64_t)seconds * 1000000000;
	return bpf_map_update_elem(fd, &zero, &head, BPF_ANY) ? -errno : 0;
}

uint64_t harness_rule_packets(struct harness *h, uint8_t version, unsigned long id)
{
	struct ebfilt_rule_count count = { 0 };

	percpu_sum_struct(bpf_map__fd(table_map(h->skel, version, TMAP_rule_counts)),
			  (uint32_t)id, &count);
	return count.packets;
}

struct ebfilt_pkt_exceptions harness_exceptions(struct harness *h)
{
	struct ebfilt_pkt_exceptions exc = { 0 };

	percpu_sum_struct(bpf_map__fd(h->skel->maps.pkt_exceptions), 0, &exc);
	return exc;
}

struct ebfilt_log_totals harness_log_totals(struct harness *h)
{
	struct ebfilt_log_totals totals = { 0 };

	percpu_sum_struct(bpf_map__fd(h->skel->maps.log_totals), 0, &totals);
	return totals;
}
