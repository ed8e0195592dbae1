/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the real datapath with BPF_PROG_TEST_RUN (tests only). The test
 * process moves into a network namespace of its own, with two veth pairs
 * (in0, out0), the local addresses 192.0.2.1 and 2001:db8::1 on in0,
 * default routes through in0 and forwarding on, so scope and interface
 * rules have something real to look at. No packet leaves the namespace:
 * test runs never transmit.
 */
#ifndef EBFILT_TEST_HARNESS_H
#define EBFILT_TEST_HARNESS_H

#include "datapath/load.h"
#include "ebfilt/record.h"
#include "packet.h"
#include "rules/table.h"

#define HARNESS_IFACE_IN  "in0"	/* where inbound packets arrive */
#define HARNESS_IFACE_OUT "out0"	/* where outbound packets leave */
#define HARNESS_IFACE_RAW "raw0"	/* a tun device: no Ethernet header */

struct harness {
	struct ebfilt *skel;
	struct rule_table tables[2];	/* [0] IPv4, [1] IPv6 */
	int ifindex_in, ifindex_out;
	uint32_t ring_bytes;		/* log ring size to ask for (0: default) */
	bool linear;			/* load the linear-evaluation build */
	const struct tunnel_map *tunnels;	/* tunnel interfaces (NULL: none) */
	bool raw_ip;			/* load the raw-IP programs too (HOOK_RAW_IN) */
	uint32_t log_snap;		/* payload bytes of -l D records (0: none) */
	uint32_t session_max;		/* session map entries (0: 1024) */
	struct harness_raw *raw;	/* HOOK_RAW_IN's device and programs, once used */
};

/* Enter the private namespace; 0, or -1 if it could not be set up. */
int harness_netns(void);
/* A test binary's start: diag_init(name), then harness_netns(); 0, or -1 said. */
int harness_start(const char *name);

/*
 * Parse the rule-file texts (NULL: inactive), compile and load them. Only
 * h->ring_bytes and h->linear are read from *h; everything else is set.
 */
int harness_load(struct harness *h, const char *v4_rules, const char *v6_rules);
/*
 * Compile and load tables the caller keeps (NULL: inactive); h must be
 * zeroed but for ring_bytes and linear.
 */
int harness_load_tables(struct harness *h, const struct rule_table *v4,
			const struct rule_table *v6);
void harness_unload(struct harness *h);

/*
 * HOOK_RAW_IN: tc ingress of HARNESS_IFACE_RAW, a device without an
 * Ethernet header (needs h->raw_ip). BPF_PROG_TEST_RUN always presents a
 * tc program an Ethernet header, so the frame goes through the real
 * device instead: its Ethernet header is taken off, its EtherType becomes
 * the packet's protocol, and what follows is written into the tun device.
 */
enum harness_hook { HOOK_XDP_IN, HOOK_TC_IN, HOOK_TC_OUT, HOOK_RAW_IN };

/*
 * Run one frame through a hook: 1 passed, 0 dropped, negative on error
 * (-EINVAL: the kernel would not take the frame in).
 */
int harness_run(struct harness *h, enum harness_hook hook, const uint8_t *frame, size_t len);
/* HOOK_RAW_IN's part of harness_run(), and its end (harness_unload() calls it). */
int harness_run_raw(struct harness *h, const uint8_t *frame, size_t len);
void harness_raw_close(struct harness *h);
/* Build and run a test packet. */
int harness_run_packet(struct harness *h, enum harness_hook hook, const struct test_packet *p);

/* Make the loaded table of version look activated seconds ago (its expirations run from then). */
int harness_age_table(struct harness *h, uint8_t version, unsigned int seconds);

/* Packets counted for a rule, and the exception and log counters (summed over CPUs). */
uint64_t harness_rule_packets(struct harness *h, uint8_t version, unsigned long id);
struct ebfilt_pkt_exceptions harness_exceptions(struct harness *h);
struct ebfilt_log_totals harness_log_totals(struct harness *h);

#endif
